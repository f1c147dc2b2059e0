package dev.ocisi.core.run;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.engine.ImageTransfer;
import dev.ocisi.core.log.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The copies of an image in the other stores its item names ({@code manager: [podman, docker]}): the image its own
 * store holds, saved there and loaded into each other store, so that both hold one image with one id (its config's
 * digest), built once. A copy that has the id already is only tagged; one of an older image loses its tag to the new
 * one, and stays until pruned, like an image a build replaced.
 */
public final class StoreCopies {

    /** What became of one copy. */
    public record Copy(ImageSpec image, Manager store, String id, boolean loaded) {
        public String describe() {
            return image.id() + " in " + store + "'s store: "
                    + (loaded ? "copied from " + image.manager() + "'s" : "has it already") + " ("
                    + id.substring(0, Math.min(id.length(), 19)) + ")";
        }
    }

    private StoreCopies() {}

    /** Brings every copy of these images up to their current image (those the run has usable). */
    public static List<Copy> keep(List<ImageSpec> images, Engines engines, Log log) throws EngineException {
        List<Copy> copies = new ArrayList<>();
        for (ImageSpec image : images) {
            if (image.copies().isEmpty()) {
                continue;
            }
            ContainerEngine home = engines.forManager(image.manager());
            Optional<ImageDetails> current = home.inspect(image.id().localReference());
            if (current.isEmpty()) {
                continue;
            }
            for (Manager store : image.copies()) {
                Copy copy = copy(image, current.get().id(), home, store, engines.forManager(store), log);
                log.info(copy.describe());
                copies.add(copy);
            }
        }
        return copies;
    }

    private static Copy copy(
            ImageSpec image, String id, ContainerEngine home, Manager store, ContainerEngine target, Log log)
            throws EngineException {
        boolean loaded = target.inspect(id).isEmpty();
        if (loaded) {
            ImageTransfer.copy(home, target, id);
        }
        ImageTags.tag(image, store, id, target, log);
        return new Copy(image, store, id, loaded);
    }
}
