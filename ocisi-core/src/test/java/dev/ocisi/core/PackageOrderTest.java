package dev.ocisi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the data's path, and each imports only those before it (README, Layout): read from the
 * sources, so that a new import against the flow fails here rather than in a review.
 */
class PackageOrderTest {

    static final List<String> ORDER = List.of(
            "problem",
            "log",
            "config",
            "trust",
            "graph",
            "plan",
            "engine",
            "registry",
            "sbom",
            "rootfs",
            "bases",
            "decision",
            "publish",
            "result",
            "history",
            "clean",
            "run",
            "layers",
            "devcontainer",
            "report",
            "distrobox",
            "vm",
            "doctor",
            "process");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?dev\\.ocisi\\.core\\.(\\w+)\\.", Pattern.MULTILINE);

    @Test
    void eachPackageImportsOnlyThePackagesBeforeIt() throws Exception {
        Path root = Path.of("src/main/java/dev/ocisi/core");
        List<String> against = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String own = root.relativize(file).getName(0).toString();
                if (!ORDER.contains(own)) {
                    unknown.add(own);
                    continue;
                }
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String imported = m.group(1);
                    if (!ORDER.contains(imported) || ORDER.indexOf(imported) > ORDER.indexOf(own)) {
                        against.add(root.relativize(file) + " imports " + imported);
                    }
                }
            }
        }
        assertEquals(List.of(), unknown.stream().distinct().toList(), "packages missing from the order");
        assertEquals(List.of(), against, "imports against the data's path");
    }
}
