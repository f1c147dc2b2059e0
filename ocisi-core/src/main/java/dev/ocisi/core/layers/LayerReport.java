package dev.ocisi.core.layers;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Platform;
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
 * Which layers a set of images share, and what that saves. Each image's layers are grouped by where they come from:
 * its external base, each ancestor, and its own. The boundaries are computed from the ancestors' actual layers (the
 * longest common prefix), not assumed, so an image built on an older parent shows its stale layers as its own. A digest
 * repeated within one image (podman repeats the empty layer) counts once. Layers are told apart per image store: the
 * same digest in podman's store and in docker's takes room twice.
 *
 * @param images     each image measured, in the order given
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
    public record Group(Origin origin, String from, List<Layer> layers, long bytes) {}

    /** One image's layers, grouped, with its own bytes against what it inherits. */
    public record ImageLayers(String image, List<Group> groups, long own, long inherited) {}

    /** A layer several images hold. */
    public record SharedLayer(String digest, long size, List<String> images) {}

    /** What an image is built on, top first: its external base or oldest ancestor, down to its parent. */
    public record Source(Origin origin, String name, List<Layer> layers) {}

    /**
     * One image to measure.
     *
     * @param store   the image store holding it (layers are shared within a store only)
     * @param layers  its layers, base first
     * @param sources what it is built on, top first
     */
    public record Measured(String image, String store, List<Layer> layers, List<Source> sources) {}

    /** What sharing saves: the bytes the images would take standing alone, less the bytes on disk. */
    @com.fasterxml.jackson.annotation.JsonProperty("saved")
    public long saved() {
        return standalone - onDisk;
    }

    /**
     * The images of a hierarchy, each grouped by its ancestors in the hierarchy and the external base of the topmost.
     *
     * @param layers each built image's layers, base first
     * @param bases  each external base's layers, by {@link #baseName}
     */
    public static LayerReport of(
            HierarchyGraph graph, Map<ImageName, List<Layer>> layers, Map<String, List<Layer>> bases) {
        List<Measured> measured = new ArrayList<>();
        for (ImageNode node : graph.images()) {
            List<Layer> own = layers.get(node.id());
            if (own != null) {
                measured.add(new Measured(
                        node.id().toString(),
                        node.spec().manager().toString(),
                        own,
                        sources(graph, node, layers, bases)));
            }
        }
        return of(measured);
    }

    public static LayerReport of(List<Measured> measured) {
        List<ImageLayers> images = new ArrayList<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        Map<String, Set<String>> holders = new LinkedHashMap<>();
        long standalone = 0;
        for (Measured image : measured) {
            List<Layer> distinct = distinct(image.layers());
            images.add(group(image, distinct));
            for (Layer layer : distinct) {
                String key = image.store() + " " + layer.digest();
                standalone += layer.size();
                sizes.putIfAbsent(key, layer.size());
                holders.computeIfAbsent(key, d -> new LinkedHashSet<>()).add(image.image());
            }
        }
        List<SharedLayer> shared = new ArrayList<>();
        holders.forEach((key, who) -> {
            if (who.size() > 1) {
                shared.add(new SharedLayer(key.substring(key.indexOf(' ') + 1), sizes.get(key), List.copyOf(who)));
            }
        });
        shared.sort((a, b) -> Long.compare(b.size(), a.size()));
        long onDisk = sizes.values().stream().mapToLong(Long::longValue).sum();
        return new LayerReport(List.copyOf(images), List.copyOf(shared), onDisk, standalone);
    }

    /** The chain of the image's ancestors (top first), then its external base. */
    private static List<Source> sources(
            HierarchyGraph graph, ImageNode node, Map<ImageName, List<Layer>> layers, Map<String, List<Layer>> bases) {
        List<Source> chain = new ArrayList<>();
        Optional<ImageNode> ancestor = graph.parent(node.id());
        ImageNode top = node;
        while (ancestor.isPresent() && layers.containsKey(ancestor.get().id())) {
            chain.add(
                    0,
                    new Source(
                            Origin.ANCESTOR,
                            ancestor.get().id().toString(),
                            layers.get(ancestor.get().id())));
            top = ancestor.get();
            ancestor = graph.parent(top.id());
        }
        if (top.externalBase().isPresent() && bases.containsKey(baseName(top))) {
            chain.add(0, new Source(Origin.BASE, baseName(top), bases.get(baseName(top))));
        }
        return chain;
    }

    /** An external base as the report names it: as written, with the platform when it is not this machine's. */
    static String baseName(ImageNode node) {
        String written = node.externalBase().orElseThrow().toString();
        Platform platform = node.spec().platform();
        return platform.isForeign() ? written + " (" + platform + ")" : written;
    }

    /** Each source, in turn, claims the layers it shares with the image beyond those the sources above claimed. */
    private static ImageLayers group(Measured image, List<Layer> distinct) {
        List<Group> groups = new ArrayList<>();
        int from = 0;
        for (Source source : image.sources()) {
            int to = Math.max(from, commonPrefix(distinct, distinct(source.layers())));
            if (to > from) {
                groups.add(group(source.origin(), source.name(), distinct.subList(from, to)));
            }
            from = to;
        }
        long inherited = groups.stream().mapToLong(Group::bytes).sum();
        if (from < distinct.size()) {
            groups.add(group(Origin.OWN, image.image(), distinct.subList(from, distinct.size())));
        }
        long own = distinct.subList(from, distinct.size()).stream()
                .mapToLong(Layer::size)
                .sum();
        return new ImageLayers(image.image(), List.copyOf(groups), own, inherited);
    }

    private static Group group(Origin origin, String from, List<Layer> layers) {
        return new Group(
                origin,
                from,
                List.copyOf(layers),
                layers.stream().mapToLong(Layer::size).sum());
    }

    static int commonPrefix(List<Layer> a, List<Layer> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).digest().equals(b.get(n).digest())) {
            n++;
        }
        return n;
    }

    static List<Layer> distinct(List<Layer> layers) {
        Map<String, Layer> seen = new LinkedHashMap<>();
        layers.forEach(layer -> seen.putIfAbsent(layer.digest(), layer));
        return List.copyOf(seen.values());
    }
}
