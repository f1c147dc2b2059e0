package dev.ocisi.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharingBarsTest {

    @TempDir
    Path dir;

    @Test
    void eachImageIsItsBaseItsAncestorsAndItsOwnOnOneScale() throws Exception {
        SharingBars bars = SharingBars.of(ReportSamples.layers(ReportSamples.graph(dir)));

        assertEquals(
                List.of("base:latest", "tool:latest", "tool-dx:latest", "other:latest"),
                bars.images().stream().map(SharingBars.ImageBar::image).toList());
        SharingBars.ImageBar dx = bars.images().get(2);
        assertEquals(
                List.of(
                        "BASE debian:bookworm 100000000",
                        "ANCESTOR base:latest 20000000",
                        "ANCESTOR tool:latest 50000000",
                        "OWN own layers 3000"),
                dx.segments().stream()
                        .map(s -> s.origin() + " " + s.from() + " " + s.bytes())
                        .toList());
        // the largest image (tool-dx) sets the scale: its bar is the full width, the others in proportion
        assertEquals(170_003_000, bars.scale());
        assertEquals(
                100.0,
                dx.segments().stream().mapToDouble(s -> bars.percent(s.bytes())).sum(),
                1e-9);
        SharingBars.ImageBar base = bars.images().get(0);
        assertEquals(
                100.0 * 120_000_000 / 170_003_000,
                base.segments().stream()
                        .mapToDouble(s -> bars.percent(s.bytes()))
                        .sum(),
                1e-9);
    }
}
