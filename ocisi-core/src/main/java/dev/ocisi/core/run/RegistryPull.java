package dev.ocisi.core.run;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
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
 * carries that same digest (a tag whose image says otherwise is never trusted), pulled by its manifest's digest (so
 * exactly that image, and untagged), and left for the step to tag.
 */
final class RegistryPull {

    /** What came of looking in the registry. */
    sealed interface Outcome permits Pulled, NotThere, Unusable {
    }

    /** Pulled: the image's id (the same as where it was built) and what the pull downloaded. */
    record Pulled(String id, RegistryLocation location, UpdateSize update) implements Outcome {
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
            HeldLayers held, Log log, Consumer<String> output) throws EngineException {
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
        UpdateSize update = UpdateSize.of(remote.get(), held.of(spec.manager(), engine));
        // by digest: exactly the manifest checked above, and no registry-named tag left in the store
        String reference = location.host() + "/" + repository + "@" + remote.get().manifestDigest();
        log.info("Pulling " + spec.id() + " from " + location + ": same inputs (" + update.describe() + ")");
        String id;
        try {
            id = engine.pull(reference, registries.login(location.host()), output);
        } catch (EngineException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            log.warn(spec.id() + ": the pull of " + reference + " failed (" + e.getMessage() + "); building instead");
            return Optional.of(new Unusable(location, e.getMessage()));
        }
        // an image's id is its config's digest: the same id is the config whose labels were checked above
        if (!id.equals(remote.get().id())) {
            String why = "the image pulled from " + reference + " (" + id + ") is not the one the registry described ("
                    + remote.get().id() + ")";
            log.warn(spec.id() + ": " + why);
            return Optional.of(new Unusable(location, why));
        }
        held.add(spec.manager(), remote.get().layers().stream().map(RemoteImage.RemoteLayer::diffId).toList());
        return Optional.of(new Pulled(id, location, update));
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
