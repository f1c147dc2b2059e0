package dev.ocisi.core.devcontainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.graph.ImageKind;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.StateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The devcontainer.json of a project that uses one of the hierarchy's dev container images: the smallest file that
 * works, the image's name (and the item's {@code runArgs}, which no image label can carry), since everything else
 * comes with the image's {@code devcontainer.metadata} label. Plain JSON without comments, so that any tool reads it.
 */
public final class DevcontainerFile {

    /** The images that back dev containers. */
    public static final ImageKind IMAGES = new ImageKind(
            spec -> spec.devcontainer().enabled(),
            "is not a dev container's image: only -dx images are (they add your user), and 'devcontainer: false' "
                    + "turns one off",
            "the dev container images are",
            "no enabled image is a dev container's: a -dx image is one unless it says 'devcontainer: false'",
            "to write the file of");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The keys ocisi writes: a file with any other holds something a person wrote, which is never overwritten. */
    private static final Set<String> OWN_KEYS = Set.of("image", "runArgs");

    private DevcontainerFile() {}

    /** The image's reference as the engine's store names it: podman's {@code localhost/} names, Docker's short ones. */
    public static String reference(ImageSpec image, Manager manager) {
        return manager == Manager.PODMAN
                ? image.id().localReference()
                : image.id().toString();
    }

    /**
     * The file's text for the image in the store of {@code manager}: one key a line, as people write it
     * ({@code "image": "..."}), each value written by JSON's own rules.
     */
    public static String content(ImageSpec image, Manager manager) {
        try {
            StringBuilder text =
                    new StringBuilder("{\n  \"image\": ").append(JSON.writeValueAsString(reference(image, manager)));
            List<String> runArgs = image.devcontainer().runArgs();
            if (!runArgs.isEmpty()) {
                text.append(",\n  \"runArgs\": [");
                for (int i = 0; i < runArgs.size(); i++) {
                    text.append(i == 0 ? "" : ", ").append(JSON.writeValueAsString(runArgs.get(i)));
                }
                text.append("]");
            }
            return text.append("\n}\n").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the file (replacing it in one rename), unless one is there that holds something ocisi would not write:
     * that one is a person's, and stays.
     *
     * @return whether the file changed
     */
    public static boolean write(Path file, ImageSpec image, Manager manager)
            throws ConfigurationException, StateException {
        String text = content(image, manager);
        try {
            if (Files.exists(file)) {
                String existing = Files.readString(file, StandardCharsets.UTF_8);
                if (existing.equals(text)) {
                    return false;
                }
                if (!ours(existing, image)) {
                    throw new ConfigurationException(
                            Location.of(file.toString()),
                            "a devcontainer.json is there "
                                    + "already and holds more than ocisi writes for " + image.id() + " (its name and "
                                    + "runArgs), so it is "
                                    + "kept: set \"image\": \"" + reference(image, manager)
                                    + "\" in it yourself (the image's "
                                    + "label brings the rest), or remove it and run the goal again");
                }
            }
            replace(file, text);
            return true;
        } catch (IOException e) {
            throw new StateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file of each image in a folder of ocisi's own output ({@code target/ocisi/devcontainer/NAME/}, or
     * {@code NAME@TAG/} for another tag than latest), replaced whatever it holds; an image copied into another store
     * has a file for that store's image too, in a subfolder named after it ({@code NAME/docker/}), as VS Code finds
     * several configurations of one project.
     *
     * @return the files, the image's own store's first
     */
    public static List<Path> output(Path folder, List<ImageSpec> images) throws StateException {
        List<Path> files = new ArrayList<>();
        for (ImageSpec image : images) {
            Path own = folder.resolve(image.id().fileName());
            for (Manager store : image.managers()) {
                Path file = (store == image.manager() ? own : own.resolve(store.id())).resolve("devcontainer.json");
                try {
                    replace(file, content(image, store));
                } catch (IOException e) {
                    throw new StateException("cannot write " + file + ": " + e.getMessage(), e);
                }
                files.add(file);
            }
        }
        return files;
    }

    /** The file replaced in one rename: a reader sees the old text or the new one. */
    private static void replace(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(
                "." + file.getFileName() + "." + ProcessHandle.current().pid());
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Whether a file holds nothing but what ocisi writes for this image: plain JSON of its name (in either store's
     * form) and runArgs. One that names another image is a person's choice, not to be overwritten.
     */
    static boolean ours(String text, ImageSpec image) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null
                    || !node.isObject()
                    || !Set.of(reference(image, Manager.PODMAN), reference(image, Manager.DOCKER))
                            .contains(node.path("image").asText(""))) {
                return false;
            }
            for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                if (!OWN_KEYS.contains(keys.next())) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false; // JSON with comments, or not JSON: a person's
        }
    }
}
