package dev.ocisi.core;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.HierarchyReader;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A hierarchy written into a temporary folder, read the way the plugin reads it. */
public final class Fixture {

    private final Path dir;
    private final Map<String, String> environment = new HashMap<>();

    public Fixture(Path dir) {
        this.dir = dir;
    }

    public Fixture write(String path, String text) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Fixture env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Path path(String path) {
        return dir.resolve(path);
    }

    public Path dir() {
        return dir;
    }

    /** Reads the files (default: ocisictl.yaml); fails the test on any error. */
    public HierarchyGraph read(String... files) throws ConfigurationException {
        return new HierarchyReader(dir, environment).read(paths(files));
    }

    /** Reads the files expecting errors, and returns every problem as the user sees it, in file order. */
    public List<String> problems(String... files) {
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> new HierarchyReader(dir, environment).read(paths(files)));
        return e.problems().stream().map(Problem::toString).toList();
    }

    private List<Path> paths(String... files) {
        String[] names = files.length == 0 ? new String[] {"ocisictl.yaml"} : files;
        return Arrays.stream(names).map(dir::resolve).toList();
    }
}
