package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.clean.Cleaner;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.doctor.Doctor;
import dev.ocisi.core.doctor.Finding;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.layers.StoreSurvey;
import dev.ocisi.core.plan.BuildOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store with a damaged image, as a day of parallel builds left one on this machine (an image record whose manifest
 * is gone: every plain `podman images` fails): the doctor names it with its fix, and clean and the layer survey of
 * the whole store go on past it with a warning that names it, leaving it where it is. On a store of the test's own.
 */
@EngineTest
class DamagedStoreTest {

    @TempDir
    Path dir;

    @Test
    void theDoctorNamesADamagedImageAndCleanAndTheSurveyGoOnLeavingItAlone() throws Exception {
        try (OwnStore store = OwnStore.withBase("ds")) {
            String testId = store.testId;
            Fixture fixture = store.hierarchy(dir, "a", "b")
                    .write("img/Containerfile." + testId + "-a", "FROM " + store.base + "\nRUN echo a > /a\n")
                    .write("img/Containerfile." + testId + "-b", "FROM localhost/" + testId + "-a\nRUN echo b > /b\n");
            assertEquals(
                    List.of(),
                    store.process(fixture, dir.resolve("state"), new RecordingLog(), false, 2, BuildOptions.Force.NONE)
                            .failed());
            String damaged = store.engine.importRootfs(RootfsRuns.busyboxTarball(dir, "damaged"), Map.of(), List.of());
            store.engine.tag(damaged, "localhost/" + testId + "-users-own:1"); // tagged, it fails podman's listing
            Path record = store.folder.resolve("graph/overlay-images/" + damaged.replace("sha256:", ""));
            Files.delete(record.resolve("manifest"));
            assertNotEquals(0, store.podman("images").exit(), "the damage is real: podman's own listing fails");

            List<Finding> findings = new Doctor(
                            EngineSettings.defaults(), store.environment, new CommandRunner(command -> {
                                ProcessBuilder builder = new ProcessBuilder(command);
                                builder.environment().putAll(store.environment);
                                return builder;
                            }))
                    .imageStore();
            Finding found = findings.stream()
                    .filter(f -> f.subject().equals("podman image store"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(findings.toString()));
            assertEquals(Finding.Status.WARNING, found.status());
            assertEquals(
                    "podman image store: image " + Sha256.shortForm(damaged) + " is damaged: podman can no "
                            + "longer read it (its manifest or a layer is gone), and `podman images` fails while it is there"
                            + "\n    fix: podman rmi -f " + Sha256.shortForm(damaged),
                    found.describe());

            RecordingLog cleaning = new RecordingLog();
            try (Engines engines = store.engines(cleaning)) {
                new Cleaner(
                                engines,
                                new Cleaner.Options(
                                        true,
                                        false,
                                        BuildOptions.Force.NONE,
                                        dir.resolve("state"),
                                        Duration.ofSeconds(5)),
                                cleaning)
                        .clean(fixture.read());
                StoreSurvey.of("podman", engines.forManager(Manager.PODMAN), cleaning);
            }
            String warning = "WARN podman's store: image " + Sha256.shortForm(damaged) + " is damaged: podman can no "
                    + "longer read it (its manifest or a layer is gone), and `podman images` fails while it is there; "
                    + "ocisi leaves it out and alone: remove it with `podman rmi -f " + Sha256.shortForm(damaged) + "`";
            assertEquals(
                    2,
                    cleaning.lines().stream().filter(warning::equals).count(),
                    cleaning.lines().toString());
            assertTrue(
                    cleaning.contains("Removed localhost/" + testId + "-a:latest"),
                    cleaning.lines().toString());
            assertTrue(Files.isDirectory(record), "the damaged image is left alone");
        }
    }
}
