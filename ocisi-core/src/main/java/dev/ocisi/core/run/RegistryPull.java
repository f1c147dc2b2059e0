package dev.ocisi.core.run;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.decision.Published;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RemoteImage;
import dev.ocisi.core.registry.UpdateSize;
import java.util.function.Consumer;

/**
 * Instead of a build: the image the registry was found to hold ({@link Published.Found}), pulled by its manifest's
 * digest (so exactly that image, and untagged), and left for the step to tag.
 */
final class RegistryPull {

    /** What came of the pull. */
    sealed interface Outcome permits Pulled, Failed {}

    /** Pulled: the image's id (the same as where it was built) and what the pull downloaded. */
    record Pulled(String id, RegistryLocation location, UpdateSize update) implements Outcome {}

    /** The pull failed, or brought another image than the registry described: why (said in the log too). */
    record Failed(String why) implements Outcome {}

    private RegistryPull() {}

    static Outcome pull(
            ImageSpec spec,
            Published.Found found,
            ContainerEngine engine,
            Registries registries,
            HeldLayers held,
            Log log,
            Consumer<String> output)
            throws EngineException {
        RegistryLocation location = found.location();
        RemoteImage remote = found.image();
        UpdateSize update = UpdateSize.of(remote, held.of(spec.manager(), engine));
        // by digest: exactly the manifest checked, and no registry-named tag left in the store
        String reference = location.host() + "/" + location.repository(spec.id()) + "@" + remote.manifestDigest();
        log.info("Pulling " + spec.id() + " from " + location + ": same inputs (" + update.describe() + ")");
        String id;
        try {
            id = engine.pull(reference, registries.login(location.host()), output);
        } catch (EngineException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            String why = "the pull of " + reference + " failed (" + e.getMessage() + ")";
            log.warn(spec.id() + ": " + why);
            return new Failed(why);
        }
        // an image's id is its config's digest: the same id is the config whose labels were checked
        if (!id.equals(remote.id())) {
            String why = "the image pulled from " + reference + " (" + id + ") is not the one the registry described ("
                    + remote.id() + ")";
            log.warn(spec.id() + ": " + why);
            return new Failed(why);
        }
        held.add(
                spec.manager(),
                remote.layers().stream().map(RemoteImage.RemoteLayer::diffId).toList());
        return new Pulled(id, location, update);
    }
}
