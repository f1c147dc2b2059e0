package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.ImageSpec;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The hierarchy as a Graphviz digraph: images as boxes, external bases as dashed ellipses, disabled images grey. */
public final class DotView {

    private DotView() {}

    public static String render(HierarchyGraph graph) {
        return render(graph, Map.of());
    }

    /** Stale images filled orange, up-to-date ones green, when their status is known. */
    public static String render(HierarchyGraph graph, Map<ImageName, ImageStatus> statuses) {
        StringBuilder dot = new StringBuilder("digraph ocisi {\n")
                .append("  rankdir=TB;\n")
                .append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
                .append("  edge [color=\"gray30\"];\n");
        Set<String> externals = new LinkedHashSet<>();
        for (ImageNode node : graph.images()) {
            ImageSpec spec = node.spec();
            ImageStatus status = statuses.get(spec.id());
            String label = spec.id() + "\\n" + spec.manager() + (spec.enabled() ? "" : ", disabled")
                    + (spec.assemble() ? "\\nbox " + spec.distrobox() : "")
                    + (status == null ? "" : "\\n" + (status.stale() ? "stale: " : "") + status.text());
            dot.append("  ")
                    .append(quote(spec.id().toString()))
                    .append(" [label=")
                    .append(quoteLabel(label));
            if (!spec.enabled()) {
                dot.append(", style=\"rounded,dashed\", color=\"gray60\", fontcolor=\"gray50\"");
            } else if (status != null) {
                dot.append(", style=\"rounded,filled\", fillcolor=\"")
                        .append(status.stale() ? "#ffd8a8" : "#d3f9d8")
                        .append('"');
            }
            dot.append("];\n");
            node.externalBase().map(ImageReference::toString).ifPresent(externals::add);
            node.externalUses().forEach(u -> externals.add(u.reference().toString()));
        }
        for (String external : externals) {
            dot.append("  ")
                    .append(quote(external))
                    .append(" [shape=ellipse, style=dashed, color=\"gray50\", fontcolor=\"gray30\"];\n");
        }
        for (ImageNode node : graph.images()) {
            String child = quote(node.id().toString());
            node.externalBase()
                    .ifPresent(base -> dot.append("  ")
                            .append(quote(base.toString()))
                            .append(" -> ")
                            .append(child)
                            .append(";\n"));
            node.externalUses()
                    .forEach(use -> dot.append("  ")
                            .append(quote(use.reference().toString()))
                            .append(" -> ")
                            .append(child)
                            .append(" [style=dotted];\n"));
            for (Dependency dependency : graph.dependencies(node.id())) {
                dot.append("  ")
                        .append(quote(dependency.parent().toString()))
                        .append(" -> ")
                        .append(child)
                        .append(dependency.isBase() ? ";\n" : " [style=dotted];\n");
            }
        }
        return dot.append("}\n").toString();
    }

    private static String quote(String id) {
        return "\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Like {@link #quote} but keeps the {@code \n} line breaks the label asks for. */
    private static String quoteLabel(String label) {
        return "\"" + label.replace("\"", "\\\"") + "\"";
    }
}
