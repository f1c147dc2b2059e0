package dev.ocisi.core.decision;

import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.plan.PackageSet;
import dev.ocisi.core.sbom.PackageDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The package set of an image, read from its package database ({@link PackageDatabase}), and kept in the state folder
 * by image id: an id names one image forever, so the next comparison reads a small file instead of the image. An
 * image without any of them has none (it is refreshed only when its inputs change).
 */
public final class PackageSets {

    private static final String NONE = "none";

    private final Path folder;

    public PackageSets(Path stateFolder) {
        this.folder = stateFolder.resolve("packages");
    }

    public Optional<PackageSet> of(String imageId, ContainerEngine engine) throws EngineException {
        Path file = folder.resolve(imageId.startsWith("sha256:") ? imageId.substring(7) : imageId);
        Optional<Optional<PackageSet>> kept = read(file);
        if (kept.isPresent()) {
            return kept.get();
        }
        Optional<PackageSet> set = PackageDatabase.read(imageId, engine).map(PackageDatabase::toSet);
        write(file, set);
        return set;
    }

    private static Optional<Optional<PackageSet>> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            if (lines.get(0).equals(NONE)) {
                return Optional.of(Optional.empty());
            }
            SortedMap<String, String> packages = new TreeMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    packages.put(line.substring(0, space), line.substring(space + 1));
                }
            }
            return Optional.of(Optional.of(new PackageSet(lines.get(0), packages)));
        } catch (IOException e) {
            return Optional.empty(); // read from the image again
        }
    }

    private void write(Path file, Optional<PackageSet> set) {
        StringBuilder text = new StringBuilder(set.map(PackageSet::source).orElse(NONE)).append('\n');
        set.ifPresent(s -> s.packages()
                .forEach((name, version) ->
                        text.append(name).append(' ').append(version).append('\n')));
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, "packages-", ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // kept or not, the set is right: the next comparison reads the image again
        }
    }
}
