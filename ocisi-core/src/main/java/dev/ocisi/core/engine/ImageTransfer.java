package dev.ocisi.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One image moved from one store to another without a registry: saved as a docker-archive in the temp folder (its
 * config and every layer) and loaded, so that the other store holds the same image under the same id.
 */
public final class ImageTransfer {

    private ImageTransfer() {}

    /** Copies the image {@code id} from {@code from} into {@code to}; it then has it under that id. */
    public static void copy(ContainerEngine from, ContainerEngine to, String id) throws EngineException {
        Path archive;
        try {
            archive = ScratchFiles.create("ocisi-copy-", ".tar");
        } catch (IOException e) {
            throw new EngineException("cannot make a temporary file to copy image " + id + ": " + e.getMessage(), e);
        }
        try {
            from.saveImage(id, archive);
            to.loadImage(archive);
        } finally {
            try {
                Files.deleteIfExists(archive);
            } catch (IOException e) {
                // in the temp folder, which ScratchFiles sweeps
            }
        }
        if (to.inspect(id).isEmpty()) {
            throw new EngineException(
                    "the copy of image " + id + " did not keep its id: the store that loaded it " + "changed it");
        }
    }
}
