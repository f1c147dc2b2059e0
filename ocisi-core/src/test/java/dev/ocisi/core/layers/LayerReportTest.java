package dev.ocisi.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.engine.Layer;
import dev.ocisi.core.graph.HierarchyGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerReportTest {

    @TempDir
    Path dir;

    private static final ImageName BASE = new ImageName("base", "latest");
    private static final ImageName TOOL = new ImageName("tool", "latest");
    private static final ImageName TOOL_DX = new ImageName("tool-dx", "latest");
    private static final ImageName OLD = new ImageName("old", "latest");

    private static Layer l(String digest, long size) {
        return new Layer("sha256:" + digest, size);
    }

    private HierarchyGraph graph() throws Exception {
        return new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true}
                images:
                  - name: base
                  - name: tool
                  - name: tool-dx
                  - name: old
                """)
                .write("img/Containerfile.base", "FROM debian:bookworm\n")
                .write("img/Containerfile.tool", "FROM base\n")
                .write("img/Containerfile.old", "FROM base\n")
                .write("img/Containerfile.img-dx", "ARG IMG\nFROM $IMG\n")
                .read();
    }

    @Test
    void groupsLayersByOriginAndCountsWhatSharingSaves() throws Exception {
        Map<String, List<Layer>> bases = Map.of("debian:bookworm", List.of(l("d1", 100_000)));
        Map<ImageName, List<Layer>> layers = Map.of(
                BASE, List.of(l("d1", 100_000), l("b1", 20_000)),
                TOOL, List.of(l("d1", 100_000), l("b1", 20_000), l("t1", 5_000), l("t1", 5_000)),
                TOOL_DX, List.of(l("d1", 100_000), l("b1", 20_000), l("t1", 5_000), l("x1", 300)),
                // built on a base since rebuilt: its old base layer is now its own
                OLD, List.of(l("d1", 100_000), l("b0", 19_000), l("o1", 700)));
        LayerReport report = LayerReport.of(graph(), layers, bases);

        LayerReport.ImageLayers dx = report.images().stream()
                .filter(i -> i.image().equals(TOOL_DX.toString()))
                .findFirst()
                .orElseThrow();
        assertEquals(
                List.of(
                        "BASE debian:bookworm 100000",
                        "ANCESTOR base:latest 20000",
                        "ANCESTOR tool:latest 5000",
                        "OWN tool-dx:latest 300"),
                dx.groups().stream()
                        .map(g -> g.origin() + " " + g.from() + " " + g.bytes())
                        .toList());
        assertEquals(300, dx.own());
        assertEquals(125_000, dx.inherited());

        LayerReport.ImageLayers tool = report.images().stream()
                .filter(i -> i.image().equals(TOOL.toString()))
                .findFirst()
                .orElseThrow();
        assertEquals(5_000, tool.own(), "the repeated digest counts once");

        LayerReport.ImageLayers old = report.images().stream()
                .filter(i -> i.image().equals(OLD.toString()))
                .findFirst()
                .orElseThrow();
        assertEquals(19_700, old.own());
        assertEquals(100_000, old.inherited());

        // distinct layers: d1 100000 + b1 20000 + t1 5000 + x1 300 + b0 19000 + o1 700
        assertEquals(145_000, report.onDisk());
        // base 120000 + tool 125000 + tool-dx 125300 + old 119700
        assertEquals(490_000, report.standalone());
        assertEquals(345_000, report.saved());
        assertEquals(
                List.of("sha256:d1 4", "sha256:b1 3", "sha256:t1 2"),
                report.shared().stream()
                        .map(s -> s.digest() + " " + s.images().size())
                        .toList());
        assertEquals(
                "On disk: 145.0 kB; standing alone the images would take 490.0 kB; sharing saves 345.0 kB (70%)",
                LayerView.render(report).get(LayerView.render(report).size() - 1));
    }

    @Test
    void sizesReadLikeTheEnginesShowThem() {
        assertEquals("999 B", LayerView.size(999));
        assertEquals("1.5 kB", LayerView.size(1_500));
        assertEquals("120.3 MB", LayerView.size(120_300_000));
    }
}
