package dev.ocisi.core.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The Debian mirror apt uses on this machine: where a machine without general internet can still reach Debian. */
final class AptSources {

    private AptSources() {}

    /**
     * The first URI in apt's sources whose path ends in {@code /debian} (so not the security archive), reading
     * {@code sources.list.d/*.sources} (deb822) and then the one-line {@code sources.list} files.
     */
    static Optional<String> debianMirror(Path etcApt) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(etcApt.resolve("sources.list.d"))) {
            listed.sorted().forEach(files::add);
        } catch (IOException e) {
            // no sources.list.d
        }
        files.sort((a, b) -> Boolean.compare(
                !a.toString().endsWith(".sources"), !b.toString().endsWith(".sources")));
        files.add(etcApt.resolve("sources.list"));
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                continue;
            }
            for (String line : lines) {
                for (String uri : uris(line.strip(), file.toString().endsWith(".sources"))) {
                    String trimmed = uri.replaceAll("/+$", "");
                    if (trimmed.matches("(https?|file)://\\S+/debian")) {
                        return Optional.of(trimmed);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> uris(String line, boolean deb822) {
        if (line.startsWith("#")) {
            return List.of();
        }
        if (deb822) {
            return line.startsWith("URIs:") ? List.of(line.substring(5).strip().split("\\s+")) : List.of();
        }
        if (!line.startsWith("deb ")) {
            return List.of();
        }
        // deb [options] uri suite components
        String rest = line.substring(4).strip();
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            rest = end < 0 ? "" : rest.substring(end + 1).strip();
        }
        String[] words = rest.split("\\s+");
        return words.length == 0 || words[0].isEmpty() ? List.of() : List.of(words[0]);
    }
}
