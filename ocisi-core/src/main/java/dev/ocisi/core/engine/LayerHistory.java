package dev.ocisi.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lines an image's history up with its layers. The history has one entry per build step, oldest first; the steps that
 * changed no file (LABEL, ARG, ENV, ...) made no layer. The rest, in order, are the RootFS layers, and their sizes
 * are the layers' sizes.
 */
final class LayerHistory {

    /** One history entry: whether it made a layer, and its size. */
    record Entry(boolean emptyLayer, long size) {}

    /** Docker's classic builder and buildah write metadata steps as "#(nop) KEYWORD"; COPY and ADD make layers. */
    private static final Pattern METADATA_STEP = Pattern.compile("#\\(nop\\)\\s+(?!(ADD|COPY)\\b)");

    private LayerHistory() {}

    /** For a history that says nothing of empty layers (the Docker API's): what its creation text says. */
    static boolean isMetadataStep(String createdBy) {
        return createdBy != null && METADATA_STEP.matcher(createdBy).find();
    }

    /**
     * The layers with their sizes; empty when the history does not line up with them. When it names more layers than
     * there are, the extra ones are the zero-size steps (dockerd records a RUN that changed no file as an empty layer),
     * provided that makes the count right.
     */
    static List<Layer> lineUp(List<String> digests, List<Entry> oldestFirst) {
        List<Long> sizes = oldestFirst.stream()
                .filter(e -> !e.emptyLayer())
                .map(Entry::size)
                .toList();
        if (sizes.size() > digests.size()) {
            sizes = sizes.stream().filter(size -> size > 0).toList();
        }
        if (sizes.size() != digests.size()) {
            return List.of();
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < digests.size(); i++) {
            layers.add(new Layer(digests.get(i), sizes.get(i)));
        }
        return layers;
    }
}
