package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hierarchy as a Mermaid flowchart, for Markdown pages that render it (GitHub, GitLab). */
public final class MermaidView {

    private MermaidView() {
    }

    public static String render(HierarchyGraph graph) {
        StringBuilder out = new StringBuilder("flowchart TD\n");
        Map<ImageName, String> ids = new LinkedHashMap<>();
        Map<String, String> externals = new LinkedHashMap<>();
        List<String> disabled = new ArrayList<>();
        for (ImageNode node : graph.images()) {
            ImageSpec spec = node.spec();
            String id = "i" + ids.size();
            ids.put(spec.id(), id);
            out.append("  ").append(id).append("[\"").append(escape(spec.id().toString())).append("<br/>")
                    .append(spec.manager()).append(spec.assemble() ? "<br/>box " + escape(spec.distrobox()) : "")
                    .append("\"]\n");
            if (!spec.enabled()) {
                disabled.add(id);
            }
            node.externalBase().ifPresent(b -> externals.putIfAbsent(b.toString(), "x" + externals.size()));
            node.externalUses().forEach(u -> externals.putIfAbsent(u.reference().toString(), "x" + externals.size()));
        }
        externals.forEach((reference, id) -> out.append("  ").append(id).append("([\"").append(escape(reference))
                .append("\"])\n"));
        for (ImageNode node : graph.images()) {
            String child = ids.get(node.id());
            node.externalBase().ifPresent(b -> out.append("  ").append(externals.get(b.toString())).append(" --> ")
                    .append(child).append('\n'));
            node.externalUses().forEach(u -> out.append("  ").append(externals.get(u.reference().toString()))
                    .append(" -.-> ").append(child).append('\n'));
            for (Dependency dependency : graph.dependencies(node.id())) {
                out.append("  ").append(ids.get(dependency.parent())).append(dependency.isBase() ? " --> " : " -.-> ")
                        .append(child).append('\n');
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
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("\"", "#quot;");
    }
}
