package dev.ocisi.core.build;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.BuildFailedException;
import dev.ocisi.core.engine.BuildRequest;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.log.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Builds one image and only then moves its tag: the engine builds untagged, ocisi checks the new image exists, and
 * the tag moves in one engine call. A failed or interrupted build leaves the old image tagged.
 */
final class ImageStep {

    /** The result, and the image the tag left (to clean up once the run is over). */
    record Done(ImageResult result, Optional<String> superseded) {
    }

    private ImageStep() {
    }

    static Done run(ImageSpec spec, String parentId, ContainerEngine engine, String engineName, BuildOptions options,
            RunUser user, Log log) throws EngineException {
        String reference = spec.id().localReference();
        log.info("Building " + spec.id() + " with " + engineName);
        BuildRequest request = new BuildRequest(spec.context(), spec.containerfile(), BuildArguments.of(spec, user),
                OcisiLabels.forImage(spec, parentId), options.pull(), options.noCache());
        Instant start = Instant.now();
        String id;
        try {
            id = engine.build(request, new OutputFilter(line -> log.info("[" + spec.id() + "] " + line),
                    options.batch()));
            if (engine.inspect(id).isEmpty()) {
                throw new BuildFailedException("the engine reported image " + id + " but does not have it",
                        java.util.List.of());
            }
        } catch (BuildFailedException e) {
            Duration took = Duration.between(start, Instant.now());
            log.error("Build of " + spec.id() + " failed after " + BuildReport.seconds(took) + ": " + e.getMessage());
            log.error(reference + " keeps the image it had");
            return new Done(ImageResult.failed(spec.id(), took, e.getMessage(), e.outputTail()), Optional.empty());
        } catch (EngineException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            Duration took = Duration.between(start, Instant.now());
            log.error("Build of " + spec.id() + " failed after " + BuildReport.seconds(took) + ": " + e.getMessage());
            return new Done(ImageResult.failed(spec.id(), took, e.getMessage(), java.util.List.of()), Optional.empty());
        }
        Optional<ImageDetails> previous = engine.inspect(reference);
        engine.tag(id, reference);
        if (spec.manager() == Manager.DOCKER) {
            tagShortName(spec, id, engine, log);
        }
        Duration took = Duration.between(start, Instant.now());
        log.info("Built " + spec.id() + " in " + BuildReport.seconds(took) + ": " + id);
        Optional<String> superseded = previous.map(ImageDetails::id).filter(old -> !old.equals(id));
        return new Done(ImageResult.built(spec.id(), took, id, "built"), superseded);
    }

    /**
     * dockerd resolves {@code FROM name:tag} to Docker Hub's library, not to {@code localhost/}: children that name
     * their parent by its short name need that tag too. An image of that name that ocisi did not build is left alone.
     */
    private static void tagShortName(ImageSpec spec, String id, ContainerEngine engine, Log log)
            throws EngineException {
        String shortName = spec.id().toString();
        Optional<ImageDetails> existing = engine.inspect(shortName);
        if (existing.isPresent() && !existing.get().id().equals(id)
                && !OcisiLabels.builtAs(existing.get().labels(), spec)) {
            log.warn(shortName + " in docker's store is not ocisi's, so it keeps its tag; images built FROM "
                    + shortName + " get that image, not ocisi's: write FROM " + spec.id().localReference());
            return;
        }
        engine.tag(id, shortName);
    }
}
