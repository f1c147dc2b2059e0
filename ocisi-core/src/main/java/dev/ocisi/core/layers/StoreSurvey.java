package dev.ocisi.core.layers;

import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.DamagedImages;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.ImageSummary;
import dev.ocisi.core.engine.Layer;
import dev.ocisi.core.log.Log;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every top-level image of one engine's store, ocisi's or not, each grouped by the images it was built on. Engines
 * keep no parent link for images they pulled or that another tool built, so the parent is found from the layers: the
 * image whose layers are the longest proper prefix of this one's. One listing, one inspection, and a history per image
 * only for layers whose size is not known yet.
 */
public final class StoreSurvey {

    private StoreSurvey() {}

    public static LayerReport of(String store, ContainerEngine engine, Log log) throws EngineException {
        return of(store, engine, SizedLayers.in(java.util.Optional.empty()), log);
    }

    static LayerReport of(String store, ContainerEngine engine, SizedLayers sized, Log log) throws EngineException {
        Map<String, List<Layer>> images = new LinkedHashMap<>();
        int unsized = 0;
        List<ImageSummary> listed = engine.listByLabels(Map.of());
        Map<String, List<Layer>> found =
                sized.of(store, engine, listed.stream().map(ImageSummary::id).toList());
        for (ImageSummary image : listed) {
            List<Layer> layers = found.getOrDefault(image.id(), List.of());
            if (layers.isEmpty()) {
                unsized++;
            } else {
                images.put(name(image), layers);
            }
        }
        DamagedImages.warn(store, engine, log);
        if (unsized > 0) {
            log.warn(unsized + " image(s) in " + store + "'s store left out: their history does not line up with "
                    + "their layers, so their layers cannot be sized");
        }
        return LayerReport.of(byDetectedParents(store, images));
    }

    /** Tags as the engine lists them; an untagged image by its short id. */
    static String name(ImageSummary image) {
        if (!image.tags().isEmpty()) {
            return String.join(", ", image.tags());
        }
        String hex = image.id().startsWith("sha256:") ? image.id().substring(7) : image.id();
        return "<none> " + hex.substring(0, Math.min(12, hex.length()));
    }

    /**
     * Each image with the chain of images it was built on, top first. An image with the same layers as another is
     * not taken for its parent: only a strictly shorter prefix is, so the chain always ends.
     */
    static List<LayerReport.Measured> byDetectedParents(String store, Map<String, List<Layer>> images) {
        Map<String, List<Layer>> distinct = new LinkedHashMap<>();
        images.forEach((name, layers) -> distinct.put(name, LayerReport.distinct(layers)));
        Map<String, String> parents = new LinkedHashMap<>();
        distinct.forEach((name, layers) -> {
            String best = null;
            int bestSize = 0;
            for (Map.Entry<String, List<Layer>> other : distinct.entrySet()) {
                int size = other.getValue().size();
                if (size < layers.size()
                        && size > bestSize
                        && LayerReport.commonPrefix(layers, other.getValue()) == size) {
                    best = other.getKey();
                    bestSize = size;
                }
            }
            if (best != null) {
                parents.put(name, best);
            }
        });
        List<LayerReport.Measured> measured = new ArrayList<>();
        images.forEach((name, layers) -> {
            List<LayerReport.Source> chain = new ArrayList<>();
            for (String parent = parents.get(name); parent != null; parent = parents.get(parent)) {
                chain.add(0, new LayerReport.Source(LayerReport.Origin.ANCESTOR, parent, images.get(parent)));
            }
            measured.add(new LayerReport.Measured(name, store, layers, chain));
        });
        return measured;
    }
}
