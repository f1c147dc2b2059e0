package dev.ocisi.core.run;

import static dev.ocisi.core.run.RegistryMachine.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registry as a layer cache: machine A builds a leaf whose first step writes the time it ran, and publishes; on a
 * fresh machine B the leaf's last step changed, so B builds it, and its first step comes from A's cache: B's image
 * holds A's time, though it built a second later or more. Once with podman (the cache repository, --cache-from/--cache-to), once with dockerd
 * (the published image pulled as --cache-from), where "fresh" is dockerd with A's images taken out again.
 */
@EngineTest
class RegistryLayerCacheTest {

    private static final String REGISTRY = System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555");

    private static String leaf(String id, String last) {
        return "FROM localhost/" + id + "-mid:latest\nRUN date +%s > /stamp\nRUN echo " + last + " > /leaf\n";
    }

    @Test
    void podmanReadsTheStepsAnotherMachinePublished() throws Exception {
        try (OwnStore a = OwnStore.withBase("lc-a");
                OwnStore b = OwnStore.withBase("lc-b")) {
            RegistryLocation location = RegistryLocation.parse(REGISTRY + "/" + a.testId);
            RegistryMachine machineA = machine(a.environment, a.testId, "podman", location);
            RegistryMachine machineB = machine(b.environment, a.testId, "podman", location);
            machineA.process(true);
            String stampA = a.podmanChecked("run", "--rm", "localhost/" + a.testId + "-leaf:latest", "cat", "/stamp");
            // had B run the step itself, its stamp would be later than A's
            waitForTheNextSecond(stampA);

            machineB.checkout().write("img/Containerfile." + a.testId + "-leaf", leaf(a.testId, "v2"));
            RecordingLog log = new RecordingLog();
            BuildReport report = machineB.process(RegistryOptions.NONE, log);
            assertEquals(
                    ImageResult.Outcome.BUILT, result(report, a.testId, "leaf").outcome(), report.summary());
            assertEquals(2, report.count(ImageResult.Outcome.PULLED), report.summary());
            assertEquals(
                    stampA,
                    b.podmanChecked("run", "--rm", "localhost/" + a.testId + "-leaf:latest", "cat", "/stamp"),
                    "the first step came from A's cache");
            assertTrue(
                    log.contains("Cache pulled from remote "
                            + location.cacheRepository(RegistryMachine.name(a.testId, "leaf"))),
                    "podman says so: " + log.lines());
        }
    }

    @Test
    void dockerdMatchesStepsAgainstThePublishedImage() throws Exception {
        String id = TestEngines.uniqueName("lc-docker");
        RegistryLocation location = RegistryLocation.parse(REGISTRY + "/" + id);
        ContainerEngine dockerd = TestEngines.dockerApiOnDockerd();
        try {
            RegistryMachine machineA = machine(System.getenv(), id, "docker", location);
            machineA.process(true);
            String stampA = docker("run", "--rm", "localhost/" + id + "-leaf:latest", "cat", "/stamp");
            waitForTheNextSecond(stampA);
            // a fresh machine: none of A's images, only the registry
            TestEngines.removeTestImages(dockerd, id);

            RegistryMachine machineB = machine(System.getenv(), id, "docker", location);
            machineB.checkout().write("img/Containerfile." + id + "-leaf", leaf(id, "v2"));
            RecordingLog log = new RecordingLog();
            BuildReport report = machineB.process(RegistryOptions.NONE, log);
            assertEquals(ImageResult.Outcome.BUILT, result(report, id, "leaf").outcome(), report.summary());
            assertTrue(
                    log.contains("pulling " + location.reference(RegistryMachine.name(id, "leaf"), "latest")
                            + " for the steps it shares with this build"),
                    log.lines().toString());
            assertEquals(
                    stampA,
                    docker("run", "--rm", "localhost/" + id + "-leaf:latest", "cat", "/stamp"),
                    "the first step came from the published image");
            assertEquals(
                    List.of(),
                    dockerd.listByLabels(Map.of()).stream()
                            .flatMap(i -> i.tags().stream())
                            .filter(t -> t.startsWith(REGISTRY + "/" + id))
                            .toList(),
                    "the cache's registry tag is gone");
        } finally {
            TestEngines.removeTestImages(dockerd, id);
            dockerd.close();
        }
    }

    private static RegistryMachine machine(
            Map<String, String> environment, String id, String manager, RegistryLocation location) throws Exception {
        RegistryMachine machine = RegistryMachine.of(
                new Engines(EngineSettings.defaults(), environment, new RecordingLog()),
                id,
                manager,
                location,
                TestEngines.busyboxRootfs());
        machine.checkout().write("img/Containerfile." + id + "-leaf", leaf(id, "v1"));
        return machine;
    }

    /** Waits until the clock is past the second of the stamp, so that a step run now writes a later one. */
    private static void waitForTheNextSecond(String stamp) throws InterruptedException {
        long second = Long.parseLong(stamp.strip());
        while (System.currentTimeMillis() / 1000 <= second) {
            Thread.sleep(100);
        }
    }

    private static String docker(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
