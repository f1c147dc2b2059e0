package dev.ocisi.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.result.ImageResult;
import dev.ocisi.core.result.ImagesFailedException;
import dev.ocisi.core.run.OwnStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code process} whole, without Maven: checks, build, boxes, JUnit report, summary; on a store of its own. */
@EngineTest
class ProcessRunnerTest {

    @TempDir
    Path dir;

    private ProcessRunner runner(Map<String, String> environment, RecordingLog log) {
        return TestRunners.of(dir, environment, RegistryOptions.NONE, log);
    }

    @Test
    void aRunBuildsWritesItsReportAndFailsAtTheEndWhenAnImageFailed() throws Exception {
        try (OwnStore store = OwnStore.withBase("pr")) {
            Fixture fixture = store.hierarchy(dir, "a", "b")
                    .write("img/Containerfile." + store.testId + "-a", "FROM " + store.base + "\nRUN echo a > /a\n")
                    .write("img/Containerfile." + store.testId + "-b", "FROM localhost/" + store.testId + "-a\n");
            RecordingLog log = new RecordingLog();
            ProcessRunner.Report report = runner(store.environment, log).run(Planner.plan(fixture.read(), List.of()));
            assertEquals(2, report.build().count(ImageResult.Outcome.BUILT));
            assertEquals(List.of(), report.boxes());
            assertTrue(Files.readString(report.junitReport()).contains("tests=\"2\""));
            assertTrue(
                    log.contains("INFO Summary: 2 built, 0 up to date, 0 failed, 0 skipped"),
                    log.lines().toString());
            assertTrue(log.contains("INFO No box to assemble"));
            assertTrue(
                    log.contains("; JUnit report: target/ocisi/process-report.xml"),
                    log.lines().toString());

            fixture.write("img/Containerfile." + store.testId + "-a", "FROM " + store.base + "\nRUN false\n");
            RecordingLog failing = new RecordingLog();
            ImagesFailedException failed = assertThrows(
                    ImagesFailedException.class,
                    () -> runner(store.environment, failing).run(Planner.plan(fixture.read(), List.of())));
            assertEquals(1, failed.report().failed().size());
            assertTrue(
                    Files.readString(dir.resolve("target/ocisi/process-report.xml"))
                            .contains("failures=\"1\""),
                    "the report is written before the run fails");

            // a machine whose podman cannot run a container stops before any build, with the fix
            Map<String, String> broken = new HashMap<>(store.environment);
            broken.put(
                    "CONTAINERS_CONF",
                    Files.writeString(dir.resolve("empty.conf"), "").toString());
            EngineException machine = assertThrows(
                    EngineException.class,
                    () -> runner(broken, new RecordingLog()).run(Planner.plan(fixture.read(), List.of())));
            assertTrue(
                    machine.getMessage().startsWith("this machine cannot build (mvn ocisi:doctor checks it all)"),
                    machine.getMessage());
        }
    }
}
