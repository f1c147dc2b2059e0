package dev.ocisi.core.report;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.devcontainer.Consumers;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.layers.LayerReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the page shows.
 *
 * @param states each image's state; an image without one is drawn as unknown
 * @param layers the images' layers, when the stores could be read
 * @param runs      the recorded runs, newest first
 * @param consumers the boxes and dev containers of the leaves, when the stores could be read
 */
public record ReportInput(
        HierarchyGraph graph,
        Map<ImageName, NodeState> states,
        Optional<LayerReport> layers,
        List<RunHistory.RunRecord> runs,
        Instant made,
        List<Consumers.Consumer> consumers) {

    public ReportInput {
        states = Map.copyOf(states);
        runs = List.copyOf(runs);
        consumers = List.copyOf(consumers);
    }

    public ReportInput(
            HierarchyGraph graph,
            Map<ImageName, NodeState> states,
            Optional<LayerReport> layers,
            List<RunHistory.RunRecord> runs,
            Instant made) {
        this(graph, states, layers, runs, made, List.of());
    }
}
