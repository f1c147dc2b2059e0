package dev.ocisi.core.engine;

import java.util.List;
import java.util.Map;

/** An image as the engine lists it: no layers, one call for many images. */
public record ImageSummary(String id, List<String> tags, Map<String, String> labels, long size) {

    public ImageSummary {
        tags = List.copyOf(tags);
        labels = Map.copyOf(labels);
    }
}
