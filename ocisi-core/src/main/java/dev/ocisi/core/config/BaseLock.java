package dev.ocisi.core.config;

import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.problem.StateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The pins of a hierarchy file's external base images, in a lock file beside it ({@code ocisictl.yaml} ->
 * {@code ocisictl.lock}): each image a FROM takes from a registry, by the digest the registry served and the id the
 * image store gave it. {@code process} builds on exactly the pinned images; {@code mvn ocisi:lock} moves the pins.
 *
 * @param file the lock file (it may not exist yet)
 * @param pins by reference as the Containerfiles write it
 */
public record BaseLock(Path file, Map<String, Pin> pins) {

    /**
     * @param digest the registry's manifest digest ({@code sha256:...}), "" when the image came from no registry
     * @param id     the image's id in the store ({@code sha256:...}): its config digest, the same wherever pulled
     * @param pinned when the pin was written (ISO-8601), for the reader
     */
    public record Pin(String digest, String id, String pinned) {
        public boolean hasDigest() {
            return !digest.isEmpty();
        }
    }

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public BaseLock {
        pins = Collections.unmodifiableMap(new TreeMap<>(pins));
    }

    /** The lock file of a hierarchy file: its name without {@code .yaml}/{@code .yml}, and {@code .lock}. */
    public static Path fileFor(Path hierarchyFile) {
        String name = hierarchyFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return hierarchyFile.toAbsolutePath().resolveSibling(name + ".lock");
    }

    public boolean exists() {
        return Files.exists(file);
    }

    public Optional<Pin> pin(String reference) {
        return Optional.ofNullable(pins.get(reference));
    }

    /** The lock file beside the hierarchy file, or an empty lock when there is none. */
    public static BaseLock read(Path hierarchyFile, Path workingDirectory) throws ConfigurationException {
        Path file = fileFor(hierarchyFile);
        Location where = Location.of(Location.display(workingDirectory, file));
        if (!Files.exists(file)) {
            return new BaseLock(file, Map.of());
        }
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(where.toString()).build())
                    .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | YamlEngineException e) {
            throw new ConfigurationException(
                    where,
                    "cannot read the lock file: " + firstLine(e.getMessage())
                            + "; fix it, or delete it and run `mvn ocisi:lock` to write it anew");
        }
        Map<String, Pin> pins = new TreeMap<>();
        if (root == null) {
            return new BaseLock(file, pins); // an empty file pins nothing
        }
        Object bases = root instanceof Map<?, ?> top ? top.get("bases") : null;
        if (!(bases instanceof Map<?, ?>)) {
            throw new ConfigurationException(
                    where,
                    "the lock file holds no 'bases' mapping; delete it and run " + "`mvn ocisi:lock` to write it anew");
        }
        if (bases instanceof Map<?, ?> entries) {
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                String reference = String.valueOf(entry.getKey());
                if (!(entry.getValue() instanceof Map<?, ?> fields)) {
                    throw new ConfigurationException(
                            where,
                            "the pin of " + reference + " is not a mapping of "
                                    + "'digest', 'id' and 'pinned'; run `mvn ocisi:lock` to write it anew");
                }
                String digest = text(fields.get("digest"));
                String id = text(fields.get("id"));
                if (!DIGEST.matcher(id).matches()
                        || (!digest.isEmpty() && !DIGEST.matcher(digest).matches())) {
                    throw new ConfigurationException(
                            where,
                            "the pin of " + reference + " needs 'id' (and may have "
                                    + "'digest') as sha256: and 64 hex digits; run `mvn ocisi:lock` to write it anew");
                }
                pins.put(reference, new Pin(digest, id, text(fields.get("pinned"))));
            }
        }
        return new BaseLock(file, pins);
    }

    /** Writes the lock file whole, through a temporary file moved over it, so a reader never sees half a file. */
    public BaseLock write(Map<String, Pin> newPins, String hierarchyName) throws StateException {
        StringBuilder text = new StringBuilder("# The external base images of ")
                .append(hierarchyName)
                .append(", pinned: process builds on exactly these.\n")
                .append("# Written by `mvn ocisi:lock`, which moves the pins to what the registries serve now. "
                        + "Commit it.\n");
        if (newPins.isEmpty()) {
            text.append("bases: {}\n");
        } else {
            text.append("bases:\n");
            new TreeMap<>(newPins).forEach((reference, pin) -> {
                text.append("  \"").append(reference).append("\":\n");
                text.append("    digest: \"").append(pin.digest()).append("\"\n");
                text.append("    id: \"").append(pin.id()).append("\"\n");
                text.append("    pinned: \"").append(pin.pinned()).append("\"\n");
            });
        }
        StateFiles.writeString(file, text);
        return new BaseLock(file, newPins);
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value).strip();
    }

    private static String firstLine(String text) {
        return text == null ? "unreadable" : text.lines().findFirst().orElse(text);
    }
}
