package dev.ocisi.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.clean.Cleaner;
import dev.ocisi.core.doctor.Doctor;
import dev.ocisi.core.doctor.Finding;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageIds;
import dev.ocisi.core.engine.PodmanCliEngine;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.layers.StoreSurvey;
import dev.ocisi.core.plan.Planner;
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
class DamagedStoreTest {

    @TempDir
    Path dir;

    @Test
    void theDoctorNamesADamagedImageAndCleanAndTheSurveyGoOnLeavingItAlone() throws Exception {
        Path storeFolder = TestEngines.scratchFolder("ocisi-store-");
        Map<String, String> environment = TestEngines.throwawayStore(storeFolder);
        String testId = TestEngines.uniqueName("ds");
        try {
            PodmanCliEngine engine = TestEngines.podmanCli(environment);
            engine.tag(engine.importRootfs(TestEngines.busyboxRootfs(), Map.of(), List.of("CMD [\"/bin/sh\"]")),
                    "localhost/" + testId + "-base:1");
            Fixture fixture = new Fixture(dir).write("ocisictl.yaml", """
                    defaults: {path: img, enabled: true, manager: podman}
                    images:
                      - name: %s-a
                      - name: %s-b
                    """.formatted(testId, testId))
                    .write("img/Containerfile." + testId + "-a", "FROM localhost/" + testId + "-base:1\n"
                            + "RUN echo a > /a\n")
                    .write("img/Containerfile." + testId + "-b", "FROM localhost/" + testId + "-a\nRUN echo b > /b\n");
            RecordingLog log = new RecordingLog();
            try (Engines engines = new Engines(EngineSettings.defaults(), environment, log)) {
                assertEquals(List.of(), new HierarchyBuilder(engines, new BuildOptions(false, false, false, false,
                        true, dir.resolve("state"), Duration.ofSeconds(5), 2, BuildOptions.Force.NONE),
                        HierarchyBuildContract.USER, log).build(Planner.plan(fixture.read(), List.of()),
                        List.of(fixture.path("ocisictl.yaml"))).failed());
            }
            String damaged = engine.importRootfs(RootfsRuns.busyboxTarball(dir, "damaged"), Map.of(), List.of());
            engine.tag(damaged, "localhost/" + testId + "-users-own:1"); // tagged, it fails podman's own listing
            Path record = storeFolder.resolve("graph/overlay-images/" + damaged.replace("sha256:", ""));
            Files.delete(record.resolve("manifest"));
            assertNotEquals(0, podman(environment, "images"), "the damage is real: podman's own listing fails");

            List<Finding> findings = new Doctor(EngineSettings.defaults(), environment,
                    new CommandRunner(command -> {
                        ProcessBuilder builder = new ProcessBuilder(command);
                        builder.environment().putAll(environment);
                        return builder;
                    })).engines(List.of(dev.ocisi.core.config.Manager.PODMAN));
            Finding store = findings.stream().filter(f -> f.subject().equals("podman image store")).findFirst()
                    .orElseThrow(() -> new AssertionError(findings.toString()));
            assertEquals(Finding.Status.WARNING, store.status());
            assertEquals("podman image store: image " + ImageIds.shortId(damaged) + " is damaged: podman can no "
                    + "longer read it (its manifest or a layer is gone), and `podman images` fails while it is there"
                    + "\n    fix: podman rmi -f " + ImageIds.shortId(damaged), store.describe());

            RecordingLog cleaning = new RecordingLog();
            try (Engines engines = new Engines(EngineSettings.defaults(), environment, cleaning)) {
                new Cleaner(engines, new Cleaner.Options(true, false, BuildOptions.Force.NONE, dir.resolve("state"),
                        Duration.ofSeconds(5)), cleaning).clean(fixture.read(), List.of(fixture.path("ocisictl.yaml")));
                StoreSurvey.of("podman", engines.forManager(dev.ocisi.core.config.Manager.PODMAN), cleaning);
            }
            String warning = "WARN podman's store: image " + ImageIds.shortId(damaged) + " is damaged: podman can no "
                    + "longer read it (its manifest or a layer is gone), and `podman images` fails while it is there; "
                    + "ocisi leaves it out and alone: remove it with `podman rmi -f " + ImageIds.shortId(damaged) + "`";
            assertEquals(2, cleaning.lines().stream().filter(warning::equals).count(), cleaning.lines().toString());
            assertTrue(cleaning.contains("Removed localhost/" + testId + "-a:latest"), cleaning.lines().toString());
            assertTrue(Files.isDirectory(record), "the damaged image is left alone");
        } finally {
            TestEngines.removeStore(environment, storeFolder);
        }
    }

    private static int podman(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("podman"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
