package dev.ocisi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.graph.DotView;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.MermaidView;
import dev.ocisi.core.graph.TreeView;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.ShardAssignment;
import dev.ocisi.core.report.HtmlReport;
import dev.ocisi.core.report.ReportInput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FROM chain thousands of images deep: every walk over the hierarchy (reading it, planning, the tree, DOT and
 * Mermaid, the report's layout, sharding) goes through without running out of stack, on a thread whose stack is a
 * quarter of a megabyte, on which a walk that recursed once per image would overflow.
 */
class DeepChainTest {

    private static final int DEPTH = 3000;

    @TempDir
    Path dir;

    @Test
    void aChainThreeThousandDeepIsListedPlannedDrawnAndSharded() throws Exception {
        Throwable[] failure = {null};
        Thread small = new Thread(
                null,
                () -> {
                    try {
                        walk();
                    } catch (Throwable e) {
                        failure[0] = e;
                    }
                },
                "small-stack",
                256 * 1024);
        small.start();
        small.join();
        if (failure[0] != null) {
            throw new AssertionError("a walk over the chain failed: " + failure[0], failure[0]);
        }
    }

    private void walk() throws Exception {
        Fixture fixture = new Fixture(dir);
        StringBuilder yaml = new StringBuilder("defaults: {path: img, enabled: true}\nimages:\n");
        for (int i = 0; i < DEPTH; i++) {
            yaml.append("  - name: c").append(i).append('\n');
            fixture.write("img/Containerfile.c" + i, i == 0 ? "FROM scratch\n" : "FROM localhost/c" + (i - 1) + "\n");
        }
        HierarchyGraph graph = fixture.write("ocisictl.yaml", yaml.toString()).read();
        BuildPlan plan = Planner.plan(graph, List.of());
        assertEquals(DEPTH, plan.images().size());
        List<String> tree = TreeView.render(graph);
        assertEquals(DEPTH, tree.size());
        assertTrue(DotView.render(graph).contains("\"c2999:latest\""));
        assertTrue(MermaidView.render(graph).contains("c2999"));
        assertEquals(2, ShardAssignment.of(plan, 2, Map.of()).count());
        String page = HtmlReport.page(new ReportInput(graph, Map.of(), Optional.empty(), List.of(), Instant.now()));
        assertTrue(page.contains("c2999:latest"));
    }
}
