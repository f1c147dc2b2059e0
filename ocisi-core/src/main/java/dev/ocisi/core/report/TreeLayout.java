package dev.ocisi.core.report;

import dev.ocisi.core.graph.Dependency;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hierarchy laid out as the tree it is, left to right: each image's column is its depth under its external base,
 * its row follows its leaves in the order of the hierarchy file, and a parent sits in the middle of its children. An
 * image has one parent (its FROM), so the tree edges never cross; what a stage or {@code COPY --from} takes from
 * another image is drawn as a dotted edge over it. Linear in the images, in Java: no program to install (Graphviz'
 * dot draws such trees as fast, but is one more dependency), and the nodes are drawn with the page's own links,
 * colours and titles (bench/report.sh measures both; docs/report.md has the figures).
 */
public record TreeLayout(List<Placed> nodes, List<Edge> edges, int rows, int depth) {

    /** A node: an image of the hierarchy (key: its name) or an external base (key: its reference). */
    public record Placed(String key, boolean external, int column, double row) {}

    public record Edge(String from, String to, boolean dotted) {}

    public TreeLayout {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public static TreeLayout of(HierarchyGraph graph) {
        Map<String, List<String>> children = new LinkedHashMap<>();
        Set<String> externals = new LinkedHashSet<>();
        List<String> roots = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (ImageNode node : graph.images()) {
            String key = node.id().toString();
            Optional<String> image = graph.parent(node.id()).map(p -> p.id().toString());
            Optional<String> parent = image.or(() -> node.externalBase().map(Object::toString));
            if (parent.isPresent()) {
                children.computeIfAbsent(parent.get(), k -> new ArrayList<>()).add(key);
                edges.add(new Edge(parent.get(), key, false));
                if (image.isEmpty() && externals.add(parent.get())) {
                    roots.add(parent.get());
                }
            } else {
                roots.add(key);
            }
            for (Dependency dependency : graph.dependencies(node.id())) {
                if (!dependency.isBase()) {
                    edges.add(new Edge(dependency.parent().toString(), key, true));
                }
            }
            node.externalUses().forEach(use -> {
                String reference = use.reference().toString();
                if (externals.add(reference)) {
                    roots.add(reference);
                }
                edges.add(new Edge(reference, key, true));
            });
        }
        List<Placed> placed = new ArrayList<>();
        int[] nextRow = {0};
        int[] deepest = {0};
        for (String root : roots) {
            place(root, children, externals, placed, nextRow, deepest);
        }
        return new TreeLayout(placed, edges, nextRow[0], deepest[0]);
    }

    /** A subtree being placed: its root, its column, its slot in the placement, and its children's rows so far. */
    private static final class Frame {
        final String key;
        final int column;
        final int index;
        final List<String> below;
        int next;
        double first = Double.NaN;
        double last;

        Frame(String key, int column, int index, List<String> below) {
            this.key = key;
            this.column = column;
            this.index = index;
            this.below = below;
        }
    }

    /**
     * Places the subtree (its leaves take the next rows, a parent sits midway between its first and last child), with a
     * stack of its own rather than the call stack, so that a chain thousands of images deep is laid out too.
     */
    private static void place(
            String root,
            Map<String, List<String>> children,
            Set<String> externals,
            List<Placed> placed,
            int[] nextRow,
            int[] deepest) {
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(frame(root, 0, children, placed, deepest));
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.next < frame.below.size()) {
                stack.push(frame(frame.below.get(frame.next++), frame.column + 1, children, placed, deepest));
                continue;
            }
            double row = frame.below.isEmpty() ? nextRow[0]++ : (frame.first + frame.last) / 2;
            placed.set(frame.index, new Placed(frame.key, externals.contains(frame.key), frame.column, row));
            stack.pop();
            Frame parent = stack.peek();
            if (parent != null) {
                parent.first = Double.isNaN(parent.first) ? row : parent.first;
                parent.last = row;
            }
        }
    }

    /** A new subtree's frame, its slot taken: the parent before its children, in the order it is drawn. */
    private static Frame frame(
            String key, int column, Map<String, List<String>> children, List<Placed> placed, int[] deepest) {
        deepest[0] = Math.max(deepest[0], column);
        placed.add(null);
        return new Frame(key, column, placed.size() - 1, children.getOrDefault(key, List.of()));
    }
}
