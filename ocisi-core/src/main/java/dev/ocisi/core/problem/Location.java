package dev.ocisi.core.problem;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A place in a file the user wrote, as the user should see it: the file as displayed (relative to the folder
 * ocisi runs in when it lies below it), line and column counted from 1.
 */
public record Location(String file, int line, int column) {

    public Location {
        file = Printable.escape(Objects.requireNonNull(file, "file"));
        if ((line < 1 || column < 1) && !(line == 0 && column == 0)) {
            throw new IllegalArgumentException("line and column count from 1: " + line + ":" + column);
        }
    }

    /** The whole file, for problems that belong to no line (a missing file, an empty one). */
    public static Location of(String file) {
        return new Location(file, 1, 1);
    }

    /** A command-line option or setting, which has no line: {@code -Docisi.only}. */
    public static Location option(String name) {
        return new Location(name, 0, 0);
    }

    /** How a path is shown in messages: relative to {@code base} when below it, else absolute. */
    public static String display(Path base, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path root = base.toAbsolutePath().normalize();
        return absolute.startsWith(root) && !absolute.equals(root)
                ? root.relativize(absolute).toString()
                : absolute.toString();
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
