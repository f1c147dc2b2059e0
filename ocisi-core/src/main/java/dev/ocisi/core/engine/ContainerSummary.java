package dev.ocisi.core.engine;

import java.util.Map;

/**
 * A container as the engine lists it, running or not.
 *
 * @param imageId the id of the image it was created from ({@code sha256:...})
 * @param image   the reference it was created from, as the engine recorded it
 */
public record ContainerSummary(String id, String name, String imageId, String image, Map<String, String> labels) {

    public ContainerSummary {
        labels = Map.copyOf(labels);
    }
}
