package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The hierarchy as an indented tree, each image under the parent whose layers it inherits, in build order. ASCII
 * branches, like {@code mvn dependency:tree}, so that every console and CI log shows them.
 */
public final class TreeView {

    private TreeView() {}

    public static List<String> render(HierarchyGraph graph) {
        return render(graph, Map.of());
    }

    /** With each image's status, when known: "up to date", or "stale: why". */
    public static List<String> render(HierarchyGraph graph, Map<ImageName, ImageStatus> statuses) {
        List<String> lines = new ArrayList<>();
        for (ImageNode root : roots(graph)) {
            lines.add(describe(graph, root) + status(statuses, root));
            renderChildren(graph, root, "", lines, statuses);
        }
        return lines;
    }

    private static String status(Map<ImageName, ImageStatus> statuses, ImageNode node) {
        ImageStatus status = statuses.get(node.id());
        return status == null ? "" : status.stale() ? " -- stale: " + status.text() : " -- " + status.text();
    }

    private static List<ImageNode> roots(HierarchyGraph graph) {
        return graph.images().stream()
                .filter(n -> graph.parent(n.id()).isEmpty())
                .toList();
    }

    /** A line still to draw: the image, the indentation of its line, and whether it is its parent's last child. */
    private record Pending(ImageNode node, String indent, boolean last) {}

    /**
     * The node's descendants, depth first, each line indented under its parent: with a stack of its own rather than
     * the call stack, so that a chain thousands of images deep is drawn too.
     */
    private static void renderChildren(
            HierarchyGraph graph,
            ImageNode root,
            String rootIndent,
            List<String> lines,
            Map<ImageName, ImageStatus> statuses) {
        Deque<Pending> stack = new ArrayDeque<>();
        pushChildren(graph, root, rootIndent, stack);
        while (!stack.isEmpty()) {
            Pending next = stack.pop();
            lines.add(next.indent()
                    + (next.last() ? "\\- " : "+- ")
                    + describe(graph, next.node())
                    + status(statuses, next.node()));
            pushChildren(graph, next.node(), next.indent() + (next.last() ? "   " : "|  "), stack);
        }
    }

    /** The node's children on the stack, the first on top. */
    private static void pushChildren(HierarchyGraph graph, ImageNode node, String indent, Deque<Pending> stack) {
        List<ImageNode> children = graph.dependents(node.id()).stream()
                .filter(Dependency::isBase)
                .map(d -> graph.node(d.child()))
                .toList();
        for (int i = children.size() - 1; i >= 0; i--) {
            stack.push(new Pending(children.get(i), indent, i == children.size() - 1));
        }
    }

    /** {@code name:tag [manager, enabled, box NAME] FROM base; also uses x:t}. */
    static String describe(HierarchyGraph graph, ImageNode node) {
        ImageSpec spec = node.spec();
        StringBuilder line = new StringBuilder(spec.id().toString())
                .append(" [")
                .append(String.join(
                        "+", spec.managers().stream().map(Manager::id).toList()))
                .append(", ")
                .append(spec.enabled() ? "enabled" : "disabled");
        if (spec.hasPlatforms()) {
            line.append(", ").append(spec.platform());
        }
        if (spec.assemble()) {
            line.append(", box ").append(spec.distrobox());
        }
        if (spec.devcontainer().enabled()) {
            line.append(", dev container");
        }
        line.append(']');
        node.externalBase().ifPresent(base -> line.append(" FROM ").append(base));
        node.spec()
                .rootfs()
                .ifPresent(
                        rootfs -> line.append(" from ").append(rootfs.source().describe()));
        List<String> others = new ArrayList<>();
        graph.dependencies(node.id()).stream()
                .filter(d -> !d.isBase())
                .forEach(d -> others.add(d.parent().toString()));
        node.externalUses().forEach(u -> others.add(u.reference().toString()));
        if (!others.isEmpty()) {
            line.append("; also uses ").append(others.stream().distinct().collect(Collectors.joining(", ")));
        }
        return line.toString();
    }
}
