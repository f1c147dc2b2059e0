package dev.ocisi.core.engine;

import java.time.Instant;
import java.util.Map;

/**
 * A container as the engine lists it, running or not.
 *
 * @param imageId          the id of the image it was created from ({@code sha256:...})
 * @param image            the reference it was created from, as the engine recorded it
 * @param created          when it was made ({@link Instant#EPOCH} when the engine does not say)
 * @param workingContainer whether a build made it to run its steps in (podman lists buildah's as "external")
 */
public record ContainerSummary(
        String id,
        String name,
        String imageId,
        String image,
        Map<String, String> labels,
        Instant created,
        boolean workingContainer) {

    public ContainerSummary {
        labels = Map.copyOf(labels);
    }

    public ContainerSummary(String id, String name, String imageId, String image, Map<String, String> labels) {
        this(id, name, imageId, image, labels, Instant.EPOCH, false);
    }
}
