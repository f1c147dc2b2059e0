package dev.ocisi.core.graph;

import dev.ocisi.core.config.Hierarchy;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.problem.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The images of a hierarchy as a DAG: an edge from each parent to each image that needs it. The order of
 * {@link #images()} is topological with ties broken by file order, so a file whose order was already valid (every
 * ocisictl file that worked) keeps its order.
 */
public final class HierarchyGraph {

    private final Hierarchy hierarchy;
    private final Graph<ImageName, Dependency> graph;
    /** The same graph, kept for JGraphT's DAG queries (ancestors, descendants); never handed out. */
    private final DirectedAcyclicGraph<ImageName, Dependency> dag;

    private final Map<ImageName, ImageNode> nodes;
    private final List<ImageNode> order;
    private final List<Problem> warnings;

    HierarchyGraph(
            Hierarchy hierarchy,
            DirectedAcyclicGraph<ImageName, Dependency> graph,
            Map<ImageName, ImageNode> nodes,
            List<Problem> warnings) {
        this.hierarchy = hierarchy;
        this.graph = new AsUnmodifiableGraph<>(graph);
        this.dag = graph;
        this.nodes = Map.copyOf(nodes);
        this.warnings = List.copyOf(warnings);
        TopologicalOrderIterator<ImageName, Dependency> topological = new TopologicalOrderIterator<>(
                graph,
                Comparator.comparingInt((ImageName id) -> nodes.get(id).spec().index()));
        List<ImageNode> sorted = new ArrayList<>();
        topological.forEachRemaining(id -> sorted.add(nodes.get(id)));
        this.order = List.copyOf(sorted);
    }

    /** The hierarchy files the graph was read from, absolute. */
    public List<Path> files() {
        return hierarchy.files();
    }

    public Hierarchy hierarchy() {
        return hierarchy;
    }

    /** Every image, enabled or not, parents before children. */
    public List<ImageNode> images() {
        return order;
    }

    public List<ImageNode> enabledImages() {
        return order.stream().filter(n -> n.spec().enabled()).toList();
    }

    public ImageNode node(ImageName id) {
        ImageNode node = nodes.get(id);
        if (node == null) {
            throw new NoSuchElementException("no image " + id + " in the hierarchy");
        }
        return node;
    }

    public Optional<ImageNode> find(ImageName id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /** The image whose layers this one inherits, when that image is in the hierarchy. */
    public Optional<ImageNode> parent(ImageName id) {
        return graph.incomingEdgesOf(id).stream()
                .filter(Dependency::isBase)
                .findFirst()
                .map(d -> nodes.get(d.parent()));
    }

    /** Every image of the hierarchy this one needs built first. */
    public List<Dependency> dependencies(ImageName id) {
        return graph.incomingEdgesOf(id).stream()
                .sorted(byChildOrder(Dependency::parent))
                .toList();
    }

    /** Every image that needs this one, in build order. */
    public List<Dependency> dependents(ImageName id) {
        return graph.outgoingEdgesOf(id).stream()
                .sorted(byChildOrder(Dependency::child))
                .toList();
    }

    /** Every image built, directly or not, on this one; in build order. */
    public List<ImageNode> descendants(ImageName id) {
        Set<ImageName> descendants = dag.getDescendants(id);
        return order.stream().filter(n -> descendants.contains(n.id())).toList();
    }

    /** Every image this one needs, directly or not; in build order. */
    public List<ImageNode> ancestors(ImageName id) {
        Set<ImageName> ancestors = dag.getAncestors(id);
        return order.stream().filter(n -> ancestors.contains(n.id())).toList();
    }

    /** The graph itself, read-only: vertices are image names, edges run from parent to child. */
    public Graph<ImageName, Dependency> graph() {
        return graph;
    }

    /**
     * The same hierarchy with the images of the other platforms left out: the images that keep their own names stay
     * whatever their platform, so every image is still there once.
     */
    public HierarchyGraph withPlatforms(Collection<Platform> wanted) {
        DirectedAcyclicGraph<ImageName, Dependency> kept = new DirectedAcyclicGraph<>(Dependency.class);
        Map<ImageName, ImageNode> keptNodes = new LinkedHashMap<>();
        for (ImageNode node : order) {
            if (node.spec().platformOf().isEmpty()
                    || wanted.contains(node.spec().platform())) {
                kept.addVertex(node.id());
                keptNodes.put(node.id(), node);
            }
        }
        for (Dependency edge : graph.edgeSet()) {
            if (kept.containsVertex(edge.parent()) && kept.containsVertex(edge.child())) {
                kept.addEdge(edge.parent(), edge.child(), edge);
            }
        }
        return new HierarchyGraph(hierarchy, kept, keptNodes, warnings);
    }

    /** What was questionable in the files and Containerfiles but did not stop the reading. */
    public List<Problem> warnings() {
        return warnings;
    }

    private Comparator<Dependency> byChildOrder(Function<Dependency, ImageName> side) {
        return Comparator.comparingInt(d -> order.indexOf(nodes.get(side.apply(d))));
    }
}
