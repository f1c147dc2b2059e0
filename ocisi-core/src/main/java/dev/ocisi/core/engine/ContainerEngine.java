package dev.ocisi.core.engine;

import dev.ocisi.core.config.Platform;
import dev.ocisi.core.plan.RegistryLogin;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One engine's image store, as ocisi needs it. Two implementations: the Docker Engine API through docker-java (for
 * dockerd, and for podman's API service) and the podman CLI. Both pass the same contract tests against real engines.
 */
public interface ContainerEngine extends AutoCloseable {

    /** The label on the containers an export makes for a moment, so that a leftover one can be told apart. */
    String EXPORT_LABEL = "dev.ocisi.export=true";

    /** Which engine this is, where it was reached, and its version; fails when it cannot be reached. */
    EngineInfo info() throws EngineException;

    /**
     * Builds an image without tagging it, so that no tag moves until the caller has checked the result.
     *
     * @param output receives the build's output line by line as it comes
     * @return the new image's id ({@code sha256:...})
     * @throws BuildFailedException when the Containerfile's build fails
     */
    String build(BuildRequest request, Consumer<String> output) throws EngineException;

    /** The image a reference or id names, or empty when the store has none. */
    Optional<ImageDetails> inspect(String reference) throws EngineException;

    /**
     * The images these references name, by reference; references the store lacks are left out. One round trip where
     * the engine allows (the podman CLI inspects many at once); the Docker API asks per reference, which on a local
     * socket costs little.
     */
    default Map<String, ImageDetails> inspectAll(List<String> references) throws EngineException {
        Map<String, ImageDetails> found = new LinkedHashMap<>();
        for (String reference : references) {
            inspect(reference).ifPresent(image -> found.put(reference, image));
        }
        return found;
    }

    /**
     * The image's layers, base first, each with its size: from its history, whose steps that made files line up with
     * its RootFS layers. Empty when the image is missing or its history does not line up (a layer ocisi cannot size).
     */
    List<Layer> layers(String reference) throws EngineException;

    /**
     * Every top-level image (tagged, or dangling after its tag moved) carrying all these labels; a value of "" matches
     * any value. The intermediate images of layered builds are not listed.
     */
    List<ImageSummary> listByLabels(Map<String, String> labels) throws EngineException;

    /** Points {@code reference} at the image; the engine moves an existing tag in one step. */
    void tag(String imageId, String reference) throws EngineException;

    /**
     * Removes a tag (and the image with it when that was its last tag), or an image by id; never forced, so an image
     * a container uses or that other images build on stays.
     *
     * @return false when the engine refused because the image is in use
     */
    boolean remove(String referenceOrId) throws EngineException;

    /**
     * Removes only the tag: the image stays for the containers that use it, even when it has no tag left. (dockerd
     * cannot keep an image without a tag while a stopped container uses it: it drops the image's record, as
     * {@code docker rmi -f} does, and the container keeps its layers. A running container's image keeps its tag.)
     *
     * @return false when the engine refused
     */
    boolean untag(String reference) throws EngineException;

    /** Every container, running or not, including those other tools made (buildah's working containers). */
    List<ContainerSummary> containers() throws EngineException;

    /**
     * The images the last listing of the whole store ({@link #listByLabels} with no labels) found damaged and left
     * out: podman names an image whose manifest or layers are gone, and fails every plain listing while it is there.
     * ocisi never removes one on its own; the fix is the user's ({@code podman rmi -f ID}).
     */
    default List<String> damagedImages() {
        return List.of();
    }

    /** Removes a container, running or not, a build's working container included; one already gone is no error. */
    void removeContainer(String id) throws EngineException;

    /**
     * Imports a root filesystem tarball (plain or compressed) as an untagged image, with these labels and
     * Containerfile-style changes ({@code CMD ...}), so that no tag moves until the caller has checked the result.
     *
     * @return the new image's id
     */
    default String importRootfs(Path tarball, Map<String, String> labels, List<String> changes) throws EngineException {
        return importRootfs(tarball, labels, changes, Optional.empty());
    }

    /**
     * The same, recorded as an image of {@code platform} (its architecture and variant in the image's configuration)
     * rather than the engine's own: the root's files are another platform's.
     */
    String importRootfs(Path tarball, Map<String, String> labels, List<String> changes, Optional<Platform> platform)
            throws EngineException;

    /**
     * Writes the image's filesystem, its layers applied, as one tarball: through a container created for the purpose
     * and never started, removed afterwards. Ownership, modes and links are kept as the image has them.
     */
    void exportFilesystem(String reference, Path tarball) throws EngineException;

    /**
     * Writes the image, its config and every layer, to {@code archive} as a docker-archive: what another store loads
     * to hold the same image.
     */
    void saveImage(String reference, Path archive) throws EngineException;

    /**
     * Loads a docker-archive into this store. The image keeps its id (its config's digest), whichever store saved it;
     * the caller tags it.
     */
    void loadImage(Path archive) throws EngineException;

    /**
     * Files of the image's filesystem, as one container made from it (and never started) sees them: each path the image
     * has as a file, to its content (the paths it lacks are not in the map). How a package database is read without
     * running anything in the image, which may have no shell.
     */
    Map<String, byte[]> readFiles(String reference, List<String> paths) throws EngineException;

    /**
     * Runs a command in a container of the image, as root, with no network and the image's entrypoint set aside, and
     * removes the container: for reading what only a program of the image can read (rpm's database).
     */
    ContainerOutput runInImage(String reference, List<String> command) throws EngineException;

    /** How an engine reuses the layers of builds made elsewhere. */
    enum LayerCacheKind {
        /** Each step's layer in a registry repository, by its cache key (podman's --cache-from and --cache-to). */
        REGISTRY,
        /** Images pulled into the store, whose history the classic builder matches step by step (dockerd). */
        IMAGES,
        /** Neither (podman's API service: its Docker-compatible build takes no registry cache). */
        NONE
    }

    /** How this engine reuses the layers of builds made elsewhere. */
    default LayerCacheKind layerCacheKind() throws EngineException {
        return LayerCacheKind.NONE;
    }

    /** Pulls an image from its registry with the engine's own login, if it has one; its id. */
    default String pull(String reference, Consumer<String> output) throws EngineException {
        return pull(reference, Optional.empty(), output);
    }

    /**
     * Pulls an image from its registry.
     *
     * @param login the login to use; empty for the engine's own, if any
     * @return the id of the image pulled ({@code sha256:...})
     */
    String pull(String reference, Optional<RegistryLogin> login, Consumer<String> output) throws EngineException;

    /**
     * Pushes an image to a registry under a full reference ({@code host/namespace/name:tag}): its layers the registry
     * lacks, then its manifest, which is the one step that makes the tag name it. Leaves no new tag in the store.
     *
     * @param image the image's id or a reference in the store
     * @param login the login to use; empty for the engine's own, if any
     */
    void push(String image, String reference, Optional<RegistryLogin> login, Consumer<String> output)
            throws EngineException;

    @Override
    void close();
}
