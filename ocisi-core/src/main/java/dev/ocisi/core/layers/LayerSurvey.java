package dev.ocisi.core.layers;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.Layer;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.OcisiLabels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the layers of every enabled image of the hierarchy, and of the external bases they start from, from their
 * engines: one inspection of them all per store, and an image's history only for layers whose size is not known yet
 * ({@link SizedLayers}). Images not built yet are left out, and said.
 */
public final class LayerSurvey {

    private LayerSurvey() {}

    public static LayerReport of(HierarchyGraph graph, Engines engines, Log log) throws EngineException {
        return of(graph, engines, SizedLayers.in(Optional.empty()), log);
    }

    /**
     * What to read an external base's layers from: its name, except for another platform's image, whose base under
     * that name is this machine's platform's image; that one's base is the image its label says it was built on.
     */
    private static String baseReference(ImageNode node, ContainerEngine engine) throws EngineException {
        String written = node.externalBase().orElseThrow().toString();
        if (!node.spec().platform().isForeign()) {
            return written;
        }
        return engine.inspect(node.spec().id().localReference())
                .map(i -> i.labels().getOrDefault(OcisiLabels.PARENT, ""))
                .filter(id -> !id.isEmpty())
                .orElse(written);
    }

    static LayerReport of(HierarchyGraph graph, Engines engines, SizedLayers sized, Log log) throws EngineException {
        Map<ImageName, List<Layer>> layers = new LinkedHashMap<>();
        Map<String, List<Layer>> bases = new LinkedHashMap<>();
        for (Manager manager : managers(graph)) {
            ContainerEngine engine = engines.forManager(manager);
            List<ImageNode> nodes = graph.enabledImages().stream()
                    .filter(n -> n.spec().manager() == manager)
                    .toList();
            List<String> references = new ArrayList<>();
            nodes.forEach(node -> references.add(node.spec().id().localReference()));
            Map<ImageName, String> baseOf = new LinkedHashMap<>();
            for (ImageNode node : nodes) {
                if (graph.parent(node.id()).isEmpty() && node.externalBase().isPresent()) {
                    String base = baseReference(node, engine);
                    baseOf.put(node.id(), base);
                    if (!references.contains(base)) {
                        references.add(base);
                    }
                }
            }
            Map<String, List<Layer>> found = sized.of(manager.toString(), engine, references);
            for (ImageNode node : nodes) {
                ImageSpec spec = node.spec();
                List<Layer> own = found.getOrDefault(spec.id().localReference(), List.of());
                if (own.isEmpty()) {
                    log.warn(spec.id() + " is not in " + spec.manager() + "'s store (or its layers cannot be sized): "
                            + "run process first");
                    continue;
                }
                layers.put(spec.id(), own);
                if (baseOf.containsKey(node.id())) {
                    List<Layer> baseLayers = found.getOrDefault(baseOf.get(node.id()), List.of());
                    if (!baseLayers.isEmpty()) {
                        bases.putIfAbsent(LayerReport.baseName(node), baseLayers);
                    }
                }
            }
        }
        return LayerReport.of(graph, orderedAsGraph(graph, layers), bases);
    }

    /** The images in the hierarchy's order, whichever store each came from. */
    private static Map<ImageName, List<Layer>> orderedAsGraph(
            HierarchyGraph graph, Map<ImageName, List<Layer>> layers) {
        Map<ImageName, List<Layer>> ordered = new LinkedHashMap<>();
        graph.enabledImages().forEach(node -> {
            List<Layer> own = layers.get(node.id());
            if (own != null) {
                ordered.put(node.id(), own);
            }
        });
        return ordered;
    }

    /** The managers whose stores hold the enabled images, in the order they first appear. */
    public static Set<Manager> managers(HierarchyGraph graph) {
        Set<Manager> managers = new LinkedHashSet<>();
        graph.enabledImages().forEach(node -> managers.add(node.spec().manager()));
        return managers;
    }
}
