package dev.ocisi.core.config;

import dev.ocisi.core.problem.Problems;
import java.nio.file.Path;
import java.util.List;

/**
 * What reading one hierarchy file shares between the file and its items.
 *
 * @param workingDirectory file names in messages are shown relative to it
 * @param images           the images read so far, of every file: an item's position counts across files
 */
record FileContext(
        Path workingDirectory,
        Path file,
        YamlSource source,
        Problems problems,
        ManagerDefault managerDefault,
        List<ImageSpec> images) {}
