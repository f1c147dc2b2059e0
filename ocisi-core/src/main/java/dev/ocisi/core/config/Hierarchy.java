package dev.ocisi.core.config;

import dev.ocisi.core.problem.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The images of one or more hierarchy files, in file order, with the warnings their reading gave.
 *
 * @param files    the files it was read from, absolute, in the order given: runs, locks and histories are keyed by them
 * @param images   every image, enabled or not, in file order
 * @param warnings what was questionable but did not stop the reading
 * @param trust    the keys its {@code defaults} name for signing and checking
 */
public record Hierarchy(List<Path> files, List<ImageSpec> images, List<Problem> warnings, TrustSettings trust) {

    public Hierarchy {
        files = List.copyOf(files);
        images = List.copyOf(images);
        warnings = List.copyOf(warnings);
    }

    public Optional<ImageSpec> find(ImageName id) {
        return images.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** Every image with this name, whatever its tag. */
    public List<ImageSpec> withName(String name) {
        return images.stream().filter(i -> i.id().name().equals(name)).toList();
    }
}
