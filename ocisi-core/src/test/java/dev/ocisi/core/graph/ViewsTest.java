package dev.ocisi.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewsTest {

    @TempDir
    Path dir;

    private HierarchyGraph graph;

    @BeforeEach
    void read() throws Exception {
        graph = new Fixture(dir)
                .write("ocisictl.yaml", """
                - name: base
                  path: img
                  enabled: true
                - name: "tool"
                  path: img
                  enabled: false
                - name: base-dx
                  path: img
                  enabled: true
                """)
                .write("img/Containerfile.base", "FROM quay.io/fedora/fedora:43\n")
                .write("img/Containerfile.tool", "FROM base\nCOPY --from=ghcr.io/x/y:1 /a /a\n")
                .write("img/Containerfile.img-dx", "ARG IMG=base\nFROM $IMG\n")
                .read();
    }

    @Test
    void dotShowsImagesExternalsAndDisabledOnes() {
        assertEquals("""
                digraph ocisi {
                  rankdir=TB;
                  node [shape=box, style=rounded, fontname="Helvetica"];
                  edge [color="gray30"];
                  "base:latest" [label="base:latest\\npodman"];
                  "tool:latest" [label="tool:latest\\npodman, disabled", style="rounded,dashed", color="gray60", fontcolor="gray50"];
                  "base-dx:latest" [label="base-dx:latest\\npodman\\nbox base-dx"];
                  "quay.io/fedora/fedora:43" [shape=ellipse, style=dashed, color="gray50", fontcolor="gray30"];
                  "ghcr.io/x/y:1" [shape=ellipse, style=dashed, color="gray50", fontcolor="gray30"];
                  "quay.io/fedora/fedora:43" -> "base:latest";
                  "ghcr.io/x/y:1" -> "tool:latest" [style=dotted];
                  "base:latest" -> "tool:latest";
                  "base:latest" -> "base-dx:latest";
                }
                """, DotView.render(graph));
    }

    @Test
    void mermaidShowsTheSameGraph() {
        assertEquals("""
                flowchart TD
                  i0["base:latest<br/>podman"]
                  i1["tool:latest<br/>podman"]
                  i2["base-dx:latest<br/>podman<br/>box base-dx"]
                  x0(["quay.io/fedora/fedora:43"])
                  x1(["ghcr.io/x/y:1"])
                  x0 --> i0
                  x1 -.-> i1
                  i0 --> i1
                  i0 --> i2
                  classDef disabled stroke-dasharray: 5 5,color:#888888
                  classDef external fill:#f4f4f4,stroke:#999999,stroke-dasharray: 3 3
                  class i1 disabled
                  class x0,x1 external
                """, MermaidView.render(graph));
    }

    /** Graphviz itself must accept the file: the CI script installs it. */
    @Test
    void graphvizRendersTheDotFile() throws Exception {
        List<Path> files = GraphFiles.write(graph, dir.resolve("target/ocisi"));
        Path svg = dir.resolve("hierarchy.svg");
        Process dot = new ProcessBuilder(
                        "dot", "-Tsvg", "-o", svg.toString(), files.get(0).toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(dot.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dot.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, dot.exitValue(), output);
        String rendered = Files.readString(svg);
        assertTrue(rendered.contains("<svg") && rendered.contains("base&#45;dx:latest"), rendered);
    }

    @Test
    void graphFilesAreWrittenSideBySide() throws Exception {
        List<Path> files = GraphFiles.write(graph, dir.resolve("out"));
        assertEquals(List.of(dir.resolve("out/hierarchy.dot"), dir.resolve("out/hierarchy.mmd")), files);
        assertEquals(MermaidView.render(graph), Files.readString(files.get(1)));
    }

    @Test
    void theTreeSaysWhereARootfsImagesFilesComeFrom() throws Exception {
        HierarchyGraph rootfs = new dev.ocisi.core.Fixture(dir.resolve("rootfs"))
                .write("ocisictl.yaml", """
                - name: debian
                  tag: bookworm
                  enabled: true
                  rootfs: {debootstrap: {suite: bookworm, packages: [git]}}
                - name: dev
                  path: img
                  enabled: true
                """)
                .write("img/Containerfile.dev", "FROM localhost/debian:bookworm\n")
                .read();
        assertEquals(
                List.of(
                        "debian:bookworm [podman, enabled] from debootstrap bookworm (minbase) + 1 package",
                        "\\- dev:latest [podman, enabled]"),
                TreeView.render(rootfs));
    }
}
