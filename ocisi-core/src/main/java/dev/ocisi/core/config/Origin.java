package dev.ocisi.core.config;

import dev.ocisi.core.problem.Location;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where an image was declared: the item itself and the value of each key it set (or took from
 * {@code defaults}), so that later checks can point at the very value that is wrong.
 *
 * @param file the hierarchy file that declares the image, absolute
 */
public record Origin(Path file, Location item, Map<String, Location> values) {

    public Origin {
        values = Map.copyOf(values);
    }

    /** Where the key's value was written, or the item when the key was left to its default. */
    public Location of(String key) {
        return values.getOrDefault(key, item);
    }
}
