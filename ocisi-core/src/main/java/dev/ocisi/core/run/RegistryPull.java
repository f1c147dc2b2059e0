package dev.ocisi.core.run;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.engine.StoreLayers;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.registry.InputsTag;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RegistryException;
import dev.ocisi.core.registry.RemoteImage;
import dev.ocisi.core.registry.UpdateSize;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Instead of a build: the image its registry holds under the inputs tag of the digest ocisi computed, when it
 * carries that same digest (a tag whose image says otherwise is never trusted), pulled, checked again in the store,
 * and left untagged for the step to tag.
 */
final class RegistryPull {

    /** What came of looking in the registry. */
    sealed interface Outcome permits Pulled, NotThere, Unusable {
    }

    /**
     * Pulled: the image's id (the same as where it was built), what the pull downloaded, and the registry's name it
     * came in under, which goes once the image has its own tag (dockerd forgets an image whose last tag goes).
     */
    record Pulled(String id, RegistryLocation location, UpdateSize update, String pulledAs) implements Outcome {
    }

    /** The registry has no image of these inputs. */
    record NotThere(RegistryLocation location) implements Outcome {
    }

    /** The registry could not be asked, or its image could not be used: why. */
    record Unusable(RegistryLocation location, String why) implements Outcome {
    }

    private RegistryPull() {
    }

    static Optional<Outcome> attempt(ImageSpec spec, String digest, ContainerEngine engine, Registries registries,
            Log log, Consumer<String> output) throws EngineException {
        Optional<RegistryLocation> where = registries.location(spec);
        if (where.isEmpty() || !registries.options().reuse()) {
            return Optional.empty();
        }
        RegistryLocation location = where.get();
        String repository = location.repository(spec.id());
        String tag = InputsTag.of(digest);
        Optional<RemoteImage> remote;
        try {
            remote = registries.client(location).find(repository, tag);
        } catch (RegistryException e) {
            registries.warnOnce(location, "Cannot look for published images in " + location + " (" + e.getMessage()
                    + "); images missing or stale here are built instead");
            return Optional.of(new Unusable(location, e.getMessage()));
        }
        if (remote.isEmpty()) {
            return Optional.of(new NotThere(location));
        }
        Optional<String> mismatch = mismatch(remote.get().labels(), spec, digest);
        if (mismatch.isPresent()) {
            String why = location.reference(spec.id(), tag) + " " + mismatch.get() + ", so it is not used";
            log.warn(spec.id() + ": " + why);
            return Optional.of(new Unusable(location, why));
        }
        UpdateSize update = UpdateSize.of(remote.get(), StoreLayers.read(engine).held());
        String reference = location.reference(spec.id(), tag);
        log.info("Pulling " + spec.id() + " from " + location + ": same inputs (" + update.describe() + ")");
        try {
            engine.pull(reference, registries.login(location.host()), output);
        } catch (EngineException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            log.warn(spec.id() + ": the pull of " + reference + " failed (" + e.getMessage() + "); building instead");
            return Optional.of(new Unusable(location, e.getMessage()));
        }
        Optional<ImageDetails> pulled = engine.inspect(remote.get().id());
        if (pulled.isEmpty() || mismatch(pulled.get().labels(), spec, digest).isPresent()) {
            engine.untag(reference);
            String why = "the image pulled from " + reference + " is not the one the registry described";
            log.warn(spec.id() + ": " + why);
            return Optional.of(new Unusable(location, why));
        }
        return Optional.of(new Pulled(pulled.get().id(), location, update, reference));
    }

    /** Why labels are not those of an image ocisi built as this image from these inputs, if they are not. */
    private static Optional<String> mismatch(Map<String, String> labels, ImageSpec spec, String digest) {
        if (!OcisiLabels.builtFor(labels, spec)) {
            return Optional.of("was not built by ocisi as " + spec.id() + " of a hierarchy file named "
                    + OcisiLabels.hierarchyOf(spec.origin().file()));
        }
        if (!digest.equals(labels.get(OcisiLabels.INPUT_DIGEST))) {
            return Optional.of("carries the inputs digest " + labels.get(OcisiLabels.INPUT_DIGEST)
                    + ", not this build's " + digest);
        }
        return Optional.empty();
    }
}
