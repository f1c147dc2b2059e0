package dev.ocisi.core.process;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.devcontainer.Consumers;
import dev.ocisi.core.devcontainer.DevcontainerFile;
import dev.ocisi.core.distrobox.BoxAssembler;
import dev.ocisi.core.distrobox.BoxResult;
import dev.ocisi.core.distrobox.DistroboxCli;
import dev.ocisi.core.doctor.Doctor;
import dev.ocisi.core.doctor.Finding;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.report.JUnitReport;
import dev.ocisi.core.report.ReportMaker;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import dev.ocisi.core.result.ImagesFailedException;
import dev.ocisi.core.run.MachineCannotBuildException;
import dev.ocisi.core.run.Scheduler;
import dev.ocisi.core.run.StoreCopies;
import dev.ocisi.core.sbom.Sbom;
import dev.ocisi.core.sbom.Sboms;
import dev.ocisi.core.vm.BootOptions;
import dev.ocisi.core.vm.DiskMaker;
import dev.ocisi.core.vm.GuestCommandFailedException;
import dev.ocisi.core.vm.GuestRun;
import dev.ocisi.core.vm.SmokeTests;
import dev.ocisi.core.vm.VmBooter;
import dev.ocisi.core.vm.VmDisk;
import dev.ocisi.core.vm.VmImages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * {@code process}, whole: the machine checked for what the hierarchy needs, the plan built, the boxes of the leaves
 * assembled, the disks of the VM images made, the JUnit report written and the summary logged. A front end (the
 * Maven plugin) builds one with {@link #builder} from its parameters and calls {@link #run}; nothing of the pipeline
 * lives there.
 */
public final class ProcessRunner {

    /** What a process run did. */
    public record Report(
            BuildReport build,
            List<BoxResult> boxes,
            List<VmDisk> disks,
            List<SmokeTests.Result> smokes,
            Path junitReport,
            Path page,
            String runId,
            Duration took) {

        public Report {
            boxes = List.copyOf(boxes);
            disks = List.copyOf(disks);
            smokes = List.copyOf(smokes);
        }
    }

    private final EngineSettings engineSettings;
    private final BuildOptions options;
    private final Map<String, String> environment;
    private final RunUser user;
    private final boolean assemble;
    private final String distrobox;
    private final String home;
    private final boolean makeDisks;
    private final Path vmRoot;
    private final Path outputFolder;
    private final Path displayBase;
    private final Log log;

    private ProcessRunner(Builder builder) {
        this.engineSettings = Objects.requireNonNull(builder.engineSettings, "engineSettings");
        this.options = Objects.requireNonNull(builder.options, "options");
        this.environment = Map.copyOf(builder.environment);
        this.user = builder.user;
        this.assemble = builder.assemble;
        this.distrobox = builder.distrobox;
        this.home = builder.home;
        this.makeDisks = builder.makeDisks;
        this.vmRoot =
                builder.vmRoot != null ? builder.vmRoot : options.stateFolder().resolve("vm");
        this.outputFolder = Objects.requireNonNull(builder.outputFolder, "outputFolder");
        this.displayBase = builder.displayBase;
        this.log = Objects.requireNonNull(builder.log, "log");
    }

    public static Builder builder(EngineSettings engines, BuildOptions options, Path outputFolder, Log log) {
        return new Builder(engines, options, outputFolder, log);
    }

    /** The settings beyond the required ones, each with the default a user at a terminal has. */
    public static final class Builder {
        private final EngineSettings engineSettings;
        private final BuildOptions options;
        private final Path outputFolder;
        private final Log log;
        private Map<String, String> environment = System.getenv();
        private RunUser user = RunUser.current();
        private boolean assemble = true;
        private String distrobox = "distrobox";
        private String home = System.getProperty("user.home");
        private boolean makeDisks = true;
        private Path vmRoot;
        private Path displayBase = Path.of("").toAbsolutePath();

        private Builder(EngineSettings engineSettings, BuildOptions options, Path outputFolder, Log log) {
            this.engineSettings = engineSettings;
            this.options = options;
            this.outputFolder = outputFolder;
            this.log = log;
        }

        public Builder environment(Map<String, String> value) {
            environment = value;
            return this;
        }

        public Builder user(RunUser value) {
            user = value;
            return this;
        }

        /** Whether the boxes of the images to assemble are assembled after building (default: yes). */
        public Builder assemble(boolean value) {
            assemble = value;
            return this;
        }

        /** The distrobox command (default: distrobox on PATH). */
        public Builder distrobox(String value) {
            distrobox = value;
            return this;
        }

        /** The home folder ~ stands for in box settings (default: the user's). */
        public Builder home(String value) {
            home = value;
            return this;
        }

        /** Whether the disks of the images whose vm says process: true are made (default: yes). */
        public Builder makeDisks(boolean value) {
            makeDisks = value;
            return this;
        }

        /** Where VM disks are kept (default: the state folder's vm). */
        public Builder vmRoot(Path value) {
            vmRoot = value;
            return this;
        }

        /** Files in messages are shown relative to it (default: the current folder). */
        public Builder displayBase(Path value) {
            displayBase = value;
            return this;
        }

        public ProcessRunner build() {
            return new ProcessRunner(this);
        }
    }

    /**
     * @throws ImagesFailedException when an image failed (after everything else was done)
     */
    public Report run(BuildPlan plan) throws OcisiException {
        HierarchyGraph hierarchy = plan.graph();
        preflight(hierarchy);
        Instant start = Instant.now();
        RunHistory history = new RunHistory(options.stateFolder(), hierarchy.files());
        BuildReport report;
        List<BoxResult> boxes = List.of();
        SmokeTests.Outcome vmOutcome = new SmokeTests.Outcome(List.of(), List.of());
        Path page;
        try (Engines engines = new Engines(engineSettings, environment, log)) {
            boolean assemble = this.assemble;
            Optional<String> notHere = assemble ? BoxAssembler.whyNotHere(hierarchy, engines) : Optional.empty();
            if (notHere.isPresent()) {
                // said before anything is built, so that nobody waits for the builds to learn it
                log.warn("The boxes will not be assembled: " + notHere.get());
                assemble = false;
            }
            report = new Scheduler(engines, options, user, log, history)
                    .beforeFirstBuild(() -> checkContainers(hierarchy))
                    .build(plan);
            if (assemble) {
                log.info("");
                Set<ImageName> unusable = report.results().stream()
                        .filter(r -> !r.usable())
                        .map(ImageResult::image)
                        .collect(Collectors.toSet());
                boxes = new BoxAssembler(engines, DistroboxCli.onPath(distrobox), log)
                        .assembleAndReport(
                                hierarchy,
                                new BoxAssembler.Options(outputFolder.resolve("distrobox.ini"), home, unusable));
            }
            List<ImageSpec> usable = hierarchy.enabledImages().stream()
                    .map(ImageNode::spec)
                    .filter(s ->
                            report.results().stream().anyMatch(r -> r.image().equals(s.id()) && r.usable()))
                    .toList();
            if (usable.stream().anyMatch(s -> !s.copies().isEmpty())) {
                log.info("");
                StoreCopies.keep(usable, engines, log);
            }
            writeDevcontainerFiles(hierarchy, report);
            writeSboms(hierarchy, report, engines);
            List<Consumers.Consumer> consumers = Consumers.read(hierarchy, engines);
            if (!consumers.isEmpty()) {
                log.info("");
                Consumers.log(consumers, log);
            }
            List<ImageSpec> vms = VmImages.all(hierarchy).stream()
                    .filter(s -> s.vm().get().withProcess())
                    .filter(s ->
                            report.results().stream().anyMatch(r -> r.image().equals(s.id()) && r.usable()))
                    .toList();
            if (makeDisks && !vms.isEmpty()) {
                log.info("");
                CommandRunner runner = runner();
                vmOutcome = new SmokeTests(
                                new DiskMaker(engines, runner, !user.uid().equals("0"), vmRoot, log),
                                new VmBooter(runner, log),
                                new BootOptions(
                                        Optional.empty(),
                                        BootOptions.DiskMode.SNAPSHOT,
                                        true,
                                        BootOptions.KVM_WAIT,
                                        vmRoot),
                                log)
                        .makeAll(vms);
            }
            page = ReportMaker.write(
                    ReportMaker.afterRun(hierarchy, report, engines, history, options.stateFolder(), log),
                    outputFolder,
                    log);
        } catch (IOException e) {
            throw new StateException(
                    "cannot write the boxes' distrobox.ini, a VM disk or the report: " + e.getMessage(), e);
        }
        Path junit = outputFolder.resolve("process-report.xml");
        try {
            JUnitReport.write(
                    report,
                    vmOutcome.smokes().stream().map(ProcessRunner::testCase).toList(),
                    start,
                    junit);
        } catch (IOException e) {
            throw new StateException("cannot write the JUnit report: " + e.getMessage(), e);
        }
        Duration took = Duration.between(start, Instant.now());
        String runId = history.current().map(RunHistory.RunRecord::id).orElse("");
        log.info("");
        List<SmokeTests.Result> smokes = vmOutcome.smokes();
        List<SmokeTests.Result> failedSmokes = vmOutcome.failed();
        log.info(report.summary()
                + (smokes.isEmpty()
                        ? ""
                        : "; smoke tests: " + (smokes.size() - failedSmokes.size())
                                + " passed, " + failedSmokes.size() + " failed"
                                + (failedSmokes.isEmpty()
                                        ? ""
                                        : " ("
                                                + String.join(
                                                        ", ",
                                                        failedSmokes.stream()
                                                                .map(SmokeTests.Result::image)
                                                                .toList())
                                                + ": image kept, previous disk current)")));
        report.refreshLine().ifPresent(log::info);
        report.table().forEach(report.failed().isEmpty() ? log::info : log::error);
        report.pushTable().forEach(report.failedPushes().isEmpty() ? log::info : log::error);
        log.info("Run " + runId + " took " + TextTable.seconds(took)
                + "; JUnit report: " + Location.display(displayBase, junit) + "; report: "
                + Location.display(displayBase, page));
        if (!report.failed().isEmpty()) {
            throw new ImagesFailedException(report);
        }
        report.checkPushes();
        if (!failedSmokes.isEmpty()) {
            throw new GuestCommandFailedException(failedSmokes.size() + " of " + smokes.size() + " smoke tests "
                    + "failed; each image is kept and its previous disk stays current:\n"
                    + String.join(
                            "\n",
                            failedSmokes.stream()
                                    .map(f -> f.image() + ": " + f.detail())
                                    .toList()));
        }
        return new Report(report, boxes, vmOutcome.disks(), smokes, junit, page, runId, took);
    }

    /**
     * A devcontainer.json per dev container image that is usable now, under target/ocisi/devcontainer: a project
     * copies it, or the devcontainers CLI takes it as it is ({@code --config}).
     */
    private void writeDevcontainerFiles(HierarchyGraph hierarchy, BuildReport report) throws StateException {
        List<ImageSpec> images = DevcontainerFile.IMAGES.all(hierarchy).stream()
                .filter(s -> report.results().stream().anyMatch(r -> r.image().equals(s.id()) && r.usable()))
                .toList();
        if (images.isEmpty()) {
            return;
        }
        List<Path> files = DevcontainerFile.output(outputFolder.resolve("devcontainer"), images);
        log.info("");
        log.info("Dev containers: "
                + String.join(
                        ", ",
                        files.stream()
                                .map(f -> Location.display(displayBase, f))
                                .toList())
                + " (copy one to a project's .devcontainer/, or give it to the CLI: devcontainer up "
                + "--workspace-folder <project> --config <file>)");
    }

    /**
     * The bill of materials of each image usable now, under target/ocisi/sbom: made once per image (kept by id in the
     * state folder), so that a run that built nothing reads them back.
     */
    private void writeSboms(HierarchyGraph hierarchy, BuildReport report, Engines engines)
            throws StateException, EngineException {
        Sboms sboms = new Sboms(hierarchy, engines, options.stateFolder());
        List<ImageResult> usable = report.results().stream()
                .filter(r -> r.usable() && r.imageId().isPresent())
                .toList();
        // made on the run's threads, each through a container of its own: seconds per new image, none for one made
        // before (kept by id)
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.parallel(), usable.size())));
        List<Future<Optional<Sbom>>> making = new ArrayList<>();
        for (ImageResult result : usable) {
            making.add(pool.submit(() -> sboms.of(
                    hierarchy.node(result.image()).spec(), result.imageId().orElseThrow())));
        }
        pool.shutdown();
        List<Sbom> made = new ArrayList<>();
        try {
            for (int i = 0; i < making.size(); i++) {
                try {
                    making.get(i).get().ifPresent(made::add);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof EngineException engine)) {
                        pool.shutdownNow();
                        throw new IllegalStateException(e.getCause());
                    }
                    // the image is built and tagged: a document that could not be read out of it this time is
                    // said, and the next run makes it (documents are kept by image id), rather than failing a run
                    // whose every image is there
                    log.warn("No bill of materials for " + usable.get(i).image() + " this time: " + engine.getMessage()
                            + "; the next run makes it");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new EngineException("interrupted while making the bills of materials", e);
        }
        if (made.isEmpty()) {
            return;
        }
        Path folder = outputFolder.resolve("sbom");
        List<Sboms.Written> written = Sboms.write(folder, made);
        log.info("");
        log.info("Bills of materials (SPDX 2.3) in " + Location.display(displayBase, folder) + ": "
                + String.join(
                        "; ",
                        made.stream().map(b -> b.image() + " " + b.describe()).toList()));
        for (Sboms.Written file : written) {
            if (file.replaced()) {
                Sboms.changes(folder, file.sbom().image())
                        .ifPresent(changes -> log.info("Packages of "
                                + file.sbom().image() + " against the image it replaced: " + changes.describe()));
            }
        }
    }

    /** A smoke test as the JUnit report's test case: the command's time, its exit status, its last lines. */
    private static JUnitReport.TestCase testCase(SmokeTests.Result smoke) {
        String status = smoke.run().map(GuestRun::describeStatus).orElse("did not run to its end");
        return new JUnitReport.TestCase(
                "ocisi.smoke",
                smoke.image(),
                smoke.time(),
                smoke.passed() ? Optional.empty() : Optional.of(status),
                "SmokeTestFailed",
                smoke.passed() ? status + "\n" + smoke.detail() : smoke.detail());
    }

    /**
     * Before the first build: that podman runs a container here, as every RUN step does. Not before a run that builds
     * nothing (up to date, or pulled from a registry), which would only pay for it.
     */
    private void checkContainers(HierarchyGraph hierarchy) throws MachineCannotBuildException {
        boolean podmanCli = engineSettings.podmanAccess() == EngineSettings.PodmanAccess.CLI
                && hierarchy.enabledImages().stream().anyMatch(n -> n.spec().manager() == Manager.PODMAN);
        if (!podmanCli) {
            return;
        }
        Finding finding = new Doctor(engineSettings, environment, runner()).podmanContainer();
        if (finding.status() == Finding.Status.PROBLEM) {
            throw cannotBuild(List.of(finding));
        }
    }

    /** One message for what stops every build here, whichever check found it. */
    private static MachineCannotBuildException cannotBuild(List<Finding> problems) {
        return new MachineCannotBuildException("this machine cannot build (mvn ocisi:doctor checks it all):\n"
                + String.join("\n", problems.stream().map(Finding::describe).toList()));
    }

    /** Programs run with the environment this run was given. */
    private CommandRunner runner() {
        return new CommandRunner(command -> {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            return builder;
        });
    }

    /**
     * The doctor's checks of the engines this run uses, first: a machine that cannot run a container fails here with
     * the fix, not at the first RUN step of the first build.
     */
    private void preflight(HierarchyGraph hierarchy) throws EngineException {
        List<Manager> managers = hierarchy.enabledImages().stream()
                .map(n -> n.spec().manager())
                .distinct()
                .sorted()
                .toList();
        Doctor doctor = new Doctor(engineSettings, environment, runner());
        boolean platformsNamed =
                hierarchy.enabledImages().stream().anyMatch(n -> n.spec().hasPlatforms());
        List<Finding> findings = new ArrayList<>(doctor.engines(managers, false, platformsNamed));
        if (managers.contains(Manager.PODMAN)) {
            // said at the start, not at the first RUN step in podman's words
            findings.addAll(doctor.rootless());
        }
        if (hierarchy.enabledImages().stream().anyMatch(n -> n.spec().isDebootstrap())) {
            findings.add(doctor.debootstrap(Doctor.isRoot()));
        }
        // an image of another platform runs its RUN steps under emulation: said now, not as "Exec format error"; an
        // engine on another machine emulates with that machine's handlers, which cannot be read from here
        if (!engineSettings.podmanElsewhere()) {
            findings.addAll(doctor.emulation(hierarchy.enabledImages().stream()
                    .filter(n -> !n.spec().isRootfs())
                    .map(n -> n.spec().platform())
                    .distinct()
                    .toList()));
        }
        List<Finding> problems = findings.stream()
                .filter(f -> f.status() == Finding.Status.PROBLEM)
                .toList();
        if (!problems.isEmpty()) {
            throw cannotBuild(problems);
        }
    }
}
