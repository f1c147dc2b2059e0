package dev.ocisi.core.config;

import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hierarchy files a run reads, from a comma-separated option such as {@code -Docisi.file=a.yaml,b.yaml}. */
public final class HierarchyFiles {

    private HierarchyFiles() {}

    /**
     * The files, resolved against {@code base}, each once.
     *
     * @param option the option's name, for messages
     * @throws ConfigurationException when the option names no file, or one file twice (under two spellings or
     *                                through a link)
     */
    public static List<Path> resolve(String option, String text, Path base) throws ConfigurationException {
        List<String> names = text == null
                ? List.of()
                : Arrays.stream(text.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        if (names.isEmpty()) {
            throw new ConfigurationException(
                    Location.option(option),
                    "'" + (text == null ? "" : text) + "' names no "
                            + "hierarchy file: give one or more, separated by commas, e.g. " + option
                            + "=ocisictl.yaml");
        }
        Map<Path, String> seen = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            Path file = base.resolve(name).toAbsolutePath().normalize();
            String first = seen.putIfAbsent(identity(file), name);
            if (first != null) {
                throw new ConfigurationException(
                        Location.option(option),
                        "names the same hierarchy file twice ('" + first + "' and '" + name + "' are " + file
                                + "): name it once");
            }
            files.add(file);
        }
        return List.copyOf(files);
    }

    /** The file itself: links resolved when it exists, so that two spellings of one file compare equal. */
    private static Path identity(Path file) {
        try {
            return Files.exists(file) ? file.toRealPath() : file;
        } catch (IOException e) {
            return file;
        }
    }
}
