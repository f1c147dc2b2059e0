package dev.ocisi.core.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a refresh last found an image unchanged (the same packages installed): the image stays, so its own build
 * time stays too, and without this record it would be refreshed on every run. Kept in the state folder by image id,
 * which names one image forever.
 */
public final class RefreshRecords {

    private final Path folder;

    public RefreshRecords(Path stateFolder) {
        this.folder = stateFolder.resolve("refreshed");
    }

    public Optional<Instant> lastConfirmed(String imageId) {
        Path file = folder.resolve(hex(imageId));
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Instant.parse(Files.readString(file).strip()))
                    : Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty(); // a broken record only costs a refresh
        }
    }

    public void confirm(String imageId, Instant when) throws IOException {
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, "refreshed-", ".tmp");
        Files.writeString(temporary, when.toString());
        Files.move(
                temporary,
                folder.resolve(hex(imageId)),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** When the image was last known to hold the archives' current packages: built, or confirmed since. */
    public Instant freshSince(CurrentImage image) {
        return lastConfirmed(image.id()).filter(t -> t.isAfter(image.created())).orElse(image.created());
    }

    private static String hex(String imageId) {
        return imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
    }
}
