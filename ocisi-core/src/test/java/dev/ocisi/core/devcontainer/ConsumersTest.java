package dev.ocisi.core.devcontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.HierarchyLoader;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerSummary;
import dev.ocisi.core.engine.ImageDetails;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which containers use a leaf, from what a store says: current, built on it (with what that adds), or stale. */
class ConsumersTest {

    @TempDir
    Path dir;

    private ImageSpec leaf() throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("ocisictl.yaml", """
                - {name: tool, path: img, enabled: true}
                - {name: tool-dx, path: img, enabled: true, distrobox: tool-box}
                - {name: other, path: img, enabled: true}
                """)
                .write("img/Containerfile.tool", "FROM scratch\n")
                .write("img/Containerfile.other", "FROM scratch\n")
                .write("img/Containerfile.img-dx", "ARG IMG\nARG TAG\nFROM $IMG:$TAG\n");
        return new HierarchyLoader(dir, Map.of())
                .load(List.of(fixture.path("ocisictl.yaml")))
                .images()
                .get(1);
    }

    private static ImageDetails image(String id, List<String> layers, String builtAs) {
        Map<String, String> labels = new HashMap<>();
        if (builtAs != null) {
            labels.putAll(Map.of(
                    "dev.ocisi.built-by", "ocisi", "dev.ocisi.image", builtAs, "dev.ocisi.hierarchy", "ocisictl.yaml"));
        }
        return new ImageDetails(id, List.of(), labels, layers, 0, List.of(), Instant.EPOCH);
    }

    private static ContainerSummary container(String name, String image, Map<String, String> labels) {
        return new ContainerSummary("c-" + name, name, image, image, labels);
    }

    @Test
    void eachBoxAndDevContainerOfTheLeafIsFoundCurrentBuiltOnItOrStale() throws Exception {
        ImageSpec leaf = leaf();
        ImageDetails current = image("sha256:new", List.of("l1", "l2"), "tool-dx:latest");
        Map<String, ImageDetails> images = Map.of(
                "sha256:new", current,
                "sha256:uid", image("sha256:uid", List.of("l1", "l2", "l3"), "tool-dx:latest"),
                "sha256:old", image("sha256:old", List.of("l1", "l0"), "tool-dx:latest"),
                "sha256:mine", image("sha256:mine", List.of("x1"), null),
                "sha256:other", image("sha256:other", List.of("o1"), "other:latest"));
        Map<String, String> project = Map.of(
                "devcontainer.local_folder",
                "/home/me/my project",
                "devcontainer.config_file",
                "/home/me/my project/.devcontainer/devcontainer.json");
        List<ContainerSummary> containers = List.of(
                container("tool-box", "sha256:new", Map.of("manager", "distrobox")),
                container("on-leaf", "sha256:new", project),
                container("with-uid", "sha256:uid", Map.of("devcontainer.local_folder", "/srv/w")),
                container("stale", "sha256:old", project),
                container("not-ours", "sha256:mine", project),
                container("other-image", "sha256:other", project),
                container("plain", "sha256:new", Map.of()));
        List<Consumers.Consumer> found =
                Consumers.of(Manager.PODMAN, containers, images, Map.of(leaf, current), Map.of("l3", 4096L));
        assertEquals(
                List.of(
                        "box tool-box on podman: current, on the leaf's own image",
                        "dev container on-leaf (/home/me/my project) on podman: current, on the leaf's own image",
                        "dev container with-uid (/srv/w) on podman: current, its image adds 4.1 kB to the leaf's",
                        "dev container stale (/home/me/my project) on podman: runs an older image of tool-dx:latest (old): "
                                + "devcontainer up --workspace-folder '/home/me/my project' --config '/home/me/my project/"
                                + ".devcontainer/devcontainer.json' --remove-existing-container --docker-path podman"),
                found.stream().map(Consumers.Consumer::describe).toList(),
                "a container of another image, or of an image ocisi did not build, is not the leaf's");
        Consumers.Consumer box = new Consumers.Consumer(
                leaf,
                Manager.DOCKER,
                Consumers.Kind.BOX,
                "tool-box",
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                "sha256:old",
                false,
                0);
        assertEquals("mvn ocisi:assemble", box.recreate());
    }
}
