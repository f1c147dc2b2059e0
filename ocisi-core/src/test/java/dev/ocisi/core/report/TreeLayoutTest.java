package dev.ocisi.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeLayoutTest {

    @TempDir
    Path dir;

    @Test
    void theHierarchyIsATreeWithEachParentInTheMiddleOfItsChildren() throws Exception {
        // base's children take rows 0 to 2 (tool's only child tool-dx the first); base sits at their middle
        TreeLayout layout = TreeLayout.of(ReportSamples.graph(dir));

        assertEquals(
                List.of(
                        "debian:bookworm ext col 0 row 1.0",
                        "base:latest col 1 row 1.0",
                        "tool:latest col 2 row 0.0",
                        "tool-dx:latest col 3 row 0.0",
                        "other:latest col 2 row 1.0",
                        "broken:latest col 2 row 2.0"),
                layout.nodes().stream()
                        .map(n -> n.key() + (n.external() ? " ext" : "") + " col " + n.column() + " row " + n.row())
                        .toList());
        assertEquals(3, layout.rows(), "one row per leaf");
        assertEquals(3, layout.depth());
        assertEquals(
                List.of(
                        "debian:bookworm -> base:latest",
                        "base:latest -> tool:latest",
                        "tool:latest -> tool-dx:latest",
                        "base:latest -> other:latest",
                        "tool:latest ..> other:latest",
                        "base:latest -> broken:latest"),
                layout.edges().stream()
                        .map(e -> e.from() + (e.dotted() ? " ..> " : " -> ") + e.to())
                        .toList());
    }
}
