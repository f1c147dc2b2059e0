package dev.ocisi.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.report.JUnitReport;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class RunHistoryTest {

    @TempDir
    Path state;

    private static final ImageName A = new ImageName("a", "1");
    private static final ImageName B = new ImageName("b", "1");
    private static final ImageName C = new ImageName("c", "1");

    private static BuildReport report() {
        return new BuildReport(List.of(
                ImageResult.upToDate(A, Duration.ofMillis(5), "sha256:a", "sha256:da"),
                ImageResult.failed(
                        B,
                        Duration.ofMillis(1500),
                        "podman build exited with 7: <boom> & \"quotes\"",
                        Optional.of("sha256:db"),
                        List.of("STEP 2/2: RUN false", "Error: exit status 7")),
                ImageResult.skipped(C, "needs b:1, which failed")));
    }

    @Test
    void pullsWithTheirUpdateSizeAndPushesAreRecordedLikeBuilds() throws Exception {
        List<Path> files = List.of(Path.of("/h/ocisictl.yaml"));
        RunHistory history = new RunHistory(state, files);
        BuildReport report = new BuildReport(
                List.of(
                        ImageResult.pulled(
                                A,
                                Duration.ofMillis(900),
                                "sha256:a",
                                "sha256:da",
                                "pulled from r/ns: same inputs",
                                new dev.ocisi.core.registry.UpdateSize(41_200_000, 203_400_000, 2, 5)),
                        ImageResult.built(B, Duration.ofSeconds(3), "sha256:b", "sha256:db", "Containerfile changed")),
                List.of(
                        new PushResult(
                                A,
                                "r/ns/a:1",
                                "sha256:a",
                                PushResult.Status.ALREADY_THERE,
                                Duration.ZERO,
                                "nothing uploaded"),
                        new PushResult(
                                B,
                                "r/ns/b:1",
                                "sha256:b",
                                PushResult.Status.PUSHED,
                                Duration.ofSeconds(1),
                                "pushed under inputs-db")));
        history.started(null);
        report.results().forEach(history::finished);
        history.ended(report);
        RunHistory.RunRecord run = new RunHistory(state, files).last().orElseThrow();
        assertEquals("1 built, 1 pulled (41.2 MB downloaded), 0 up to date, 0 failed, 2 of 2 pushed", run.counts());
        assertEquals(41_200_000, run.images().get(0).downloaded());
        assertEquals(
                List.of("r/ns/a:1 already there", "r/ns/b:1 pushed"),
                run.pushes().stream().map(p -> p.reference() + " " + p.result()).toList());
        assertEquals(
                "Summary: 1 built, 1 pulled (41.2 MB downloaded of 203.4 MB (2 of 5 layers)), 0 up to date, "
                        + "0 failed, 0 skipped; pushed 1, already in the registry 1",
                report.summary());
    }

    @Test
    void aRunIsRecordedAsItGoesAndReadBackNewestFirst() throws Exception {
        List<Path> files = List.of(Path.of("/h/ocisictl.yaml"));
        RunHistory first = new RunHistory(state, files);
        first.started(null);
        report().results().forEach(first::finished);
        first.ended(report());
        Thread.sleep(5);
        RunHistory second = new RunHistory(state, files);
        second.started(null);
        second.aborted("interrupted: every image whose build had not finished keeps its old tag", true);

        List<RunHistory.RunRecord> runs = new RunHistory(state, files).runs();
        assertEquals(2, runs.size());
        assertEquals(RunHistory.Status.INTERRUPTED, runs.get(0).status());
        RunHistory.RunRecord failed = runs.get(1);
        assertEquals(RunHistory.Status.FAILED, failed.status());
        assertEquals(
                List.of("a:1 up to date", "b:1 failed", "c:1 skipped"),
                failed.images().stream().map(i -> i.image() + " " + i.result()).toList());
        assertEquals(
                "STEP 2/2: RUN false\nError: exit status 7",
                failed.images().get(1).error());
        assertEquals("sha256:db", failed.images().get(1).digest());
        assertTrue(new RunHistory(state, List.of(Path.of("/other.yaml"))).runs().isEmpty(), "per hierarchy");
    }

    @Test
    void aRunWhoseProcessIsGoneReadsAsInterrupted() throws Exception {
        List<Path> files = List.of(Path.of("/h/ocisictl.yaml"));
        RunHistory history = new RunHistory(state, files);
        history.started(null);
        Path record;
        try (Stream<Path> records = Files.list(state.resolve("history"))) {
            record = records.findFirst().orElseThrow();
        }
        Path file;
        try (Stream<Path> listed = Files.list(record)) {
            file = listed.findFirst().orElseThrow();
        }
        long deadPid = new ProcessBuilder("true").start().onExit().get().pid();
        Files.writeString(file, Files.readString(file).replaceFirst("\"pid\" : \\d+", "\"pid\" : " + deadPid));
        RunHistory.RunRecord run = history.runs().get(0);
        assertEquals(RunHistory.Status.INTERRUPTED, run.status());
        assertEquals("the run stopped without finishing (killed?)", run.reason());
    }

    @Test
    void oldRunsArePruned() throws Exception {
        List<Path> files = List.of(Path.of("/h/ocisictl.yaml"));
        for (int i = 0; i < RunHistory.KEEP + 3; i++) {
            RunHistory run = new RunHistory(state, files);
            run.started(null);
            run.ended(new BuildReport(List.of()));
        }
        assertTrue(new RunHistory(state, files).runs().size() <= RunHistory.KEEP + 1);
    }

    @Test
    void theJUnitReportParsesAndSaysWhatHappened() throws Exception {
        Path xml = state.resolve("target/ocisi/process-report.xml");
        JUnitReport.write(report(), Instant.parse("2026-11-22T04:00:00.123Z"), xml);
        Document document =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = document.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        assertEquals("2026-11-22T04:00:00", suite.getAttribute("timestamp"));
        Element b = (Element) suite.getElementsByTagName("testcase").item(1);
        assertEquals("b:1", b.getAttribute("name"));
        assertEquals("1.500", b.getAttribute("time"));
        Element failure = (Element) b.getElementsByTagName("failure").item(0);
        assertEquals("podman build exited with 7: <boom> & \"quotes\"", failure.getAttribute("message"));
        assertEquals("STEP 2/2: RUN false\nError: exit status 7", failure.getTextContent());
        Element c = (Element) suite.getElementsByTagName("testcase").item(2);
        assertEquals(
                "needs b:1, which failed",
                ((Element) c.getElementsByTagName("skipped").item(0)).getAttribute("message"));
    }

    @Test
    void aBuildsColourCodesDoNotMakeTheReportUnreadable() throws Exception {
        Path xml = state.resolve("target/ocisi/process-report.xml");
        BuildReport report = new BuildReport(List.of(ImageResult.failed(
                B,
                Duration.ofMillis(10),
                "exited with 1",
                Optional.empty(),
                List.of("\u001b[31merror:\u001b[0m no such file \u0000"))));
        JUnitReport.write(report, Instant.parse("2026-11-22T04:00:00Z"), xml);
        Document document =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals(
                "[31merror:[0m no such file ",
                document.getElementsByTagName("failure").item(0).getTextContent());
    }
}
