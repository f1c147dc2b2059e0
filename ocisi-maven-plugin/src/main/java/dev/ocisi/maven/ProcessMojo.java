package dev.ocisi.maven;

import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.run.BuildReport;
import dev.ocisi.core.run.HierarchyBuilder;
import dev.ocisi.core.run.ImageResult;
import dev.ocisi.core.run.ImagesFailedException;
import dev.ocisi.core.run.JUnitReport;
import dev.ocisi.core.run.PlanView;
import dev.ocisi.core.run.RunHistory;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.doctor.Doctor;
import dev.ocisi.core.doctor.Finding;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageSelector;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.vm.VmImages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds every enabled image of the hierarchy, parents before children, through the engine each image's manager
 * names. A failed image skips only the images built on it; the goal fails at the end with a summary.
 */
@Mojo(name = "process", aggregator = true, requiresProject = false, threadSafe = true)
public class ProcessMojo extends AbstractOcisiMojo {

    /** Only these images (name or name:tag, comma-separated) and the images they need. */
    @Parameter(property = "ocisi.only")
    String only;

    /** Shows the plan (what would be built, in which order, with which engine) and builds nothing. */
    @Parameter(property = "ocisi.dryRun", defaultValue = "false")
    boolean dryRun;

    /** Refreshes external base images from their registries before building. */
    @Parameter(property = "ocisi.pull", defaultValue = "false")
    boolean pull;

    /** Builds every step anew, without the engines' layer cache. */
    @Parameter(property = "ocisi.noCache", defaultValue = "false")
    boolean noCache;

    /** Also removes every untagged image ocisi built earlier for this hierarchy (never anything else). */
    @Parameter(property = "prune", defaultValue = "false")
    boolean prune;

    /** Keeps the previous images whose tags this run moved to new builds. */
    @Parameter(property = "skipClean", defaultValue = "false")
    boolean skipClean;

    /** Builds even what is up to date: {@code -Docisi.force} for every image, {@code -Docisi.force=a,b:1} for some. */
    @Parameter(property = "ocisi.force")
    String force;

    /** Builds the images only: the boxes of the images to assemble are left as they are. */
    @Parameter(property = "ocisi.skipAssemble", defaultValue = "false")
    boolean skipAssemble;

    /** How many images build at once; by default one per core. */
    /** Builds the images only: the disks of the images whose 'vm' section has 'process: true' are left as they are. */
    @Parameter(property = "ocisi.skipVm", defaultValue = "false")
    boolean skipVm;

    @Parameter(property = "ocisi.parallel")
    Integer parallel;

    /** Seconds to wait for another ocisi run building the same hierarchy. */
    @Parameter(property = "ocisi.lockWait", defaultValue = "1800")
    int lockWait;

    @Override
    void run(Log log) throws OcisiException {
        HierarchyGraph hierarchy = readHierarchy(log);
        BuildPlan plan = Planner.plan(hierarchy, ImageSelector.split(only));
        EngineSettings settings = engineSettings();
        if (plan.isEmpty()) {
            log.info("Nothing to build: no image of the hierarchy is enabled");
            return;
        }
        boolean batch = session != null && !session.getRequest().isInteractiveMode();
        BuildOptions options = new BuildOptions(pull, noCache, skipClean, prune, batch,
                BuildOptions.defaultStateFolder(System.getenv()), Duration.ofSeconds(lockWait), parallel(),
                BuildOptions.Force.parse(force, hierarchy));
        if (dryRun) {
            PlanView.render(plan, settings, staleness(plan, settings, options, log)).forEach(log::info);
            log.info("Nothing was built (-Docisi.dryRun)");
            return;
        }
        preflight(hierarchy, settings);
        Instant start = Instant.now();
        RunHistory history = new RunHistory(options.stateFolder(), hierarchyFiles());
        BuildReport report;
        try (Engines engines = new Engines(settings, System.getenv(), log)) {
            report = new HierarchyBuilder(engines, options, RunUser.current(), log, history).build(plan,
                    hierarchyFiles());
            if (!skipAssemble) {
                log.info("");
                assembleBoxes(hierarchy, engines, report.results().stream().filter(r -> !r.usable())
                        .map(ImageResult::image).collect(java.util.stream.Collectors.toSet()), log);
            }
            List<ImageSpec> vms = VmImages.all(hierarchy).stream().filter(s -> s.vm().get().withProcess())
                    .filter(s -> report.results().stream().anyMatch(r -> r.image().equals(s.id()) && r.usable()))
                    .toList();
            if (!skipVm && !vms.isEmpty()) {
                log.info("");
                makeDisks(vms, engines, log);
            }
        } catch (IOException e) {
            throw new EngineException("cannot write the boxes' distrobox.ini or a VM disk: " + e.getMessage(), e);
        }
        Path junit = outputDirectory().resolve("process-report.xml");
        try {
            JUnitReport.write(report, start, junit);
        } catch (IOException e) {
            throw new EngineException("cannot write the JUnit report: " + e.getMessage(), e);
        }
        log.info("");
        log.info(report.summary());
        report.table().forEach(report.failed().isEmpty() ? log::info : log::error);
        log.info("Run " + history.current().map(RunHistory.RunRecord::id).orElse("") + " took "
                + String.format(Locale.ROOT, "%.2f s", Duration.between(start, Instant.now()).toMillis() / 1000.0)
                + "; JUnit report: " + Location.display(workingDirectory(), junit));
        if (!report.failed().isEmpty()) {
            throw new ImagesFailedException(report);
        }
    }

    /**
     * The doctor's checks of the engines this run uses, first: a machine that cannot run a container fails here with
     * the fix, not at the first RUN step of the first build.
     */
    private void preflight(HierarchyGraph hierarchy, EngineSettings settings) throws EngineException {
        List<Manager> managers = hierarchy.enabledImages().stream()
                .map(n -> n.spec().manager()).distinct().sorted().toList();
        Doctor doctor = new Doctor(settings, System.getenv(),
                new CommandRunner(ProcessBuilder::new));
        List<Finding> findings = new ArrayList<>(doctor.engines(managers));
        if (hierarchy.enabledImages().stream().anyMatch(n -> n.spec().isDebootstrap())) {
            findings.add(doctor.debootstrap(Doctor.isRoot()));
        }
        List<Finding> problems = findings.stream()
                .filter(f -> f.status() == Finding.Status.PROBLEM).toList();
        if (!problems.isEmpty()) {
            throw new EngineException("this machine cannot build (mvn ocisi:doctor checks it all):\n"
                    + String.join("\n", problems.stream().map(Finding::describe).toList()));
        }
    }

    private int parallel() throws ConfigurationException {
        if (parallel == null) {
            return BuildOptions.defaultParallel();
        }
        if (parallel < 1) {
            throw new ConfigurationException(Location.option("-Docisi.parallel"), "'" + parallel
                    + "' is no number of builds at once: give 1 or more");
        }
        return parallel;
    }
}
