package dev.ocisi.core.layers;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.Layer;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.config.Manager;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Reads the layers of every enabled image of the hierarchy, and of the external bases they start from, from their
 * engines: one {@code layers} call per image (no call per layer). Images not built yet are left out, and said.
 */
public final class LayerSurvey {

    private LayerSurvey() {
    }

    public static LayerReport of(HierarchyGraph graph, Engines engines, Log log) throws EngineException {
        Map<ImageName, List<Layer>> layers = new LinkedHashMap<>();
        Map<String, List<Layer>> bases = new LinkedHashMap<>();
        for (ImageNode node : graph.enabledImages()) {
            ImageSpec spec = node.spec();
            ContainerEngine engine = engines.forManager(spec.manager());
            List<Layer> own = engine.layers(spec.id().localReference());
            if (own.isEmpty()) {
                log.warn(spec.id() + " is not in " + spec.manager() + "'s store (or its layers cannot be sized): run "
                        + "process first");
                continue;
            }
            layers.put(spec.id(), own);
            if (graph.parent(node.id()).isEmpty() && node.externalBase().isPresent()) {
                String base = node.externalBase().get().toString();
                if (!bases.containsKey(base)) {
                    List<Layer> baseLayers = engine.layers(base);
                    if (!baseLayers.isEmpty()) {
                        bases.put(base, baseLayers);
                    }
                }
            }
        }
        return LayerReport.of(graph, layers, bases);
    }

    /** The managers whose stores hold the enabled images, in the order they first appear. */
    public static Set<Manager> managers(HierarchyGraph graph) {
        Set<Manager> managers = new LinkedHashSet<>();
        graph.enabledImages().forEach(node -> managers.add(node.spec().manager()));
        return managers;
    }
}
