package dev.ocisi.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.ImageName;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HierarchyGraphTest {

    @TempDir
    Path dir;

    private static String item(String name, boolean enabled) {
        return "- name: " + name + "\n  path: img\n  enabled: " + enabled + "\n";
    }

    private static List<String> ids(List<ImageNode> nodes) {
        return nodes.stream().map(n -> n.id().name()).toList();
    }

    @Test
    void childrenListedBeforeTheirParentsAreBuiltAfterThem() throws Exception {
        HierarchyGraph graph = new Fixture(dir)
                .write(
                        "ocisictl.yaml",
                        item("leaf", true) + item("mid", true) + item("other", true) + item("root", true))
                .write("img/Containerfile.leaf", "FROM mid\n")
                .write("img/Containerfile.mid", "FROM root\n")
                .write("img/Containerfile.other", "FROM alpine\n")
                .write("img/Containerfile.root", "FROM debian:bookworm\n")
                .read();
        assertEquals(List.of("other", "root", "mid", "leaf"), ids(graph.images()), "topological; ties in file order");
        assertEquals(List.of("mid", "leaf"), ids(graph.descendants(new ImageName("root", "latest"))));
        assertEquals(List.of("root", "mid"), ids(graph.ancestors(new ImageName("leaf", "latest"))));
    }

    @Test
    void copyFromAnImageOfTheHierarchyOrdersItFirstWithoutMakingItTheParent() throws Exception {
        HierarchyGraph graph = new Fixture(dir)
                .write("ocisictl.yaml", item("app", true) + item("tools", true) + item("base", true))
                .write("img/Containerfile.app", "FROM base\nCOPY --from=tools /bin/t /bin/t\n")
                .write("img/Containerfile.tools", "FROM alpine\n")
                .write("img/Containerfile.base", "FROM alpine\n")
                .read();
        assertEquals(List.of("tools", "base", "app"), ids(graph.images()));
        ImageName app = new ImageName("app", "latest");
        assertEquals("base", graph.parent(app).orElseThrow().id().name());
        assertEquals(
                List.of("tools:latest copies", "base:latest is"),
                graph.dependencies(app).stream()
                        .map(d -> d.parent() + " " + d.verb().split(" ")[0])
                        .toList());
        assertEquals(
                List.of(
                        "tools:latest [podman, enabled] FROM alpine",
                        "base:latest [podman, enabled] FROM alpine",
                        "\\- app:latest [podman, enabled]; also uses tools:latest"),
                TreeView.render(graph));
    }

    @Test
    void anExplicitParentLinksAFromThatNamesARegistry() throws Exception {
        HierarchyGraph graph = new Fixture(dir)
                .write("ocisictl.yaml", item("base", true) + item("child", true) + "  parent: base\n")
                .write("img/Containerfile.base", "FROM alpine\n")
                .write("img/Containerfile.child", "ARG REGISTRY\nFROM $REGISTRY/base\n")
                .read();
        assertEquals(
                "base",
                graph.parent(new ImageName("child", "latest"))
                        .orElseThrow()
                        .id()
                        .name());
    }

    @Test
    void aCycleAmongDisabledImagesWarnsAndTheRestStillOrders() throws Exception {
        HierarchyGraph graph = new Fixture(dir)
                .write("ocisictl.yaml", item("x", false) + item("y", false) + item("z", true))
                .write("img/Containerfile.x", "FROM y\n")
                .write("img/Containerfile.y", "FROM x\n")
                .write("img/Containerfile.z", "FROM alpine\n")
                .read();
        assertEquals(3, graph.images().size());
        assertEquals(
                List.of("img/Containerfile.x:1:6: warning: cycle in the hierarchy: x:latest is built FROM "
                        + "y:latest (img/Containerfile.x:1:6), y:latest is built FROM x:latest (img/Containerfile.y:1:6); "
                        + "change one of these lines"),
                graph.warnings().stream().map(Object::toString).toList());
    }

    @Test
    void unconsumedBuildArgsWarn() throws Exception {
        HierarchyGraph graph = new Fixture(dir)
                .write("ocisictl.yaml", item("a", true) + "  args: {VERSION: 1, TYPO: 2}\n")
                .write("img/Containerfile.a", "FROM alpine\nARG VERSION\n")
                .read();
        assertEquals(
                List.of("ocisictl.yaml:4:9: warning: build argument TYPO is declared by no ARG in "
                        + "img/Containerfile.a, so the build ignores it"),
                graph.warnings().stream().map(Object::toString).toList());
    }
}
