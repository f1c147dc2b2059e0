package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes the hierarchy's DOT and Mermaid files into a folder. */
public final class GraphFiles {

    public static final String DOT_FILE = "hierarchy.dot";
    public static final String MERMAID_FILE = "hierarchy.mmd";

    private GraphFiles() {}

    /** Returns the files written. */
    public static List<Path> write(HierarchyGraph graph, Path folder) throws IOException {
        return write(graph, Map.of(), folder);
    }

    public static List<Path> write(HierarchyGraph graph, Map<ImageName, ImageStatus> statuses, Path folder)
            throws IOException {
        Files.createDirectories(folder);
        Path dot = folder.resolve(DOT_FILE);
        Path mermaid = folder.resolve(MERMAID_FILE);
        Files.writeString(dot, DotView.render(graph, statuses), StandardCharsets.UTF_8);
        Files.writeString(mermaid, MermaidView.render(graph, statuses), StandardCharsets.UTF_8);
        return List.of(dot, mermaid);
    }
}
