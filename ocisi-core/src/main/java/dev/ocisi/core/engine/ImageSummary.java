package dev.ocisi.core.engine;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** An image as the engine lists it: no layers, one call for many images. */
public record ImageSummary(String id, List<String> tags, Map<String, String> labels, long size) {

    public ImageSummary {
        tags = List.copyOf(tags);
        labels = Map.copyOf(labels);
    }

    /**
     * The one label filter to hand the engine: podman's CLI ORs several label filters and its API service matches
     * none when given two, so the engine narrows by one (the longest, likely the most selective) and
     * {@link #hasLabels} checks them all.
     */
    public static Map<String, String> engineFilter(Map<String, String> wanted) {
        return wanted.entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<String, String> e) ->
                                e.getKey().length() + e.getValue().length())
                        .thenComparing(Map.Entry::getKey))
                .map(e -> Map.of(e.getKey(), e.getValue()))
                .orElse(Map.of());
    }

    /** Whether it carries every one of these labels; a wanted value of "" matches any value. */
    public boolean hasLabels(Map<String, String> wanted) {
        return wanted.entrySet().stream()
                .allMatch(w -> labels.containsKey(w.getKey())
                        && (w.getValue().isEmpty() || w.getValue().equals(labels.get(w.getKey()))));
    }
}
