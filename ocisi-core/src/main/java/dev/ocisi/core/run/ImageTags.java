package dev.ocisi.core.run;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.OcisiLabels;
import java.util.Optional;

/** The names an image of the hierarchy has in a store: {@code localhost/name:tag}, and on dockerd its short name. */
final class ImageTags {

    private ImageTags() {}

    static void tag(ImageSpec spec, Manager manager, String id, ContainerEngine engine, Log log)
            throws EngineException {
        engine.tag(id, spec.id().localReference());
        if (manager == Manager.DOCKER) {
            tagShortName(spec, id, engine, log);
        }
    }

    /**
     * dockerd resolves {@code FROM name:tag} to Docker Hub's library, not to {@code localhost/}: children that name
     * their parent by its short name need that tag too. An image of that name that ocisi did not build is left alone.
     */
    private static void tagShortName(ImageSpec spec, String id, ContainerEngine engine, Log log)
            throws EngineException {
        String shortName = spec.id().toString();
        Optional<ImageDetails> existing = engine.inspect(shortName);
        if (existing.isPresent()
                && !existing.get().id().equals(id)
                && !OcisiLabels.builtAs(existing.get().labels(), spec)) {
            log.warn(shortName + " in docker's store is not ocisi's, so it keeps its tag; images built FROM "
                    + shortName + " get that image, not ocisi's: write FROM "
                    + spec.id().localReference());
            return;
        }
        engine.tag(id, shortName);
    }
}
