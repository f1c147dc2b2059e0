package dev.ocisi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.HierarchyReader;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.graph.ImageTable;
import dev.ocisi.core.graph.TreeView;
import dev.ocisi.core.problem.Problem;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An unmodified ocisictl file, shaped like the tool's own, loads and means what it meant there. */
class OcisictlCompatibilityTest {

    private Path dir;
    private HierarchyGraph graph;

    @BeforeEach
    void read() throws Exception {
        dir = resource("compat");
        graph = new HierarchyReader(dir, Map.of()).read(List.of(dir.resolve("ocisictl.yaml")));
    }

    @Test
    void allFifteenItemsLoadWithOcisictlsDefaults() {
        assertEquals(15, graph.images().size());
        ImageSpec devBase = spec("fedora-dev-base", "latest");
        assertEquals(Manager.DOCKER, devBase.manager());
        assertEquals("fedora-dev-base", devBase.distrobox(), "distrobox defaults to the name");
        assertFalse(devBase.assemble(), "assemble defaults to false for a name without -dx");
        assertEquals(dir.resolve("fedora/Containerfile.fedora-dev-base"), devBase.containerfile());

        ImageSpec pythonDx = spec("fedora-python-dx", "latest");
        assertTrue(pythonDx.assemble());
        assertEquals(dir.resolve("fedora/Containerfile.img-dx"), pythonDx.containerfile());

        ImageSpec zigDx = spec("fedora-zig-dx", "0.14.0");
        assertEquals("fedora-zig-14-dx", zigDx.distrobox());
        assertFalse(zigDx.assemble(), "ocisi honours assemble: false on a -dx item, unlike ocisictl");

        ImageSpec debianDx = spec("debian-dx", "bookworm");
        assertTrue(debianDx.assemble(), "a -dx item assembles by default");
        assertEquals(Manager.PODMAN, debianDx.manager(), "no manager and no DBX_CONTAINER_MANAGER: podman");
    }

    @Test
    void theBuildOrderIsTheFileOrder() {
        List<String> order = graph.images().stream().map(n -> n.id().toString()).toList();
        assertEquals(
                List.of(
                        "fedora-dev-base:latest",
                        "fedora-dev-base-dx:latest",
                        "fedora-dev-code:latest",
                        "fedora-python:latest",
                        "fedora-python-dx:latest",
                        "fedora-python314:latest",
                        "fedora-python314-dx:latest",
                        "fedora-dotnet:latest",
                        "fedora-dotnet-dx:latest",
                        "fedora-go:latest",
                        "fedora-go-dx:latest",
                        "fedora-zig:0.14.0",
                        "fedora-zig-dx:0.14.0",
                        "debian:bookworm",
                        "debian-dx:bookworm"),
                order);
    }

    @Test
    void theDxConventionLinksEachLeafToItsParentWithTheLeafsTag() {
        assertEquals("fedora-zig:0.14.0", parentOf("fedora-zig-dx", "0.14.0"));
        assertEquals("fedora-python:latest", parentOf("fedora-zig", "0.14.0"));
        assertEquals("fedora-dev-base:latest", parentOf("fedora-python", "latest"));
        assertEquals("debian:bookworm", parentOf("debian-dx", "bookworm"));
        assertEquals(
                "quay.io/fedora/fedora:43-x86_64",
                graph.node(new ImageName("fedora-dev-base", "latest"))
                        .externalBase()
                        .orElseThrow()
                        .toString());
    }

    @Test
    void theTreeShowsZigDxUnderZigUnderPythonUnderDevBase() {
        assertEquals(
                List.of(
                        "fedora-dev-base:latest [docker, enabled] FROM quay.io/fedora/fedora:43-x86_64",
                        "+- fedora-dev-base-dx:latest [docker, enabled, box fedora-dev-base-dx, dev container]",
                        "+- fedora-dev-code:latest [docker, enabled]",
                        "+- fedora-python:latest [docker, enabled]",
                        "|  +- fedora-python-dx:latest [docker, enabled, box fedora-python-dx, dev container]",
                        "|  \\- fedora-zig:0.14.0 [docker, disabled]",
                        "|     \\- fedora-zig-dx:0.14.0 [docker, disabled, dev container]",
                        "+- fedora-python314:latest [docker, disabled]",
                        "|  \\- fedora-python314-dx:latest [docker, disabled, dev container]",
                        "+- fedora-dotnet:latest [docker, disabled]",
                        "|  \\- fedora-dotnet-dx:latest [docker, disabled, dev container]",
                        "\\- fedora-go:latest [docker, disabled]",
                        "   \\- fedora-go-dx:latest [podman, disabled, dev container]",
                        "debian:bookworm [podman, disabled] FROM ghcr.io/ublue-os/debian-toolbox:latest",
                        "\\- debian-dx:bookworm [podman, disabled, box debian-bookworm-dx, dev container]"),
                TreeView.render(graph));
    }

    @Test
    void problemsOfDisabledImagesOnlyWarn() {
        assertEquals(
                List.of("ocisictl.yaml:54:12: warning: fedora-go-dx:latest uses manager podman but is built "
                        + "FROM fedora-go:latest (fedora/Containerfile.img-dx:4:6), which uses docker (ocisictl.yaml:50:12); "
                        + "their image stores differ, so podman cannot see it: give both the same manager"),
                graph.warnings().stream().map(Problem::toString).toList());
    }

    @Test
    void listTablesSelectLikeOcisictl() {
        List<String> assemble = ImageTable.render(graph, ImageTable.Selection.ASSEMBLE, dir);
        assertEquals(
                List.of(
                        "IMAGE                      PATH    ENABLED  MANAGER  DISTROBOX           ASSEMBLE",
                        "fedora-dev-base-dx:latest  fedora  true     docker   fedora-dev-base-dx  true",
                        "fedora-python-dx:latest    fedora  true     docker   fedora-python-dx    true"),
                assemble);
        assertEquals(
                1 + 5,
                ImageTable.render(graph, ImageTable.Selection.ENABLED, dir).size());
        assertEquals(
                1 + 15, ImageTable.render(graph, ImageTable.Selection.ALL, dir).size());
    }

    @Test
    void dbxContainerManagerSetsTheDefaultManager() throws Exception {
        HierarchyGraph docker = new HierarchyReader(dir, Map.of("DBX_CONTAINER_MANAGER", "docker"))
                .read(List.of(dir.resolve("ocisictl.yaml")));
        ImageNode debianDx = docker.node(new ImageName("debian-dx", "bookworm"));
        assertEquals(Manager.DOCKER, debianDx.spec().manager());
        assertEquals(2, docker.warnings().size(), "debian-dx on docker now differs from debian on podman too");
    }

    private ImageSpec spec(String name, String tag) {
        return graph.node(new ImageName(name, tag)).spec();
    }

    private String parentOf(String name, String tag) {
        return graph.parent(new ImageName(name, tag)).orElseThrow().id().toString();
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(OcisictlCompatibilityTest.class
                .getClassLoader()
                .getResource(name)
                .toURI());
    }
}
