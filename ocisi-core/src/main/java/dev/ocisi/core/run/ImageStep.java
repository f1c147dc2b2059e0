package dev.ocisi.core.run;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.BuildFailedException;
import dev.ocisi.core.engine.BuildRequest;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.engine.ToolException;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.CurrentImage;
import dev.ocisi.core.plan.Decision;
import dev.ocisi.core.plan.Freshness;
import dev.ocisi.core.plan.Inputs;
import dev.ocisi.core.plan.InputsStore;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.plan.PackageSet;
import dev.ocisi.core.plan.RefreshRecords;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.rootfs.RootfsImport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * One image: reads its inputs, skips the build when the tagged image was built from the same ones, else builds
 * untagged, checks the new image exists, and only then moves the tag in one engine call. A failed or interrupted
 * build leaves the old image tagged.
 */
final class ImageStep {

    /** The result, and the image the tag left (to clean up once the run is over). */
    record Done(ImageResult result, Optional<String> superseded) {
    }

    /** What the step needs besides the image: where, with what, and what is there now. */
    /** Told just before a Containerfile build starts: the run checks the machine once, and records the build. */
    @FunctionalInterface
    interface BeforeBuild {
        void run() throws MachineCannotBuildException;
    }

    /** @param beforeBuild told just before a Containerfile build starts */
    record Context(ContainerEngine engine, String engineName, BuildOptions options, RunUser user,
            InputsStore store, RootfsImport rootfs, Log log, BeforeBuild beforeBuild, Registries registries,
            HeldLayers held, Semaphore builds, PackageSets packages, RefreshRecords refreshes, Clock clock,
            Optional<String> httpProxy) {
    }

    private ImageStep() {
    }

    /** The pauses before each new attempt of a build that met an engine race: short, and bounded. */
    static final Duration[] RETRY_PAUSES = {Duration.ofSeconds(1), Duration.ofSeconds(3)};

    static Done run(ImageSpec spec, Map<String, String> parentIds, String baseId, String parentId,
            Optional<CurrentImage> current, Context context) throws EngineException {
        return run(spec, parentIds, baseId, parentId, current, context, Optional.empty());
    }

