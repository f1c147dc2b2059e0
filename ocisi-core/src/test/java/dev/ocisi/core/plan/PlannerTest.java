package dev.ocisi.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {

    @TempDir
    Path dir;

    private HierarchyGraph graph;

    @BeforeEach
    void read() throws Exception {
        graph = new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true}
                images:
                  - name: base
                  - name: py
                  - name: py-dx
                  - name: go
                  - name: old
                    enabled: false
                """)
                .write("img/Containerfile.base", "FROM debian\n")
                .write("img/Containerfile.py", "FROM base\n")
                .write("img/Containerfile.go", "FROM base\n")
                .write("img/Containerfile.old", "FROM base\n")
                .write("img/Containerfile.img-dx", "ARG IMG\nFROM $IMG\n")
                .read();
    }

    private static List<String> plan(BuildPlan plan) {
        return plan.images().stream()
                .map(p -> p.id().name() + " (" + p.reason() + ")")
                .toList();
    }

    @Test
    void everyEnabledImageInBuildOrder() throws Exception {
        assertEquals(
                List.of("base (enabled)", "py (enabled)", "py-dx (enabled)", "go (enabled)"),
                plan(Planner.plan(graph, List.of())));
    }

    @Test
    void onlyTheNamedImagesAndWhatTheyNeed() throws Exception {
        assertEquals(
                List.of("base (needed)", "py (needed)", "py-dx (asked for)"),
                plan(Planner.plan(graph, List.of("py-dx:latest"))));
        assertEquals(List.of("base (asked for)", "go (asked for)"), plan(Planner.plan(graph, List.of("go", "base"))));
    }

    @Test
    void unknownOrDisabledNamesAreErrors() {
        ConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                ConfigurationException.class, () -> Planner.plan(graph, List.of("pyy", "old")));
        assertEquals(
                List.of(
                        "-Docisi.only: no image 'pyy' in the hierarchy; did you mean 'py'?",
                        "-Docisi.only: old:latest is disabled; enable it in the hierarchy file to build it"),
                e.problems().stream().map(Problem::toString).toList());
    }
}
