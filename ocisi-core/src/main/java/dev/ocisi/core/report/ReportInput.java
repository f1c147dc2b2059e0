package dev.ocisi.core.report;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.devcontainer.Consumers;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.layers.LayerReport;
import dev.ocisi.core.plan.PackageSet;
import dev.ocisi.core.sbom.Sbom;
import dev.ocisi.core.sbom.Sboms;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * @param sboms     the bills of materials written beside the page, in the hierarchy's order
 * @param packageChanges how each image's packages changed from the image before it, where both documents are kept
 */
public record ReportInput(
        HierarchyGraph graph,
        Map<ImageName, NodeState> states,
        Optional<LayerReport> layers,
        List<RunHistory.RunRecord> runs,
        Instant made,
        List<Consumers.Consumer> consumers,
        List<Sbom> sboms,
        Map<ImageName, PackageSet.Changes> packageChanges) {

    public ReportInput {
        states = Map.copyOf(states);
        runs = List.copyOf(runs);
        consumers = List.copyOf(consumers);
        sboms = List.copyOf(sboms);
        packageChanges = Map.copyOf(packageChanges);
    }

    public ReportInput(
            HierarchyGraph graph,
            Map<ImageName, NodeState> states,
            Optional<LayerReport> layers,
            List<RunHistory.RunRecord> runs,
            Instant made,
            List<Consumers.Consumer> consumers) {
        this(graph, states, layers, runs, made, consumers, List.of(), Map.of());
    }

    /** The same, with the bills of materials found in {@code folder} for the hierarchy's images. */
    public ReportInput withSbomsIn(Path folder) {
        List<Sbom> found = new ArrayList<>();
        Map<ImageName, PackageSet.Changes> changes = new java.util.HashMap<>();
        graph.images().forEach(node -> {
            Sboms.read(folder, node.id()).ifPresent(found::add);
            Sboms.changes(folder, node.id()).ifPresent(c -> changes.put(node.id(), c));
        });
        return new ReportInput(graph, states, layers, runs, made, consumers, found, changes);
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
