package dev.ocisi.core.report;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.engine.Layer;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.layers.LayerReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A small hierarchy with a failed, a stale and a retried image, its layers and two runs: what the tests draw. */
final class ReportSamples {

    static final ImageName BASE = new ImageName("base", "latest");
    static final ImageName TOOL = new ImageName("tool", "latest");
    static final ImageName TOOL_DX = new ImageName("tool-dx", "latest");
    static final ImageName OTHER = new ImageName("other", "latest");
    static final ImageName BROKEN = new ImageName("broken", "latest");
    static final Instant START = Instant.parse("2026-12-01T02:00:00Z");

    private ReportSamples() {}

    static HierarchyGraph graph(Path dir) throws Exception {
        return new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true}
                images:
                  - name: base
                  - name: tool
                  - name: tool-dx
                  - name: other
                  - name: broken
                """)
                .write("img/Containerfile.base", "FROM debian:bookworm\n")
                .write("img/Containerfile.tool", "FROM base\n")
                .write("img/Containerfile.other", "FROM base\nCOPY --from=tool /etc/hostname /x\n")
                .write("img/Containerfile.broken", "FROM base\nRUN false\n")
                .write("img/Containerfile.img-dx", "ARG IMG\nFROM $IMG\n")
                .read();
    }

    static Map<ImageName, NodeState> states() {
        return Map.of(
                BASE,
                new NodeState(NodeState.Kind.CURRENT, "built: Containerfile changed"),
                TOOL,
                new NodeState(NodeState.Kind.CURRENT, "up to date"),
                TOOL_DX,
                new NodeState(NodeState.Kind.STALE, "parent tool:latest changed"),
                OTHER,
                new NodeState(NodeState.Kind.CURRENT, "built"),
                BROKEN,
                new NodeState(NodeState.Kind.FAILED, "failed: RUN false exited with 1"));
    }

    static LayerReport layers(HierarchyGraph graph) {
        Map<String, List<Layer>> bases = Map.of("debian:bookworm", List.of(l("d1", 100_000_000)));
        Map<ImageName, List<Layer>> layers = Map.of(
                BASE, List.of(l("d1", 100_000_000), l("b1", 20_000_000)),
                TOOL, List.of(l("d1", 100_000_000), l("b1", 20_000_000), l("t1", 50_000_000)),
                TOOL_DX, List.of(l("d1", 100_000_000), l("b1", 20_000_000), l("t1", 50_000_000), l("x1", 3_000)),
                OTHER, List.of(l("d1", 100_000_000), l("b1", 20_000_000), l("o1", 7_000_000)));
        return LayerReport.of(graph, layers, bases);
    }

    /**
     * The last run (base, then tool and broken side by side with broken retried and failed, then other, tool-dx
     * skipped) and one before it.
     */
    static List<RunHistory.RunRecord> runs() {
        RunHistory.RunRecord last = new RunHistory.RunRecord(
                "20261201-020000-abcd",
                List.of("ocisictl.yaml"),
                1,
                START.toString(),
                START.plusSeconds(30).toString(),
                RunHistory.Status.FAILED,
                "1 failed",
                List.of(
                        image(BASE, "built", "Containerfile changed", 0, 10_000, 0, ""),
                        image(TOOL, "built", "parent base:latest rebuilt", 10_000, 20_000, 0, ""),
                        image(
                                BROKEN,
                                "failed",
                                "parent base:latest rebuilt",
                                10_005,
                                14_000,
                                1,
                                "STEP 2/2: RUN false\nError: building at STEP \"RUN false\": exit status 1"),
                        image(OTHER, "built", "parent base:latest rebuilt", 20_000, 29_000, 0, ""),
                        image(
                                TOOL_DX,
                                "skipped",
                                "parent tool:latest failed? no: tool-dx <script>",
                                29_000,
                                29_000,
                                0,
                                "")),
                List.of(),
                List.of());
        RunHistory.RunRecord before = new RunHistory.RunRecord(
                "20261130-020000-ef01",
                List.of("ocisictl.yaml"),
                1,
                START.minusSeconds(86_400).toString(),
                START.minusSeconds(86_400 - 12).toString(),
                RunHistory.Status.SUCCEEDED,
                "",
                List.of(),
                List.of(),
                List.of());
        return List.of(last, before);
    }

    static RunHistory.ImageRecord image(
            ImageName image, String result, String reason, long fromMillis, long toMillis, int retries, String error) {
        return new RunHistory.ImageRecord(
                image.toString(),
                result,
                reason,
                toMillis - fromMillis,
                "",
                "",
                error,
                0,
                0,
                START.plusMillis(toMillis).toString(),
                retries);
    }

    static ReportInput input(Path dir) throws Exception {
        HierarchyGraph graph = graph(dir);
        return new ReportInput(graph, states(), java.util.Optional.of(layers(graph)), runs(), START.plusSeconds(60));
    }

    private static Layer l(String digest, long size) {
        return new Layer("sha256:" + digest, size);
    }
}
