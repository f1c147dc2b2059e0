package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.problem.StateFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes the hierarchy's DOT and Mermaid files into a folder. */
public final class GraphFiles {

    public static final String DOT_FILE = "hierarchy.dot";
    public static final String MERMAID_FILE = "hierarchy.mmd";

    private GraphFiles() {}

    /** Returns the files written. */
    public static List<Path> write(HierarchyGraph graph, Path folder) throws StateException {
        return write(graph, Map.of(), folder);
    }

    public static List<Path> write(HierarchyGraph graph, Map<ImageName, ImageStatus> statuses, Path folder)
            throws StateException {
        return List.of(
                StateFiles.writeString(folder.resolve(DOT_FILE), DotView.render(graph, statuses)),
                StateFiles.writeString(folder.resolve(MERMAID_FILE), MermaidView.render(graph, statuses)));
    }
}
