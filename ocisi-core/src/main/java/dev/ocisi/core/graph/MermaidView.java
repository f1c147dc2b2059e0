package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hierarchy as a Mermaid flowchart, for Markdown pages that render it (GitHub, GitLab). */
public final class MermaidView {

    private MermaidView() {}

    public static String render(HierarchyGraph graph) {
        return render(graph, Map.of());
    }

    /** Stale images orange, up-to-date ones green, when their status is known. */
    public static String render(HierarchyGraph graph, Map<ImageName, ImageStatus> statuses) {
        StringBuilder out = new StringBuilder("flowchart TD\n");
        List<String> stale = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        Map<ImageName, String> ids = new LinkedHashMap<>();
        Map<String, String> externals = new LinkedHashMap<>();
        List<String> disabled = new ArrayList<>();
        for (ImageNode node : graph.images()) {
            ImageSpec spec = node.spec();
            String id = "i" + ids.size();
            ids.put(spec.id(), id);
            ImageStatus status = statuses.get(spec.id());
            out.append("  ")
                    .append(id)
                    .append("[\"")
                    .append(escape(spec.id().toString()))
                    .append("<br/>")
                    .append(spec.manager())
                    .append(spec.assemble() ? "<br/>box " + escape(spec.distrobox()) : "")
                    .append(status == null ? "" : "<br/>" + escape((status.stale() ? "stale: " : "") + status.text()))
                    .append("\"]\n");
            if (!spec.enabled()) {
                disabled.add(id);
            } else if (status != null) {
                (status.stale() ? stale : fresh).add(id);
            }
            node.externalBase().ifPresent(b -> externals.putIfAbsent(b.toString(), "x" + externals.size()));
            node.externalUses().forEach(u -> externals.putIfAbsent(u.reference().toString(), "x" + externals.size()));
        }
        externals.forEach((reference, id) -> out.append("  ")
                .append(id)
                .append("([\"")
                .append(escape(reference))
                .append("\"])\n"));
        for (ImageNode node : graph.images()) {
            String child = ids.get(node.id());
            node.externalBase()
                    .ifPresent(b -> out.append("  ")
                            .append(externals.get(b.toString()))
                            .append(" --> ")
                            .append(child)
                            .append('\n'));
            node.externalUses()
                    .forEach(u -> out.append("  ")
                            .append(externals.get(u.reference().toString()))
                            .append(" -.-> ")
                            .append(child)
                            .append('\n'));
            for (Dependency dependency : graph.dependencies(node.id())) {
                out.append("  ")
                        .append(ids.get(dependency.parent()))
                        .append(dependency.isBase() ? " --> " : " -.-> ")
                        .append(child)
                        .append('\n');
            }
        }
        out.append("  classDef disabled stroke-dasharray: 5 5,color:#888888\n");
        out.append("  classDef external fill:#f4f4f4,stroke:#999999,stroke-dasharray: 3 3\n");
        if (!disabled.isEmpty()) {
            out.append("  class ").append(String.join(",", disabled)).append(" disabled\n");
        }
        if (!externals.isEmpty()) {
            out.append("  class ").append(String.join(",", externals.values())).append(" external\n");
        }
        if (!stale.isEmpty() || !fresh.isEmpty()) {
            out.append("  classDef stale fill:#ffd8a8\n  classDef fresh fill:#d3f9d8\n");
        }
        if (!stale.isEmpty()) {
            out.append("  class ").append(String.join(",", stale)).append(" stale\n");
        }
        if (!fresh.isEmpty()) {
            out.append("  class ").append(String.join(",", fresh)).append(" fresh\n");
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("\"", "#quot;");
    }
}
