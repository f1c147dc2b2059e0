package dev.ocisi.core.graph;

import dev.ocisi.core.config.Hierarchy;
import dev.ocisi.core.config.HierarchyLoader;
import dev.ocisi.core.problem.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads hierarchy files all the way to a checked DAG: the YAML first (every problem of every file), then the
 * Containerfiles. The one entry point front ends need.
 */
public final class HierarchyReader {

    private final Path workingDirectory;
    private final Map<String, String> environment;

    public HierarchyReader(Path workingDirectory, Map<String, String> environment) {
        this.workingDirectory = workingDirectory;
        this.environment = Map.copyOf(environment);
    }

    public HierarchyGraph read(List<Path> files) throws ConfigurationException {
        Hierarchy hierarchy = new HierarchyLoader(workingDirectory, environment).load(files);
        return new HierarchyGraphBuilder(workingDirectory).build(hierarchy);
    }
}
