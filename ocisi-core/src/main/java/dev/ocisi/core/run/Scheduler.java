package dev.ocisi.core.run;

import dev.ocisi.core.bases.BaseLocks;
import dev.ocisi.core.bases.ExternalBases;
import dev.ocisi.core.clean.SupersededImages;
import dev.ocisi.core.config.BaseLock;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.decision.CurrentImages;
import dev.ocisi.core.decision.PackageSets;
import dev.ocisi.core.decision.StoreFacts;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.graph.Dependency;
import dev.ocisi.core.graph.PlatformContainerfile;
import dev.ocisi.core.history.BuildInFlight;
import dev.ocisi.core.history.RunListener;
import dev.ocisi.core.history.RunLock;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.InputsStore;
import dev.ocisi.core.plan.RefreshRecords;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Problem;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.publish.Publisher;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RegistryException;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import dev.ocisi.core.rootfs.RootfsImport;
import dev.ocisi.core.rootfs.TarballPins;
import dev.ocisi.core.sbom.Sboms;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a build plan. External bases are checked first; the images' current tags are read with one listing call per
 * engine. Each image starts as soon as the images it needs are done, on a pool of {@code parallel} threads, and is
 * built only when its inputs changed. A failure skips only the images that need the failed one. At the end, the images
 * whose tags moved are removed when nothing uses them (unless {@code skipClean}), and with {@code prune} every
 * untagged image ocisi built for the hierarchy.
 */
public final class Scheduler {

    private final Engines engines;
    private final BuildOptions options;
    private final RunUser user;
    private final Log log;
    private final RunListener listener;
    private final InputsStore store;
    private final RootfsImport rootfs;
    private final Registries registries;
    private final HeldLayers held = new HeldLayers();
    private final PackageSets packages;
    private final RefreshRecords refreshes;
    private Clock clock = Clock.systemUTC();
    private volatile PackageProxy packageProxy;
    private static final int PULLS_BESIDE_BUILDS = 4;
    /** -Docisi.parallel: how many builds run at once; pulls from a registry run beside them. */
    private final Semaphore buildSlots;
    /** Every build this run started, and how they are stopped. */
    private final RunningBuilds running;
    /** With -Docisi.shard: who builds what. */
    private Shards shards;

    public Scheduler(Engines engines, BuildOptions options, RunUser user, Log log) {
        this(engines, options, user, log, RunListener.NONE);
    }

    public Scheduler(Engines engines, BuildOptions options, RunUser user, Log log, RunListener listener) {
        this.rootfs = new RootfsImport(
                new CommandRunner(ProcessBuilder::new),
                log,
                options.stateFolder().resolve("rootfs"),
                Path.of("/etc/apt"));
        this.engines = engines;
        this.options = options;
        this.user = user;
        this.log = log;
        this.listener = listener;
        this.store = new InputsStore(options.stateFolder());
        this.registries = Registries.of(options.registry(), engines.environment(), log);
        this.buildSlots = new Semaphore(Math.max(1, options.parallel()));
        this.packages = new PackageSets(options.stateFolder());
        this.refreshes = new RefreshRecords(options.stateFolder());
        this.running = new RunningBuilds(engines, log);
    }

    /** A check the first Containerfile build of a run waits for: that the machine can run a build's containers. */
    @FunctionalInterface
    public interface FirstBuildCheck {
        FirstBuildCheck NONE = () -> {};

        /** @throws MachineCannotBuildException when no build can work here, with the fix */
        void check() throws MachineCannotBuildException;
    }

    private FirstBuildCheck firstBuildCheck = FirstBuildCheck.NONE;
    private boolean firstBuildChecked;
    private MachineCannotBuildException cannotBuild;

    /**
     * With {@code packageCache}, the proxy that keeps the packages builds download, in a folder per hierarchy; without
     * an address builds can reach, a warning and no cache.
     */
    private PackageProxy startPackageProxy(List<Path> hierarchyFiles, List<Manager> managers) {
        if (!options.packageCache()) {
            return null;
        }
        try {
            PackageProxy proxy = PackageProxy.start(
                    options.stateFolder().resolve("package-cache").resolve(RunLock.key(hierarchyFiles)));
            log.info("Package cache for this run's builds: " + proxy.url() + " (plain HTTP downloads of packages)");
            for (Manager manager : managers) {
                Optional<String> remote = remoteAddress(manager);
                remote.ifPresent(address -> log.warn("The package cache runs on this machine, at " + proxy.url()
                        + ": the builds of the " + manager + " engine at " + address + " must reach that address, "
                        + "or their downloads fail"));
            }
            return proxy;
        } catch (IOException e) {
            log.warn("No package cache for this run (" + e.getMessage() + "); builds download as they would");
            return null;
        }
    }

