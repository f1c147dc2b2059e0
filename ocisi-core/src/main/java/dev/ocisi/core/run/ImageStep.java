package dev.ocisi.core.run;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.decision.DecisionLadder;
import dev.ocisi.core.decision.ImageDecision;
import dev.ocisi.core.decision.ImageFacts;
import dev.ocisi.core.decision.Published;
import dev.ocisi.core.decision.StoreFacts;
import dev.ocisi.core.engine.BuildFailedException;
import dev.ocisi.core.engine.BuildRequest;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.ScratchFiles;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.CurrentImage;
import dev.ocisi.core.plan.Inputs;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.plan.PackageSet;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.problem.ToolException;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.result.ImageResult;
import dev.ocisi.core.rootfs.RootfsImport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    record Done(ImageResult result, Optional<String> superseded) {}

    /** Told just before a Containerfile build starts: the run checks the machine once, and records the build. */
    @FunctionalInterface
    interface BeforeBuild {
        void run() throws MachineCannotBuildException;
    }

    /**
     * @param beforeBuild told just before a Containerfile build starts
     * @param containerfile for an image of another platform, the Containerfile naming that platform's parents
     */
    record Context(
            StoreFacts.Sources sources,
            String engineName,
            BuildOptions options,
            RunUser user,
            RootfsImport rootfs,
            BeforeBuild beforeBuild,
            HeldLayers held,
            Semaphore builds,
            Clock clock,
            Optional<String> httpProxy,
            Optional<String> containerfile) {

        ContainerEngine engine() {
            return sources.engine();
        }

        Log log() {
            return sources.log();
        }

        Registries registries() {
            return sources.registries();
        }
    }

    private ImageStep() {}

    /** The pauses before each new attempt of a build that met an engine race: short, and bounded. */
    static final Duration[] RETRY_PAUSES = {Duration.ofSeconds(1), Duration.ofSeconds(3)};

    static Done run(
            ImageSpec spec,
            Map<String, String> parentIds,
            String baseId,
            String parentId,
            Optional<CurrentImage> current,
            Context context)
            throws EngineException {
        return run(spec, parentIds, baseId, parentId, current, context, Optional.empty());
    }

    /** @param foreign the shard that builds the image, when another runner does: it is waited for and pulled */
    static Done run(
            ImageSpec spec,
            Map<String, String> parentIds,
            String baseId,
            String parentId,
            Optional<CurrentImage> current,
            Context context,
            Optional<ShardWait.Foreign> foreign)
            throws EngineException {
        Log log = context.log();
        Instant start = Instant.now();
        StoreFacts facts;
        try {
            facts = StoreFacts.read(
                    spec,
                    parentIds,
                    baseId,
                    current,
                    context.options(),
                    context.user(),
                    context.clock().instant(),
                    context.sources());
        } catch (StateException e) {
            String reason = e.getMessage();
            log.error(spec.id() + ": " + reason);
            return new Done(
                    ImageResult.failed(spec.id(), Duration.ZERO, reason, Optional.empty(), List.of()),
                    Optional.empty());
        }
        if (foreign.isPresent()) {
            facts = facts.builtByShard(new ImageFacts.ShardOwner(
                    foreign.get().shard(), foreign.get().options().count()));
        }
        Inputs inputs = facts.inputs();
        ImageDecision decision = DecisionLadder.decide(facts);
        log.debug(spec.id() + ": inputs " + inputs.digest() + " (Containerfile " + inputs.containerfile() + ", "
                + inputs.files().size() + " context files, parents " + parentIds
                + (baseId.isEmpty() ? "" : ", base " + baseId) + "); "
                + decision.status().action() + ": " + decision.reason()
                + current.map(c -> "; tagged image " + c.id()).orElse("; no tagged image"));
        if (decision instanceof ImageDecision.UpToDate upToDate) {
            String currentId = current.orElseThrow().id();
            if (upToDate.restartsRefresh()) {
                confirm(context, currentId);
            }
            log.info(spec.id() + ": " + upToDate.reason());
            return new Done(
                    ImageResult.upToDate(spec.id(), Duration.between(start, Instant.now()), currentId, inputs.digest()),
                    Optional.empty());
        }
        if (decision instanceof ImageDecision.WaitForShard) {
            return ShardWait.await(spec, inputs, decision.reason(), start, current, context, foreign.orElseThrow());
        }
        if (decision instanceof ImageDecision.Retag retag) {
            ImageTags.tag(spec, spec.manager(), retag.imageId(), context.engine(), log);
            log.info(spec.id() + ": up to date: " + retag.reason() + ": " + retag.imageId());
            return new Done(
                    ImageResult.upToDate(
                            spec.id(), Duration.between(start, Instant.now()), retag.imageId(), inputs.digest()),
                    Optional.empty());
        }
        if (decision instanceof ImageDecision.Pull pull) {
            RegistryPull.Outcome pulled = RegistryPull.pull(
                    spec,
                    new Published.Found(pull.location(), pull.image()),
                    context.engine(),
                    context.registries(),
                    context.held(),
                    log,
                    output(spec, context));
            if (pulled instanceof RegistryPull.Pulled done) {
                return adopt(spec, done, inputs, pull.whyBuild(), start, current, context);
            }
            String why = ((RegistryPull.Failed) pulled).why();
            if (context.options().registry().pullOnly()) {
                return notPublished(spec, "cannot be pulled from " + pull.location() + ": " + why, inputs, start, log);
            }
            log.info(spec.id() + ": building instead");
            return build(spec, inputs, pull.whyBuild(), false, parentId, start, current, context);
        }
        if (decision instanceof ImageDecision.NotPublished notPublished) {
            return notPublished(spec, notPublished.reason(), inputs, start, log);
        }
        if (decision instanceof ImageDecision.Skip skip) {
            return new Done(ImageResult.skipped(spec.id(), skip.reason()), Optional.empty());
        }
        return build(
                spec,
                inputs,
                decision.reason(),
                decision instanceof ImageDecision.Refresh,
                parentId,
                start,
                current,
                context);
    }

    private static OutputFilter output(ImageSpec spec, Context context) {
        return new OutputFilter(
                line -> context.log().info("[" + spec.id() + "] " + line),
                context.options().batch());
    }

    private static Done notPublished(ImageSpec spec, String why, Inputs inputs, Instant start, Log log) {
        log.error(spec.id() + ": " + why + "; -Docisi.pullOnly never builds");
        return new Done(
                ImageResult.notPublished(spec.id(), Duration.between(start, Instant.now()), inputs.digest(), why),
                Optional.empty());
    }

    /**
     * Builds the image untagged, checks the engine has it, and only then moves the tag; a refresh's image replaces
     * the current one only when its packages differ.
     */
    private static Done build(
            ImageSpec spec,
            Inputs inputs,
            String reason,
            boolean refresh,
            String parentId,
            Instant start,
            Optional<CurrentImage> current,
            Context context)
            throws EngineException {
        Log log = context.log();
        ContainerEngine engine = context.engine();
        String digest = inputs.digest();
        Optional<PackageSet> packagesBefore =
                refresh ? context.sources().packages().of(current.orElseThrow().id(), engine) : Optional.empty();
        OutputFilter output = output(spec, context);
        log.info((spec.isRootfs() ? "Importing " : "Building ") + spec.id() + " with " + context.engineName()
                + spec.rootfs().map(r -> " from " + r.source().describe()).orElse("") + ": " + reason);
        Map<String, String> labels = new LinkedHashMap<>(OcisiLabels.forImage(spec, inputs.labels(), parentId));
        labels.put(OcisiLabels.INPUT_DIGEST, digest);
        String id;
        Retries retries = new Retries();
        LayerCaches.Prepared cache = spec.isRootfs()
                ? null
                : LayerCaches.prepare(spec, engine, context.registries(), context.options(), log, output);
        try {
            acquire(context.builds(), spec);
            try {
                if (spec.isRootfs()) {
                    id = context.rootfs().make(spec, labels, engine, context.user(), output);
                } else {
                    // the arguments digested are the arguments passed
                    context.beforeBuild().run();
                    Path containerfile = containerfileFor(spec, context);
                    try {
                        // a refresh runs the image's own steps again: its package installs meet today's archives
                        id = buildRetrying(
                                spec,
                                engine,
                                new BuildRequest(
                                        spec.context(),
                                        containerfile,
                                        inputs.args(),
                                        labels,
                                        context.options().noCache() || refresh,
                                        cache.cache(),
                                        context.httpProxy(),
                                        spec.hasPlatforms() ? Optional.of(spec.platform()) : Optional.empty()),
                                output,
                                retries,
                                log);
                    } finally {
                        if (!containerfile.equals(spec.containerfile())) {
                            deleteQuietly(containerfile);
                        }
                    }
                }
            } finally {
                context.builds().release();
            }
            if (engine.inspect(id).isEmpty()) {
                throw new BuildFailedException("the engine reported image " + id + " but does not have it", List.of());
            }
        } catch (BuildFailedException e) {
            forget(cache, engine);
            return failed(spec, start, e.getMessage(), digest, e.outputTail(), log, retries.count);
        } catch (EngineException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof MachineCannotBuildException) {
                throw e;
            }
            forget(cache, engine);
            return failed(spec, start, e.getMessage(), digest, List.of(), log, retries.count);
        } catch (ToolException | StateException e) {
            // debootstrap or tar, or the staging folder, of an image made from a root filesystem: that image fails
            return failed(spec, start, e.getMessage(), digest, List.of(), log, retries.count);
        }
        forget(cache, engine);
        Optional<PackageSet.Changes> changes = Optional.empty();
        if (packagesBefore.isPresent()) {
            PackageSet before = packagesBefore.get();
            Optional<PackageSet> after = context.sources().packages().of(id, engine);
            changes = Optional.of(after.map(a -> a.changesSince(before))
                    .orElse(new PackageSet.Changes(
                            List.of(), List.copyOf(before.packages().keySet()), List.of())));
            if (changes.get().none()) {
                return unchanged(spec, id, current.orElseThrow().id(), digest, start, retries.count, context);
            }
        }
        Optional<String> superseded = tagAndRecord(spec, id, inputs, current, context);
        Duration took = Duration.between(start, Instant.now());
        log.info("Built " + spec.id() + " in " + TextTable.seconds(took) + ": " + id);
        ImageResult result =
                ImageResult.built(spec.id(), took, id, digest, reason).withRetries(retries.count);
        if (changes.isPresent()) {
            String refreshed = "refreshed: " + changes.get().describe();
            log.info(spec.id() + ": " + refreshed);
            result = result.refreshed(refreshed, changes.get());
        }
        return new Done(result, superseded);
    }

    /** The user's Containerfile, or for an image of another platform a copy that names that platform's parents. */
    private static Path containerfileFor(ImageSpec spec, Context context) throws EngineException {
        if (context.containerfile().isEmpty()) {
            return spec.containerfile();
        }
        try {
            Path copy = ScratchFiles.create("ocisi-containerfile-", ".Containerfile");
            Files.writeString(copy, context.containerfile().get(), StandardCharsets.UTF_8);
            return copy;
        } catch (IOException e) {
            throw new EngineException("cannot write the Containerfile of " + spec.id() + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a scratch file left behind is swept by the next run
        }
    }

    /** How many times a build was started again after an engine race. */
    private static final class Retries {
        private int count;
    }

    /**
     * A refresh whose image installed exactly the packages the current one has: the new image goes, the current one
     * stays (and with it every image built on it), and the refresh is recorded so that the period starts again.
     */
    private static Done unchanged(
            ImageSpec spec, String newId, String currentId, String digest, Instant start, int retries, Context context)
            throws EngineException {
        // a reproducible build (a fixed timestamp) can give the current image itself: it stays
        if (!newId.equals(currentId) && !context.engine().remove(newId)) {
            context.log()
                    .warn(spec.id() + ": the refresh's image " + newId + " is in use and stays; "
                            + "mvn ocisi:clean -Dprune removes it later");
        }
        confirm(context, currentId);
        String reason = "refreshed: no package changed; keeps " + Sha256.shortForm(currentId);
        context.log().info(spec.id() + ": " + reason);
        return new Done(
                ImageResult.upToDate(spec.id(), Duration.between(start, Instant.now()), currentId, digest)
                        .withRetries(retries)
                        .refreshed(reason, new PackageSet.Changes(List.of(), List.of(), List.of())),
                Optional.empty());
    }

    private static void confirm(Context context, String imageId) {
        try {
            context.sources().refreshes().confirm(imageId, context.clock().instant());
        } catch (IOException e) {
            context.log()
                    .warn("cannot record the refresh of " + imageId + " (" + e.getMessage() + "); the next run "
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
    static Done adopt(
            ImageSpec spec,
            RegistryPull.Pulled pulled,
            Inputs inputs,
            String whyBuild,
            Instant start,
            Optional<CurrentImage> current,
            Context context)
            throws EngineException {
        Optional<String> superseded = tagAndRecord(spec, pulled.id(), inputs, current, context);
        Duration took = Duration.between(start, Instant.now());
        String reason = whyBuild + "; pulled from " + pulled.location() + ": same inputs; "
                + pulled.update().describe();
        context.log()
                .info("Pulled " + spec.id() + " in " + TextTable.seconds(took) + ": " + pulled.id() + ", "
                        + pulled.update().describe());
        return new Done(
                ImageResult.pulled(spec.id(), took, pulled.id(), inputs.digest(), reason, pulled.update()), superseded);
    }

    /**
     * Moves the tag to the new image and records its inputs; the image the tag left, if another.
     *
     * @param current the image the tag named when the run read the store
     */
    private static Optional<String> tagAndRecord(
            ImageSpec spec, String id, Inputs inputs, Optional<CurrentImage> current, Context context)
            throws EngineException {
        ImageTags.tag(spec, spec.manager(), id, context.engine(), context.log());
        try {
            context.sources().store().save(inputs);
            context.sources().store().saveBuilt(inputs.digest(), spec.manager().toString(), id);
        } catch (IOException e) {
            context.log()
                    .warn("cannot record the inputs of " + spec.id() + " (" + e.getMessage() + "); the next run "
                            + "will rebuild it only if they change, but will not say which changed");
        }
        return current.map(CurrentImage::id).filter(old -> !old.equals(id));
    }

    /**
     * A build, started again (at most {@link #RETRY_PAUSES}.length times, after a short pause) when it fails for a
     * reason of the engine's own that another attempt can get past; any other failure is the build's result.
     */
    private static String buildRetrying(
            ImageSpec spec, ContainerEngine engine, BuildRequest request, OutputFilter output, Retries retries, Log log)
            throws EngineException {
        while (true) {
            try {
                return engine.build(request, output);
            } catch (BuildFailedException e) {
                Optional<String> cause = e.transientCause();
                if (cause.isEmpty() || retries.count == RETRY_PAUSES.length) {
                    throw e;
                }
                Duration pause = RETRY_PAUSES[retries.count++];
                log.warn(spec.id() + ": " + cause.get() + "; building it again in " + pause.toSeconds() + " s (retry "
                        + retries.count + " of " + RETRY_PAUSES.length + ")");
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new EngineException("interrupted while waiting to build " + spec.id() + " again");
                }
            }
        }
    }

    private static Done failed(
            ImageSpec spec, Instant start, String reason, String digest, List<String> tail, Log log, int retries) {
        Duration took = Duration.between(start, Instant.now());
        log.error("Build of " + spec.id() + " failed after " + TextTable.seconds(took) + ": " + reason);
        log.error(spec.id().localReference() + " keeps the image it had");
        return new Done(
                ImageResult.failed(spec.id(), took, reason, Optional.of(digest), tail)
                        .withRetries(retries),
                Optional.empty());
    }
}