    /** @param foreign the shard that builds the image, when another runner does: it is waited for and pulled */
    static Done run(ImageSpec spec, Map<String, String> parentIds, String baseId, String parentId,
            Optional<CurrentImage> current, Context context, Optional<ShardWait.Foreign> foreign)
            throws EngineException {
        Log log = context.log();
        ContainerEngine engine = context.engine();
        String reference = spec.id().localReference();
        Instant start = Instant.now();
        Inputs inputs;
        Decision decision;
        try {
            Freshness.Verdict verdict = Freshness.of(spec, parentIds, baseId, current, context.options(),
                    context.user(), context.store(), context.refreshes(), context.clock().instant());
            inputs = verdict.inputs();
            decision = verdict.decision();
        } catch (IOException e) {
            String reason = "cannot read its build context: " + e.getMessage();
            log.error(spec.id() + ": " + reason);
            return new Done(ImageResult.failed(spec.id(), Duration.ZERO, reason, Optional.empty(), List.of()),
                    Optional.empty());
        }
        String digest = inputs.digest();
        log.debug(spec.id() + ": inputs " + digest + " (Containerfile " + inputs.containerfile() + ", "
                + inputs.files().size() + " context files, parents " + parentIds + (baseId.isEmpty() ? "" : ", base "
                + baseId) + "); " + (decision.build() ? "build: " + decision.reason() : "up to date")
                + current.map(c -> "; tagged image " + c.id()).orElse("; no tagged image"));
        // another shard refreshes its images: here, the same inputs are up to date
        if (!decision.build() || (foreign.isPresent() && decision.refresh())) {
            log.info(spec.id() + ": up to date");
            return new Done(ImageResult.upToDate(spec.id(), Duration.between(start, Instant.now()),
                    current.orElseThrow().id(), digest), Optional.empty());
        }
        if (foreign.isPresent()) {
            return ShardWait.await(spec, inputs, decision, start, current, context, foreign.get());
        }
        Optional<PackageSet> packagesBefore = Optional.empty();
        if (decision.refresh()) {
            String currentId = current.orElseThrow().id();
            packagesBefore = context.packages().of(currentId, engine);
            String skip = context.options().registry().pullOnly() ? "-Docisi.pullOnly never builds"
                    : packagesBefore.isEmpty() ? PackageSets.NONE_FOUND : null;
            if (skip != null) {
                confirm(context, currentId);
                log.info(spec.id() + ": up to date; no refresh: " + skip);
                return new Done(ImageResult.upToDate(spec.id(), Duration.between(start, Instant.now()), currentId,
                        digest), Optional.empty());
            }
        }
        if (current.isEmpty() && !context.options().force().applies(spec.id())) {
            Optional<String> earlier = earlierBuild(spec, digest, engine, context.store());
            if (earlier.isPresent()) {
                ImageTags.tag(spec, spec.manager(), earlier.get(), engine, log);
                log.info(spec.id() + ": up to date: its tag was removed (clean), and the image ocisi built from the "
                        + "same inputs is still there, so it is tagged again: " + earlier.get());
                return new Done(ImageResult.upToDate(spec.id(), Duration.between(start, Instant.now()),
                        earlier.get(), digest), Optional.empty());
            }
        }
        OutputFilter output = new OutputFilter(line -> log.info("[" + spec.id() + "] " + line),
                context.options().batch());
        // a refresh asks for the archives' packages as they are now: the published image is the old one
        boolean refresh = decision.refresh();
        Optional<RegistryPull.Outcome> fromRegistry = context.options().force().applies(spec.id()) || refresh
                ? Optional.empty()
                : RegistryPull.attempt(spec, digest, engine, context.registries(), context.held(), log, output);
        if (fromRegistry.isPresent() && fromRegistry.get() instanceof RegistryPull.Pulled pulled) {
            return adopt(spec, pulled, inputs, decision, start, current, context);
        }
        if (context.options().registry().pullOnly()) {
            String why = fromRegistry.map(ImageStep::notPublished)
                    .orElse("it has no registry to pull from (set 'registry:' or -Docisi.registry)");
            log.error(spec.id() + ": " + why + "; -Docisi.pullOnly never builds");
            return new Done(ImageResult.notPublished(spec.id(), Duration.between(start, Instant.now()), digest,
                    why), Optional.empty());
        }
        log.info((spec.isRootfs() ? "Importing " : "Building ") + spec.id() + " with " + context.engineName()
                + spec.rootfs().map(r -> " from " + r.source().describe()).orElse("") + ": " + decision.reason());
        Map<String, String> labels = new LinkedHashMap<>(OcisiLabels.forImage(spec, inputs.labels(), parentId));
        labels.put(OcisiLabels.INPUT_DIGEST, digest);
        String id;
        int[] retries = {0};
        LayerCaches.Prepared cache = spec.isRootfs() ? null
                : LayerCaches.prepare(spec, engine, context.registries(), context.options(), log, output);
        try {
            acquire(context.builds(), spec);
            try {
                if (spec.isRootfs()) {
                    id = context.rootfs().make(spec, labels, engine, context.user(), output);
                } else {
                    // the arguments digested are the arguments passed
                    context.beforeBuild().run();
                    // a refresh runs the image's own steps again: its package installs meet today's archives
                    id = buildRetrying(spec, engine, new BuildRequest(spec.context(), spec.containerfile(),
                            inputs.args(), labels, context.options().noCache() || refresh, cache.cache(),
                            context.httpProxy()), output, retries, log);
                }
            } finally {
                context.builds().release();
            }
            if (engine.inspect(id).isEmpty()) {
                throw new BuildFailedException("the engine reported image " + id + " but does not have it",
                        List.of());
            }
        } catch (BuildFailedException e) {
            forget(cache, engine);
            return failed(spec, start, e.getMessage(), digest, e.outputTail(), reference, log, retries[0]);
        } catch (EngineException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof MachineCannotBuildException) {
                throw e;
            }
            forget(cache, engine);
            return failed(spec, start, e.getMessage(), digest, List.of(), reference, log, retries[0]);
        } catch (ToolException | StateException e) {
            // debootstrap or tar, or the staging folder, of an image made from a root filesystem: that image fails
            return failed(spec, start, e.getMessage(), digest, List.of(), reference, log, retries[0]);
        }
        forget(cache, engine);
        Optional<PackageSet.Changes> changes = Optional.empty();
        if (packagesBefore.isPresent()) {
            PackageSet before = packagesBefore.get();
            Optional<PackageSet> after = context.packages().of(id, engine);
            changes = Optional.of(after.map(a -> a.changesSince(before)).orElse(new PackageSet.Changes(List.of(),
                    List.copyOf(before.packages().keySet()), List.of())));
            if (changes.get().none()) {
                return unchanged(spec, id, current.orElseThrow().id(), digest, start, retries[0], context);
            }
        }
        Optional<String> superseded = tagAndRecord(spec, id, inputs, current, context);
        Duration took = Duration.between(start, Instant.now());
        log.info("Built " + spec.id() + " in " + TextTable.seconds(took) + ": " + id);
        ImageResult result = ImageResult.built(spec.id(), took, id, digest, decision.reason())
                .withRetries(retries[0]);
        if (changes.isPresent()) {
            String reason = "refreshed: " + changes.get().describe();
            log.info(spec.id() + ": " + reason);
            result = result.refreshed(reason, changes.get());
        }
        return new Done(result, superseded);
    }

    /**
     * A refresh whose image installed exactly the packages the current one has: the new image goes, the current one
     * stays (and with it every image built on it), and the refresh is recorded so that the period starts again.
     */
    private static Done unchanged(ImageSpec spec, String newId, String currentId, String digest, Instant start,
            int retries, Context context) throws EngineException {
        if (!context.engine().remove(newId)) {
            context.log().warn(spec.id() + ": the refresh's image " + newId + " is in use and stays; "
                    + "mvn ocisi:clean -Dprune removes it later");
        }
        confirm(context, currentId);
        String reason = "refreshed: no package changed; keeps " + Sha256.shortForm(currentId);
        context.log().info(spec.id() + ": " + reason);
        return new Done(ImageResult.upToDate(spec.id(), Duration.between(start, Instant.now()), currentId, digest)
                .withRetries(retries).refreshed(reason, new PackageSet.Changes(List.of(), List.of(), List.of())),
                Optional.empty());
    }

    private static void confirm(Context context, String imageId) {
        try {
            context.refreshes().confirm(imageId, context.clock().instant());
        } catch (IOException e) {
            context.log().warn("cannot record the refresh of " + imageId + " (" + e.getMessage() + "); the next run "
                    + "refreshes it again");
        }
    }

    /** Waits for one of the run's build slots (-Docisi.parallel): pulls run beside builds, builds share the cores. */
    private static void acquire(Semaphore builds, ImageSpec spec) throws EngineException {
        try {
            builds.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while waiting to build " + spec.id());
        }
    }

    /** The registry-named tag of an image pulled only as a layer cache goes; the image stays if something uses it. */
    private static void forget(LayerCaches.Prepared cache, ContainerEngine engine) throws EngineException {
        if (cache != null && cache.pulledForCache().isPresent()) {
            engine.untag(cache.pulledForCache().get());
        }
    }

    /** The pulled image becomes the image: tagged, its inputs recorded as a build's are. */
    static Done adopt(ImageSpec spec, RegistryPull.Pulled pulled, Inputs inputs, Decision decision,
            Instant start, Optional<CurrentImage> current, Context context) throws EngineException {
        Optional<String> superseded = tagAndRecord(spec, pulled.id(), inputs, current, context);
        Duration took = Duration.between(start, Instant.now());
        String reason = decision.reason() + "; pulled from " + pulled.location() + ": same inputs; "
                + pulled.update().describe();
        context.log().info("Pulled " + spec.id() + " in " + TextTable.seconds(took) + ": " + pulled.id() + ", "
                + pulled.update().describe());
        return new Done(ImageResult.pulled(spec.id(), took, pulled.id(), inputs.digest(), reason, pulled.update()),
                superseded);
    }

    private static String notPublished(RegistryPull.Outcome outcome) {
        if (outcome instanceof RegistryPull.NotThere notThere) {
            return "not published in " + notThere.location() + " yet (no image built from these inputs)";
        }
        RegistryPull.Unusable unusable = (RegistryPull.Unusable) outcome;
        return "cannot be pulled from " + unusable.location() + ": " + unusable.why();
    }

    /**
     * Moves the tag to the new image and records its inputs; the image the tag left, if another.
     *
     * @param current the image the tag named when the run read the store
     */
    private static Optional<String> tagAndRecord(ImageSpec spec, String id, Inputs inputs,
            Optional<CurrentImage> current, Context context) throws EngineException {
        ImageTags.tag(spec, spec.manager(), id, context.engine(), context.log());
        try {
            context.store().save(inputs);
            context.store().saveBuilt(inputs.digest(), spec.manager().toString(), id);
        } catch (IOException e) {
            context.log().warn("cannot record the inputs of " + spec.id() + " (" + e.getMessage() + "); the next run "
                    + "will rebuild it only if they change, but will not say which changed");
        }
        return current.map(CurrentImage::id).filter(old -> !old.equals(id));
    }

    /**
     * A build, started again (at most {@link #RETRY_PAUSES}.length times, after a short pause) when it fails for a
     * reason of the engine's own that another attempt can get past; any other failure is the build's result.
     */
    private static String buildRetrying(ImageSpec spec, ContainerEngine engine, BuildRequest request,
            OutputFilter output, int[] retries, Log log) throws EngineException {
        while (true) {
            try {
                return engine.build(request, output);
            } catch (BuildFailedException e) {
                Optional<String> cause = e.transientCause();
                if (cause.isEmpty() || retries[0] == RETRY_PAUSES.length) {
                    throw e;
                }
                Duration pause = RETRY_PAUSES[retries[0]++];
                log.warn(spec.id() + ": " + cause.get() + "; building it again in " + pause.toSeconds() + " s (retry "
                        + retries[0] + " of " + RETRY_PAUSES.length + ")");
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new EngineException("interrupted while waiting to build " + spec.id() + " again");
                }
            }
        }
    }

    private static Done failed(ImageSpec spec, Instant start, String reason, String digest, List<String> tail,
            String reference, Log log, int retries) {
        Duration took = Duration.between(start, Instant.now());
        log.error("Build of " + spec.id() + " failed after " + TextTable.seconds(took) + ": " + reason);
        log.error(reference + " keeps the image it had");
        return new Done(ImageResult.failed(spec.id(), took, reason, Optional.of(digest), tail).withRetries(retries),
                Optional.empty());
    }

    /** The image ocisi last built as this image of this hierarchy from exactly these inputs, if still there. */
    private static Optional<String> earlierBuild(ImageSpec spec, String digest, ContainerEngine engine,
            InputsStore store) throws EngineException {
        Optional<String> recorded = store.built(digest, spec.manager().toString());
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Optional<ImageDetails> image = engine.inspect(recorded.get());
        return image.filter(i -> OcisiLabels.builtFor(i.labels(), spec)
                && digest.equals(i.label(OcisiLabels.INPUT_DIGEST))).map(ImageDetails::id);
    }
}
