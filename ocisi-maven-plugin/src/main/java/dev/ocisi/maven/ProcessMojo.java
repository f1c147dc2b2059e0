package dev.ocisi.maven;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.RefreshPeriod;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageSelector;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.ShardOptions;
import dev.ocisi.core.plan.ShardPlan;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.process.ProcessRunner;
import dev.ocisi.core.report.PlanView;
import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds every enabled image of the hierarchy, parents before children, through the engine each image's manager
 * names. A failed image skips only the images built on it; the goal fails at the end with a summary.
 */
@Mojo(
        name = "process",
        defaultPhase = LifecyclePhase.PACKAGE,
        aggregator = true,
        requiresProject = false,
        threadSafe = true)
public class ProcessMojo extends AbstractPublishingMojo {

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

    /** Builds the images only: the disks of the images whose 'vm' section has 'process: true' are left as they are. */
    @Parameter(property = "ocisi.skipVm", defaultValue = "false")
    boolean skipVm;

    /** How many images build at once; by default one per core. */
    @Parameter(property = "ocisi.parallel")
    Integer parallel;

    /** Pushes every current image to its registry at the end (under its inputs tag and its own tag). */
    @Parameter(property = "ocisi.push", defaultValue = "false")
    boolean push;

    /**
     * Builds again, without the cache for their own steps, the images whose packages were last checked longer ago than
     * this ({@code 12h}, {@code 1d}, {@code 1w}); replaces the hierarchy file's {@code refresh} keys.
     */
    @Parameter(property = "ocisi.refresh")
    String refresh;

    /**
     * Keeps the packages builds download over plain HTTP (.deb, .rpm, .apk) in ocisi's state folder and serves them to
     * later builds, through a proxy given to the RUN steps as {@code http_proxy}.
     */
    @Parameter(property = "ocisi.packageCache", defaultValue = "false")
    boolean packageCache;

    /** Never builds: pulls what the registry has for the images' inputs and fails for what it has not. */
    @Parameter(property = "ocisi.pullOnly", defaultValue = "false")
    boolean pullOnly;

    /**
     * Builds only this runner's share of the plan, {@code K/N} (runner K of N, from 1): every runner computes the same
     * assignment, pushes what it builds, and waits in the registry for the images of other shards it builds on.
     * Needs {@code -Docisi.push} and a registry for every image.
     */
    @Parameter(property = "ocisi.shard")
    String shard;

    /** Seconds a shard waits in the registry for an image another shard builds. */
    @Parameter(property = "ocisi.shardWait", defaultValue = "3600")
    int shardWait;

    /**
     * What the shards of one run share, so that a failure one of them records is told apart from an earlier run's;
     * by default GitHub Actions' run id and attempt, or GitLab's pipeline id.
     */
    @Parameter(property = "ocisi.shardRun")
    String shardRun;

    /**
     * The build times to balance the shards by: the file {@code mvn ocisi:list -Dplan -Docisi.format=json} wrote
     * (every shard must be given the same one); without it, every image weighs the same.
     */
    @Parameter(property = "ocisi.shardDurations")
    File shardDurations;

    /** Seconds to wait for another ocisi run building the same hierarchy. */
    @Parameter(property = "ocisi.lockWait", defaultValue = "1800")
    int lockWait;

    @Override
    void run(Log log) throws OcisiException, MojoExecutionException {
        prune = bareFlag("prune", prune);
        skipClean = bareFlag("skipClean", skipClean);
        HierarchyGraph hierarchy = readHierarchy(log);
        BuildPlan plan = Planner.plan(hierarchy, ImageSelector.split(only));
        EngineSettings settings = engineSettings();
        if (plan.isEmpty()) {
            log.info("Nothing to build: no image of the hierarchy is enabled");
            return;
        }
        boolean batch = session != null && !session.getRequest().isInteractiveMode();
        BuildOptions options = BuildOptions.in(BuildOptions.defaultStateFolder(System.getenv()))
                .pull(pull)
                .noCache(noCache)
                .skipClean(skipClean)
                .prune(prune)
                .batch(batch)
                .lockWait(Duration.ofSeconds(lockWait))
                .parallel(parallel())
                .force(BuildOptions.Force.parse(force, hierarchy))
                .registry(registryOptions(hierarchy).withPush(push).withPullOnly(pullOnly))
                .refresh(refreshPeriod())
                .packageCache(packageCache)
                .shard(shardOptions())
                .build();
        if (pullOnly && (push || force != null || noCache)) {
            throw new ConfigurationException(
                    Location.option("-Docisi.pullOnly"),
                    "-Docisi.pullOnly never builds, "
                            + "so "
                            + (push
                                    ? "-Docisi.push (which publishes what was built)"
                                    : force != null ? "-Docisi.force" : "-Docisi.noCache")
                            + " has nothing to do: give one or the other");
        }
        if (dryRun) {
            PlanView.render(plan, settings, staleness(plan, settings, options, log))
                    .forEach(log::info);
            log.info("Nothing was built (-Docisi.dryRun)");
            return;
        }
        ProcessRunner.builder(settings, options, outputDirectory(), log)
                .assemble(!skipAssemble)
                .distrobox(distrobox)
                .makeDisks(!skipVm)
                .vmRoot(vmRoot())
                .displayBase(workingDirectory())
                .build()
                .run(plan);
    }

    private Optional<ShardOptions> shardOptions() throws ConfigurationException {
        if (shard == null || shard.isBlank()) {
            return Optional.empty();
        }
        String run = shardRun != null && !shardRun.isBlank()
                ? shardRun
                : ShardOptions.ciRun(System.getenv()).orElse("");
        ShardOptions parsed = ShardOptions.parse(shard, Duration.ofSeconds(shardWait), run, Map.of());
        if (!push || pullOnly) {
            throw new ConfigurationException(
                    Location.option("-Docisi.shard"),
                    "the shards meet in the registry: " + "give -Docisi.push"
                            + (pullOnly ? ", not -Docisi.pullOnly" : ""));
        }
        Map<ImageName, Duration> weights = shardDurations == null
                ? Map.of()
                : ShardPlan.durations(shardDurations.toPath(), "-Docisi.shardDurations");
        return Optional.of(new ShardOptions(parsed.index(), parsed.count(), parsed.patience(), run, weights));
    }

    private Optional<Duration> refreshPeriod() throws ConfigurationException {
        if (refresh == null || refresh.isBlank()) {
            return Optional.empty();
        }
        Optional<String> problem = RefreshPeriod.problem(refresh);
        if (problem.isPresent()) {
            throw new ConfigurationException(Location.option("-Docisi.refresh"), problem.get());
        }
        return Optional.of(RefreshPeriod.parse(refresh));
    }

    private int parallel() throws ConfigurationException {
        if (parallel == null) {
            return BuildOptions.defaultParallel();
        }
        if (parallel < 1) {
            throw new ConfigurationException(
                    Location.option("-Docisi.parallel"),
                    "'" + parallel + "' is no number of builds at once: give 1 or more");
        }
        return parallel;
    }

    @Override
    boolean pushes() {
        return push;
    }
}
