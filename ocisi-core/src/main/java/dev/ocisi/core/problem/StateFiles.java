package dev.ocisi.core.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The files ocisi writes for the user (graph files, listings, plans, reports, lock files): each written whole, through
 * a temporary file moved over it, so that a reader (a browser, git, another run) never sees half of one; a failure
 * says which file and why.
 */
public final class StateFiles {

    private StateFiles() {}

    /** Writes {@code text} as UTF-8, making the folders it needs; returns {@code file}. */
    public static Path writeString(Path file, CharSequence text) throws StateException {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return file;
        } catch (IOException e) {
            throw StateException.cannot("write " + file, e);
        }
    }
}
