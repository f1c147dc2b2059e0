package dev.ocisi.core.engine;

import java.time.Instant;
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
 * @param created     when it was built (its config says so; a pulled image keeps the time it was built elsewhere)
 */
public record ImageDetails(
        String id,
        List<String> tags,
        Map<String, String> labels,
        List<String> layers,
        long size,
        List<String> repoDigests,
        Instant created) {

    public ImageDetails {
        tags = List.copyOf(tags);
        repoDigests = List.copyOf(repoDigests);
        labels = Map.copyOf(labels);
        layers = List.copyOf(layers);
    }

    /** When the engine's text gives a time, that time; else the epoch (an image of unknown age is old). */
    static Instant createdAt(String text) {
        if (text == null || text.isBlank()) {
            return Instant.EPOCH;
        }
        try {
            return java.time.OffsetDateTime.parse(text.strip()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    public String label(String key) {
        return labels.get(key);
    }
}
