package dev.ocisi.core.layers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.problem.StateFiles;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code list -Dlayers} reports, as its JSON form has it.
 *
 * @param hierarchy the hierarchy's images
 * @param stores    with {@code -Dall}: every image of each store the hierarchy uses, by manager; else empty
 */
public record LayerListing(LayerReport hierarchy, Map<String, LayerReport> stores) {

    public LayerListing {
        stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
    }

    /**
     * What {@code list -Dlayers} shows: the hierarchy's images and their layers, and with {@code everyImage} every
     * image of each store the hierarchy uses.
     */
    public static LayerListing survey(HierarchyGraph hierarchy, Engines engines, boolean everyImage, Log log)
            throws EngineException {
        return survey(hierarchy, engines, everyImage, Optional.empty(), log);
    }

    /** @param stateFolder where layer sizes, read once, are kept for the next listings */
    public static LayerListing survey(
            HierarchyGraph hierarchy, Engines engines, boolean everyImage, Optional<Path> stateFolder, Log log)
            throws EngineException {
        SizedLayers sized = SizedLayers.in(stateFolder);
        try {
            LayerReport report = LayerSurvey.of(hierarchy, engines, sized, log);
            Map<String, LayerReport> stores = new LinkedHashMap<>();
            if (everyImage) {
                for (Manager manager : LayerSurvey.managers(hierarchy)) {
                    stores.put(
                            manager.toString(),
                            StoreSurvey.of(manager.toString(), engines.forManager(manager), sized, log));
                }
            }
            return new LayerListing(report, stores);
        } finally {
            sized.save();
        }
    }

    /** The text form, to the log. */
    public void writeText(Log log) {
        log.info("");
        LayerView.render(hierarchy).forEach(log::info);
        for (Map.Entry<String, LayerReport> store : stores.entrySet()) {
            log.info("");
            log.info("Every image in " + store.getKey() + "'s store ("
                    + store.getValue().images().size() + "), grouped by the image whose layers each starts with:");
            LayerView.render(store.getValue()).forEach(log::info);
        }
    }

    /** The JSON form, written to {@code file} and handed to the log as the goal's result. */
    public void writeJson(Path file, Log log) throws StateException {
        String json;
        try {
            json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the listing's own records cannot be written as JSON", e);
        }
        StateFiles.writeString(file, json + "\n");
        log.result(json);
    }
}
