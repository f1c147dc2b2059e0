package dev.ocisi.core.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The inputs of every image ocisi built, by digest, under its state folder. The image's label holds the digest, which
 * decides; the stored inputs only say what changed since.
 */
public final class InputsStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    public InputsStore(Path stateFolder) {
        this.folder = stateFolder.resolve("inputs");
    }

    public void save(Inputs inputs) throws IOException {
        Files.createDirectories(folder);
        Path file = file(inputs.digest());
        if (Files.exists(file)) {
            return;
        }
        Path temporary = Files.createTempFile(folder, "inputs-", ".tmp");
        JSON.writeValue(temporary.toFile(), inputs);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Records which image a build from these inputs made in one store, so that an image whose tag was removed (by
     * clean) can be tagged again instead of rebuilt. Engines cannot tell: the intermediate images of a layered build
     * carry the same labels.
     */
    public void saveBuilt(String digest, String store, String imageId) throws IOException {
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, "built-", ".tmp");
        Files.writeString(temporary, imageId + "\n");
        Files.move(
                temporary,
                builtFile(digest, store),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The image the last build from these inputs made in that store, if recorded. */
    public Optional<String> built(String digest, String store) {
        try {
            Path file = builtFile(digest, store);
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path builtFile(String digest, String store) {
        return folder.resolve(digest.replace("sha256:", "") + "." + store + ".built");
    }

    public Optional<Inputs> load(String digest) {
        Path file = file(digest);
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(JSON.readValue(file.toFile(), Inputs.class))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a damaged record only costs the detail of the reason
        }
    }

    private Path file(String digest) {
        return folder.resolve(digest.replace("sha256:", "") + ".json");
    }
}
