package dev.ocisi.core.engine;

import java.util.List;
import java.util.Map;

/**
 * An image as the engine inspects it.
 *
 * @param id     {@code sha256:...}
 * @param tags   its references, {@code localhost/name:tag}
 * @param layers the digests of its root filesystem's layers, base first (RootFS.Layers)
 * @param size   bytes
 * @param repoDigests where a registry serves it, {@code name@sha256:...} (none for an image built or imported here)
 */
public record ImageDetails(String id, List<String> tags, Map<String, String> labels, List<String> layers, long size,
        List<String> repoDigests) {

    public ImageDetails {
        tags = List.copyOf(tags);
        repoDigests = List.copyOf(repoDigests);
        labels = Map.copyOf(labels);
        layers = List.copyOf(layers);
    }

    public String label(String key) {
        return labels.get(key);
    }
}