    private Optional<String> remoteAddress(Manager manager) {
        try {
            return engines.remoteAddress(manager);
        } catch (EngineException e) {
            return Optional.empty(); // no such engine here: then no build of it either
        }
    }

    /** The clock refresh periods are measured by (a test moves it on instead of waiting days). */
    Scheduler clock(Clock value) {
        this.clock = value;
        return this;
    }

    /** How a build of another process is found, whose working containers an interrupted run leaves alone. */
    Scheduler otherBuild(Supplier<Optional<ProcessHandle>> finder) {
        running.otherBuild(finder);
        return this;
    }

    /**
     * Runs the check before the run's first Containerfile build, and only then: a run that builds nothing (every
     * image up to date, or pulled) does not pay for it.
     */
    public Scheduler beforeFirstBuild(FirstBuildCheck check) {
        this.firstBuildCheck = check;
        return this;
    }

    private synchronized void checkBeforeFirstBuild() throws MachineCannotBuildException {
        if (!firstBuildChecked) {
            firstBuildChecked = true;
            try {
                firstBuildCheck.check();
            } catch (MachineCannotBuildException e) {
                cannotBuild = e;
            }
        }
        if (cannotBuild != null) {
            throw cannotBuild;
        }
    }

    private Publisher publisher(BuildPlan plan) {
        return new Publisher(engines, registries, new Sboms(plan.graph(), engines, options.stateFolder()), log);
    }

    /**
     * @throws ConfigurationException when a tarball is not the one its item pins (checked before anything is built)
     * @throws RegistryException       when a registry that a push or {@code -Docisi.pullOnly} needs cannot be used
     *                                 (checked before anything is built)
     */
    // the resource is held, not used: closing it at the end of the block is the point
    @SuppressWarnings("try")
    public BuildReport build(BuildPlan plan)
            throws EngineException, ConfigurationException, StateException, RegistryException {
        List<Path> hierarchyFiles = plan.graph().files();
        TarballPins.verify(plan);
        Map<Path, BaseLock> locks = BaseLocks.read(hierarchyFiles);
        try (RunLock lock = RunLock.acquire(options.stateFolder(), hierarchyFiles, options.lockWait(), log)) {
            // the history and the lock agree on which hierarchy this is
            listener.started(plan);
            Map<ImageName, ImageResult> results;
            SupersededImages superseded = new SupersededImages();
            Thread onSignal = new Thread(
                    () -> {
                        running.stopOnSignal();
                        listener.aborted("stopped by a signal (Ctrl-C, or a job's cancel)", true);
                    },
                    "ocisi-stop");
            Runtime.getRuntime().addShutdownHook(onSignal);
            try {
                if (options.registry().push() || options.registry().pullOnly()) {
                    // a registry this run needs is checked before anything is built
                    registries.checkAll(
                            plan.images().stream().map(p -> p.node().spec()).toList());
                }
                shards = options.shard().isPresent()
                        ? Shards.assign(plan, options, options.shard().get(), registries, publisher(plan), log)
                        : null;
                Map<String, ExternalBases.Base> externals =
                        ExternalBases.ensure(plan, engines, locks, options.pull(), registries, log);
                CurrentImages current = CurrentImages.read(plan, engines);
                packageProxy = startPackageProxy(
                        hierarchyFiles,
                        plan.images().stream()
                                .map(p -> p.node().spec().manager())
                                .distinct()
                                .toList());
                results = schedule(plan, externals, current, superseded);
            } catch (EngineException | RegistryException | RuntimeException e) {
                listener.aborted(e.getMessage(), Thread.currentThread().isInterrupted() || running.stoppedBySignal());
                throw e;
            } finally {
                if (packageProxy != null) {
                    packageProxy.report(log);
                    packageProxy.close();
                    packageProxy = null;
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException e) {
                    // the JVM is stopping: the hook runs
                }
            }
            BuildReport report = new BuildReport(
                    plan.images().stream().map(p -> results.get(p.id())).toList());
            if (shards != null) {
                // each of this shard's images was pushed as soon as it was built, for the shards waiting for it
                report = report.withPushes(shards.pushes(plan));
            } else if (options.registry().push()) {
                report = report.withPushes(publisher(plan)
                        .push(plan.images().stream()
                                .map(p -> results.get(p.id()))
                                .filter(ImageResult::usable)
                                .map(r -> new Publisher.Publishable(
                                        plan.graph().node(r.image()).spec(),
                                        r.imageId().orElseThrow(),
                                        r.digest().orElseThrow()))
                                .toList()));
            }
            if (!options.skipClean()) {
                superseded.remove(plan, engines, log);
            }
            if (options.prune()) {
                SupersededImages.prune(plan, engines, log);
            }
            listener.ended(report);
            return report;
        }
    }

