package dev.ocisi.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.history.RunHistory;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void stepsThatRanAtOnceGetLanesOfTheirOwnAndAStepAfterAnotherTakesItsLane() {
        Timeline timeline = Timeline.of(ReportSamples.runs().get(0)).orElseThrow();

        assertEquals(2, timeline.lanes());
        assertEquals(29_000, timeline.spanMillis());
        assertEquals(
                List.of(
                        "base:latest 0 0-10000 built",
                        "tool:latest 0 10000-20000 built",
                        "broken:latest 1 10005-14000 failed",
                        "other:latest 0 20000-29000 built",
                        "tool-dx:latest 0 29000-29000 skipped"),
                timeline.bars().stream()
                        .map(b -> b.image() + " " + b.lane() + " " + b.fromMillis() + "-" + b.toMillis() + " "
                                + b.result())
                        .toList());
        Timeline.Bar broken = timeline.bars().get(2);
        assertEquals(1, broken.retries());
        assertTrue(broken.error().endsWith("exit status 1"), broken.error());
    }

    @Test
    void aFreedLaneIsTakenAgainBeforeANewOneOpens() {
        RunHistory.RunRecord run = new RunHistory.RunRecord(
                "r",
                List.of(),
                1,
                ReportSamples.START.toString(),
                null,
                RunHistory.Status.RUNNING,
                "",
                List.of(
                        ReportSamples.image(ReportSamples.BASE, "built", "", 0, 5_000, 0, ""),
                        ReportSamples.image(ReportSamples.TOOL, "built", "", 1_000, 3_000, 0, ""),
                        ReportSamples.image(ReportSamples.OTHER, "built", "", 3_000, 9_000, 0, ""),
                        ReportSamples.image(ReportSamples.BROKEN, "built", "", 4_000, 6_000, 0, "")),
                List.of(),
                List.of());

        Timeline timeline = Timeline.of(run).orElseThrow();

        // other starts as tool ends (lane 1 again); broken starts while base and other run (a third lane)
        assertEquals(
                List.of(0, 1, 1, 2),
                timeline.bars().stream().map(Timeline.Bar::lane).toList());
        assertEquals(3, timeline.lanes());
    }

    @Test
    void aRunRecordedBeforeTheStepsTimesHasNoTimeline() {
        RunHistory.RunRecord old = new RunHistory.RunRecord(
                "r",
                List.of(),
                1,
                ReportSamples.START.toString(),
                null,
                RunHistory.Status.SUCCEEDED,
                "",
                List.of(new RunHistory.ImageRecord("base:latest", "built", "", 10, "", "", "", 0, 0, null, 0)),
                List.of(),
                List.of());

        assertTrue(Timeline.of(old).isEmpty());
    }
}
