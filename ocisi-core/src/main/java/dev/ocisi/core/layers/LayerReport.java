package dev.ocisi.core.layers;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.engine.Layer;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which layers the images of a hierarchy share, and what that saves. Each image's layers are grouped by where they
 * come from: its external base, each ancestor in the hierarchy, and its own. The boundaries are computed from the
 * ancestors' actual layers (the longest common prefix), not assumed, so an image built on an older parent shows
 * its stale layers as its own. A digest repeated within one image (podman repeats the empty layer) counts once.
 *
 * @param images     each image measured, in build order
 * @param shared     each layer held by more than one image, largest first
 * @param onDisk     bytes of every distinct layer, stored once
 * @param standalone bytes if every image stood alone with all its layers
 */
public record LayerReport(List<ImageLayers> images, List<SharedLayer> shared, long onDisk, long standalone) {

    /** Where a group of layers comes from. */
    public enum Origin {
        BASE,
        ANCESTOR,
        OWN
    }

    /** A run of an image's layers that come from one place. */
    public record Group(Origin origin, String from, List<Layer> layers, long bytes) {
    }

    /** One image's layers, grouped, with its own bytes against what it inherits. */
    public record ImageLayers(ImageName image, List<Group> groups, long own, long inherited) {
    }

    /** A layer several images hold. */
    public record SharedLayer(String digest, long size, List<ImageName> images) {
    }

    /** What sharing saves: the bytes the images would take standing alone, less the bytes on disk. */
    @com.fasterxml.jackson.annotation.JsonProperty("saved")
    public long saved() {
        return standalone - onDisk;
    }

    /**
     * @param layers each built image's layers, base first
     * @param bases  each external base's layers, by reference as written in FROM
     */
    public static LayerReport of(HierarchyGraph graph, Map<ImageName, List<Layer>> layers,
            Map<String, List<Layer>> bases) {
        List<ImageLayers> images = new ArrayList<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        Map<String, Set<ImageName>> holders = new LinkedHashMap<>();
        long standalone = 0;
        for (ImageNode node : graph.images()) {
            List<Layer> own = layers.get(node.id());
            if (own == null) {
                continue;
            }
            List<Layer> distinct = distinct(own);
            images.add(group(graph, node, distinct, layers, bases));
            for (Layer layer : distinct) {
                standalone += layer.size();
                sizes.putIfAbsent(layer.digest(), layer.size());
                holders.computeIfAbsent(layer.digest(), d -> new LinkedHashSet<>()).add(node.id());
            }
        }
        List<SharedLayer> shared = new ArrayList<>();
        holders.forEach((digest, who) -> {
            if (who.size() > 1) {
                shared.add(new SharedLayer(digest, sizes.get(digest), List.copyOf(who)));
            }
        });
        shared.sort((a, b) -> Long.compare(b.size(), a.size()));
        long onDisk = sizes.values().stream().mapToLong(Long::longValue).sum();
        return new LayerReport(List.copyOf(images), List.copyOf(shared), onDisk, standalone);
    }

    /** The chain of the image's ancestors (top first), then its external base, each cut from the image's layers. */
    private static ImageLayers group(HierarchyGraph graph, ImageNode node, List<Layer> distinct,
            Map<ImageName, List<Layer>> layers, Map<String, List<Layer>> bases) {
        List<String> names = new ArrayList<>();
        List<Origin> origins = new ArrayList<>();
        List<List<Layer>> chain = new ArrayList<>();
        Optional<ImageNode> ancestor = graph.parent(node.id());
        ImageNode top = node;
        while (ancestor.isPresent() && layers.containsKey(ancestor.get().id())) {
            names.add(0, ancestor.get().id().toString());
            origins.add(0, Origin.ANCESTOR);
            chain.add(0, distinct(layers.get(ancestor.get().id())));
            top = ancestor.get();
            ancestor = graph.parent(top.id());
        }
        top.externalBase().map(Object::toString).filter(bases::containsKey).ifPresent(base -> {
            names.add(0, base);
            origins.add(0, Origin.BASE);
            chain.add(0, distinct(bases.get(base)));
        });
        List<Group> groups = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < chain.size(); i++) {
            int to = Math.max(from, commonPrefix(distinct, chain.get(i)));
            if (to > from) {
                groups.add(group(origins.get(i), names.get(i), distinct.subList(from, to)));
            }
            from = to;
        }
        long inherited = groups.stream().mapToLong(Group::bytes).sum();
        if (from < distinct.size()) {
            groups.add(group(Origin.OWN, node.id().toString(), distinct.subList(from, distinct.size())));
        }
        long own = distinct.subList(from, distinct.size()).stream().mapToLong(Layer::size).sum();
        return new ImageLayers(node.id(), List.copyOf(groups), own, inherited);
    }

    private static Group group(Origin origin, String from, List<Layer> layers) {
        return new Group(origin, from, List.copyOf(layers), layers.stream().mapToLong(Layer::size).sum());
    }

    private static int commonPrefix(List<Layer> a, List<Layer> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).digest().equals(b.get(n).digest())) {
            n++;
        }
        return n;
    }

    private static List<Layer> distinct(List<Layer> layers) {
        Map<String, Layer> seen = new LinkedHashMap<>();
        layers.forEach(layer -> seen.putIfAbsent(layer.digest(), layer));
        return List.copyOf(seen.values());
    }
}