    /** Starts each image once every image it needs is done; marks it skipped when one of those did not succeed. */
    private Map<ImageName, ImageResult> schedule(
            BuildPlan plan,
            Map<String, ExternalBases.Base> externals,
            CurrentImages current,
            SupersededImages superseded)
            throws EngineException {
        Map<ImageName, BuildPlan.PlannedImage> planned = new LinkedHashMap<>();
        plan.images().forEach(p -> planned.put(p.id(), p));
        Map<ImageName, Set<ImageName>> waitingFor = new HashMap<>();
        Map<ImageName, List<ImageName>> dependents = new HashMap<>();
        Deque<ImageName> ready = new ArrayDeque<>();
        for (BuildPlan.PlannedImage image : plan.images()) {
            Set<ImageName> needs = new LinkedHashSet<>(image.needs());
            needs.retainAll(planned.keySet());
            waitingFor.put(image.id(), needs);
            needs.forEach(need ->
                    dependents.computeIfAbsent(need, k -> new ArrayList<>()).add(image.id()));
            if (needs.isEmpty()) {
                ready.add(image.id());
            }
        }
        Map<ImageName, ImageResult> results = new LinkedHashMap<>();
        if (shards != null) {
            // another shard's, and nothing of this shard is built on it (nor on what is built on it, which is
            // therefore skipped here too): nothing to do, and no cascade of "skipping" warnings
            for (ImageResult elsewhere : shards.elsewhere(plan)) {
                ready.remove(elsewhere.image());
                results.put(elsewhere.image(), elsewhere);
                listener.finished(elsewhere);
            }
        }
        AtomicInteger threads = new AtomicInteger();
        int atOnce = stepsAtOnce(plan);
        ExecutorService pool = Executors.newFixedThreadPool(atOnce, runnable -> {
            Thread thread = new Thread(runnable, "ocisi-build-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        running.pool(pool);
        CompletionService<ImageStep.Done> steps = new ExecutorCompletionService<>(pool);
        int inFlight = 0;
        try {
            while (results.size() < planned.size()) {
                while (!ready.isEmpty() && inFlight < atOnce) {
                    ImageName next = ready.removeFirst();
                    Map<ImageName, ImageResult> done = Map.copyOf(results);
                    steps.submit(() -> step(plan, planned.get(next), done, externals, current));
                    inFlight++;
                }
                ImageStep.Done finished = steps.take().get();
                inFlight--;
                record(finished.result(), results, dependents, waitingFor, ready);
                superseded.add(
                        planned.get(finished.result().image()).node().spec().manager(),
                        finished.result().image(),
                        finished.superseded());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.stop();
            throw new EngineException("interrupted: every image whose build had not finished keeps its old tag");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof EngineException engineException) {
                throw engineException;
            }
            throw new IllegalStateException("an image build failed unexpectedly", cause);
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * How many images are worked on at once: one per build slot, and when images may come from a registry a few more,
     * since a pull waits on the network and the store's lock, not on a core.
     */
    private int stepsAtOnce(BuildPlan plan) {
        boolean pulls = options.registry().reuse()
                && plan.images().stream()
                        .anyMatch(p -> registries.location(p.node().spec()).isPresent());
        // a wait for another shard's image sleeps: it gets a thread of its own, so that it never holds up a build
        // of this shard, which other shards may be waiting for in turn
        int waits = shards == null ? 0 : shards.waits();
        return Math.max(1, options.parallel()) + (pulls ? PULLS_BESIDE_BUILDS : 0) + waits;
    }

    private void record(
            ImageResult result,
            Map<ImageName, ImageResult> results,
            Map<ImageName, List<ImageName>> dependents,
            Map<ImageName, Set<ImageName>> waitingFor,
            Deque<ImageName> ready) {
        results.put(result.image(), result);
        listener.finished(result);
        for (ImageName dependent : dependents.getOrDefault(result.image(), List.of())) {
            Set<ImageName> waiting = waitingFor.get(dependent);
            waiting.remove(result.image());
            if (!result.usable() && !results.containsKey(dependent)) {
                String why = "needs " + result.image() + ", which " + result.outcome();
                log.warn("Skipping " + dependent + ": it " + why);
                record(ImageResult.skipped(dependent, why), results, dependents, waitingFor, ready);
            } else if (waiting.isEmpty() && !results.containsKey(dependent)) {
                ready.add(dependent);
            }
        }
    }

    private ImageStep.Done step(
            BuildPlan plan,
            BuildPlan.PlannedImage planned,
            Map<ImageName, ImageResult> done,
            Map<String, ExternalBases.Base> externals,
            CurrentImages current)
            throws EngineException {
        ImageSpec spec = planned.node().spec();
        Optional<String> containerfile;
        try {
            containerfile = PlatformContainerfile.of(
                    spec,
                    plan.graph(),
                    reference -> Optional.ofNullable(externals.get(ExternalBases.key(spec, reference.toString())))
                            .map(ExternalBases.Base::reference));
        } catch (ConfigurationException e) {
            // checked when the run began: the file was changed since
            String why =
                    String.join("\n", e.problems().stream().map(Problem::line).toList());
            log.error(spec.id() + " is not built: " + why);
            return new ImageStep.Done(
                    ImageResult.failed(spec.id(), Duration.ZERO, why, Optional.empty(), List.of()), Optional.empty());
        }
        ContainerEngine engine = engines.forManager(spec.manager());
        Map<String, String> parentIds = new LinkedHashMap<>();
        String parentId = null;
        for (Dependency dependency : planned.dependencies()) {
            String id = Optional.ofNullable(done.get(dependency.parent()))
                    .flatMap(ImageResult::imageId)
                    .or(() -> inspectId(engine, dependency.parent().localReference()))
                    .orElse("");
            parentIds.put(dependency.declaredParent().toString(), id);
            if (dependency.isBase()) {
                parentId = id;
            }
        }
        String baseId = planned.node()
                .externalBase()
                .map(ref -> externals.get(ExternalBases.key(spec, ref.toString())))
                .map(ExternalBases.Base::id)
                .orElse("");
        List<String> fromIds = new ArrayList<>(parentIds.values());
        fromIds.add(baseId);
        planned.node()
                .externalUses()
                .forEach(use -> fromIds.add(Optional.ofNullable(externals.get(
                                ExternalBases.key(spec, use.reference().toString())))
                        .map(ExternalBases.Base::id)
                        .orElse("")));
        fromIds.removeIf(String::isEmpty);
        // recorded when a Containerfile build really starts: an image that is up to date leaves nothing to find
        ImageStep.BeforeBuild beforeBuild = () -> {
            checkBeforeFirstBuild();
            BuildInFlight build = new BuildInFlight(
                    spec.id().toString(),
                    spec.manager().toString(),
                    Instant.now().toString(),
                    fromIds);
            running.started(build);
            listener.buildStarted(build);
        };
        ImageStep.Context context = new ImageStep.Context(
                new StoreFacts.Sources(engine, store, packages, refreshes, registries, log),
                engines.info(spec.manager()).kind(),
                options,
                user,
                rootfs,
                beforeBuild,
                held,
                buildSlots,
                clock,
                Optional.ofNullable(packageProxy).map(PackageProxy::url),
                containerfile);
        String builtOn = parentId != null ? parentId : baseId.isEmpty() ? null : baseId;
        if (shards == null) {
            return ImageStep.run(spec, parentIds, baseId, builtOn, current.of(spec.id()), context);
        }
        Optional<ShardWait.Foreign> foreign = shards.foreign(spec.id());
        ImageStep.Done step = ImageStep.run(spec, parentIds, baseId, builtOn, current.of(spec.id()), context, foreign);
        if (foreign.isEmpty()) {
            shards.publish(spec, step.result());
        }
        return step;
    }

    private static Optional<String> inspectId(ContainerEngine engine, String reference) {
        try {
            return engine.inspect(reference).map(ImageDetails::id);
        } catch (EngineException e) {
            return Optional.empty();
        }
    }
}
