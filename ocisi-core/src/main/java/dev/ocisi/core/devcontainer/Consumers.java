package dev.ocisi.core.devcontainer;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.ContainerSummary;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.engine.Layer;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.layers.LayerView;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.OcisiLabels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What uses the hierarchy's leaves: the distroboxes and the dev containers made from them, in each store, each on the
 * leaf's current image, on an image built on it (the devcontainers CLI's {@code -uid} image, or one with features:
 * what it adds over the leaf is counted), or on an older image of the leaf (stale: it runs what the leaf was, until
 * it is made again). Decided from what the stores say ({@link #of}); read by {@link #read}. Nothing here stops or
 * removes a container: they are the user's.
 */
public final class Consumers {

    /** The label distrobox puts on its containers. */
    static final String DISTROBOX_LABEL = "manager";
    /** The labels the devcontainers CLI puts on its containers: the project's folder and its configuration file. */
    static final String LOCAL_FOLDER = "devcontainer.local_folder";

    static final String CONFIG_FILE = "devcontainer.config_file";

    public enum Kind {
        BOX("box"),
        DEVCONTAINER("dev container");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * One container of a leaf.
     *
     * @param folder      a dev container's project folder
     * @param configFile  a dev container's configuration file
     * @param imageId     the image it runs
     * @param current     whether that is the leaf's current image, or one built on it
     * @param addedBytes  the bytes of the layers its image adds over the leaf's (0 on the leaf itself)
     */
    public record Consumer(
            ImageSpec leaf,
            Manager store,
            Kind kind,
            String name,
            Optional<String> folder,
            Optional<String> configFile,
            String imageId,
            boolean current,
            long addedBytes) {

        /** The command that makes it again on the leaf's current image. */
        public String recreate() {
            if (kind == Kind.BOX) {
                return "mvn ocisi:assemble";
            }
            return "devcontainer up --workspace-folder " + quoted(folder.orElse("."))
                    + configFile.map(c -> " --config " + quoted(c)).orElse("") + " --remove-existing-container"
                    + (store == Manager.PODMAN ? " --docker-path podman" : "");
        }

        /** One line of it: {@code dev container elegant_euler (/home/me/project) on podman: current, adds 0 B}. */
        public String describe() {
            return kind + " " + name + folder.map(f -> " (" + f + ")").orElse("") + " on " + store + ": "
                    + (current
                            ? "current"
                                    + (addedBytes > 0
                                            ? ", its image adds " + LayerView.size(addedBytes) + " to the " + "leaf's"
                                            : ", on the leaf's own image")
                            : "runs an older image of " + leaf.id() + " (" + shortId(imageId) + "): " + recreate());
        }

        private static String quoted(String path) {
            return path.matches("[A-Za-z0-9_./@:+-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
        }
    }

    private Consumers() {}

    /**
     * The consumers of the leaves in one store.
     *
     * @param containers every container of the store
     * @param images     the images those containers run, by id
     * @param leaves     each leaf's current image in the store
     * @param sizes      the sizes of layers, by digest, for what an image built on a leaf adds
     */
    static List<Consumer> of(
            Manager store,
            List<ContainerSummary> containers,
            Map<String, ImageDetails> images,
            Map<ImageSpec, ImageDetails> leaves,
            Map<String, Long> sizes) {
        List<Consumer> consumers = new ArrayList<>();
        for (ContainerSummary container : containers) {
            Optional<Kind> kind = kind(container);
            ImageDetails image = images.get(container.imageId());
            if (kind.isEmpty() || image == null) {
                continue;
            }
            for (Map.Entry<ImageSpec, ImageDetails> leaf : leaves.entrySet()) {
                Optional<Consumer> consumer =
                        consumer(store, container, kind.get(), image, leaf.getKey(), leaf.getValue(), sizes);
                if (consumer.isPresent()) {
                    consumers.add(consumer.get());
                    break;
                }
            }
        }
        return consumers;
    }

    private static Optional<Kind> kind(ContainerSummary container) {
        if (container.labels().containsKey(LOCAL_FOLDER)) {
            return Optional.of(Kind.DEVCONTAINER);
        }
        if ("distrobox".equals(container.labels().get(DISTROBOX_LABEL))) {
            return Optional.of(Kind.BOX);
        }
        return Optional.empty();
    }

    private static Optional<Consumer> consumer(
            Manager store,
            ContainerSummary container,
            Kind kind,
            ImageDetails image,
            ImageSpec leaf,
            ImageDetails current,
            Map<String, Long> sizes) {
        if (!OcisiLabels.builtFor(image.labels(), leaf)) {
            return Optional.empty(); // not the leaf, nor built on it (an image built on it inherits its labels)
        }
        Optional<String> folder = Optional.ofNullable(container.labels().get(LOCAL_FOLDER));
        Optional<String> config = Optional.ofNullable(container.labels().get(CONFIG_FILE));
        if (image.id().equals(current.id())) {
            return Optional.of(new Consumer(leaf, store, kind, container.name(), folder, config, image.id(), true, 0));
        }
        List<String> base = current.layers();
        boolean builtOnIt = image.layers().size() > base.size()
                && image.layers().subList(0, base.size()).equals(base);
        long added = builtOnIt
                ? image.layers().subList(base.size(), image.layers().size()).stream()
                        .mapToLong(digest -> sizes.getOrDefault(digest, 0L))
                        .sum()
                : 0;
        return Optional.of(
                new Consumer(leaf, store, kind, container.name(), folder, config, image.id(), builtOnIt, added));
    }

    /** The consumers of the enabled leaves that are boxes or dev containers, in every store they are in. */
    public static List<Consumer> read(HierarchyGraph graph, Engines engines) throws EngineException {
        List<ImageSpec> leaves = graph.enabledImages().stream()
                .map(ImageNode::spec)
                .filter(s -> s.assemble() || s.devcontainer().enabled())
                .toList();
        Set<Manager> stores = new LinkedHashSet<>();
        leaves.forEach(leaf -> stores.addAll(leaf.managers()));
        List<Consumer> consumers = new ArrayList<>();
        for (Manager store : stores) {
            ContainerEngine engine = engines.forManager(store);
            Map<ImageSpec, ImageDetails> current = new LinkedHashMap<>();
            for (ImageSpec leaf : leaves) {
                if (leaf.managers().contains(store)) {
                    engine.inspect(leaf.id().localReference()).ifPresent(image -> current.put(leaf, image));
                }
            }
            if (current.isEmpty()) {
                continue;
            }
            List<ContainerSummary> containers = engine.containers().stream()
                    .filter(c -> kind(c).isPresent())
                    .toList();
            Map<String, ImageDetails> images = new HashMap<>();
            Map<String, Long> sizes = new HashMap<>();
            for (ContainerSummary container : containers) {
                if (!images.containsKey(container.imageId())) {
                    Optional<ImageDetails> image = engine.inspect(container.imageId());
                    image.ifPresent(i -> images.put(container.imageId(), i));
                    if (image.isPresent()
                            && current.values().stream()
                                    .noneMatch(c -> c.id().equals(image.get().id()))) {
                        for (Layer layer : engine.layers(container.imageId())) {
                            sizes.putIfAbsent(layer.digest(), layer.size());
                        }
                    }
                }
            }
            consumers.addAll(of(store, containers, images, current, sizes));
        }
        return consumers;
    }

    /**
     * Logs what uses the leaves, a line each; one on an older image of its leaf as a warning, with the command that
     * makes it again (ocisi never stops or replaces a user's container itself).
     */
    public static void log(List<Consumer> consumers, Log log) {
        if (consumers.isEmpty()) {
            return;
        }
        log.info("Boxes and dev containers of the leaves:");
        for (Consumer consumer : consumers) {
            if (consumer.current()) {
                log.info("  " + consumer.describe());
            } else {
                log.warn("  " + consumer.describe());
            }
        }
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
