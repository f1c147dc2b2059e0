package dev.ocisi.core.run;

import static dev.ocisi.core.run.RegistryMachine.name;
import static dev.ocisi.core.run.RegistryMachine.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.RegistryLogin;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.publish.Publisher;
import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.registry.InputsTag;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RegistryClient;
import dev.ocisi.core.registry.RegistryException;
import dev.ocisi.core.registry.RemoteImage;
import dev.ocisi.core.registry.SecureRegistry;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong with registries, for real: one that is down, one that asks for a login (over TLS with a private
 * CA) given none or a wrong one, a tag whose image says other inputs, and a push killed half-way.
 */
@EngineTest
class RegistryFaultsTest {

    private static final String REGISTRY = System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555");

    @Test
    void aRegistryThatIsDownCostsOnlyTheReuseUnlessTheRunNeedsIt() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (OwnStore store = OwnStore.withBase("rf-down")) {
            RegistryMachine machine = machine(store, RegistryLocation.parse("localhost:" + closed + "/x"));
            RecordingLog log = new RecordingLog();
            RegistryException refused = assertThrows(
                    RegistryException.class, () -> machine.process(RegistryOptions.NONE.withPush(true), log));
            assertTrue(
                    refused.getMessage().contains("cannot reach registry localhost:" + closed), refused.getMessage());
            assertTrue(refused.getMessage().contains("connection refused"), refused.getMessage());
            assertFalse(log.contains("Building "), "nothing is built when the push cannot happen: " + log.lines());
            assertThrows(
                    RegistryException.class,
                    () -> machine.process(RegistryOptions.NONE.withPullOnly(true), new RecordingLog()));

            RecordingLog building = new RecordingLog();
            BuildReport report = machine.process(RegistryOptions.NONE, building);
            assertEquals(3, report.count(ImageResult.Outcome.BUILT), report.summary());
            assertEquals(
                    1,
                    building.lines().stream()
                            .filter(l ->
                                    l.startsWith("WARN Cannot look for published " + "images in localhost:" + closed))
                            .count(),
                    "said once, not per image: " + building.lines());
        }
    }

    @Test
    void aTagWhoseImageSaysOtherInputsIsNeverTrusted() throws Exception {
        try (OwnStore a = OwnStore.withBase("rf-trust");
                OwnStore b = OwnStore.withBase("rf-trust-b")) {
            RegistryLocation location = RegistryLocation.parse(REGISTRY + "/" + a.testId);
            RegistryMachine machineA = machine(a, location);
            BuildReport built = machineA.process(true);
            String leafDigest = result(built, a.testId, "leaf").digest().orElseThrow();
            // the leaf's inputs tag now names the middle image: a mistake, or someone else's push
            a.podmanChecked(
                    "push",
                    "localhost/" + a.testId + "-mid:latest",
                    "docker://" + location.reference(name(a.testId, "leaf"), InputsTag.of(leafDigest)));
            RegistryMachine machineB =
                    RegistryMachine.of(engines(b), a.testId, "podman", location, TestEngines.busyboxRootfs());
            RecordingLog log = new RecordingLog();
            BuildReport report = machineB.process(RegistryOptions.NONE, log);
            assertEquals(
                    ImageResult.Outcome.BUILT, result(report, a.testId, "leaf").outcome(), report.summary());
            assertEquals(2, report.count(ImageResult.Outcome.PULLED), report.summary());
            assertTrue(
                    log.contains(InputsTag.of(leafDigest) + " was not built by ocisi as " + a.testId
                            + "-leaf:latest of a hierarchy file named ocisictl.yaml, so it is not used"),
                    log.lines().toString());
        }
    }

    @Test
    void aPushKilledHalfwayLeavesTheTagOnTheOldImage() throws Exception {
        try (OwnStore a = OwnStore.withBase("rf-kill")) {
            RegistryLocation location = RegistryLocation.parse(REGISTRY + "/" + a.testId);
            RegistryMachine machine = machine(a, location);
            machine.process(true);
            RegistryClient registry = RegistryClient.of(location, Optional.empty());
            String repository = location.repository(name(a.testId, "leaf"));
            String before = registry.find(repository, "latest").orElseThrow().manifestDigest();
            // a leaf of random bytes takes podman seconds to compress and send: long enough to be killed in between
            machine.checkout()
                    .write(
                            "img/Containerfile." + a.testId + "-leaf",
                            "FROM localhost/" + a.testId
                                    + "-mid:latest\nRUN head -c 300000000 /dev/urandom > /noise\n");
            // built without publishing (a publishing build sends its layers to the cache as it goes), then pushed
            BuildReport report = machine.process(false);
            assertEquals(
                    ImageResult.Outcome.BUILT, result(report, a.testId, "leaf").outcome());
            java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
            Thread killer = new Thread(() -> killed.set(killPush(a.testId + "-leaf")));
            killer.start();
            java.util.List<PushResult> pushes;
            try (Engines engines = engines(a)) {
                pushes = new Publisher(
                                engines,
                                Registries.of(RegistryOptions.NONE, a.environment, new RecordingLog()),
                                new dev.ocisi.core.sbom.Sboms(machine.checkout().read(), engines, machine.state()),
                                new RecordingLog())
                        .pushCurrent(machine.checkout().read().images().stream()
                                .map(n -> n.spec())
                                .toList());
            }
            killer.join();
            assertTrue(killed.get(), "the push was seen running and killed");
            PushResult push = pushes.stream()
                    .filter(p -> p.image().equals(name(a.testId, "leaf")))
                    .findFirst()
                    .orElseThrow();
            assertEquals(PushResult.Status.FAILED, push.status(), push.toString());
            assertEquals(
                    before,
                    registry.find(repository, "latest").orElseThrow().manifestDigest(),
                    "the tag still names the old leaf");
            RegistryException failed = assertThrows(
                    RegistryException.class, () -> new BuildReport(java.util.List.of(), pushes).checkPushes());
            assertTrue(failed.getMessage().contains("every tag in the registry is as it was"), failed.getMessage());

            BuildReport again = machine.process(true);
            assertEquals(
                    ImageResult.Outcome.UP_TO_DATE,
                    result(again, a.testId, "leaf").outcome());
            RemoteImage now = registry.find(repository, "latest").orElseThrow();
            assertEquals(
                    result(report, a.testId, "leaf").imageId().orElseThrow(),
                    now.id(),
                    "the next run publishes the new leaf");
        }
    }

    @Test
    void aLoginOverTlsWithAPrivateCaFromTheSettingsOrTheEnginesOwnFile() throws Exception {
        try (SecureRegistry secure = SecureRegistry.start();
                OwnStore a = OwnStore.withBase("rf-tls")) {
            RegistryLocation location = RegistryLocation.parse(secure.host + "/" + a.testId);
            RegistryMachine machine = machine(a, location);
            RegistryLogin good = new RegistryLogin(
                    secure.host, SecureRegistry.USER, SecureRegistry.PASSWORD, "settings.xml server " + secure.host);

            RegistryException none = assertThrows(
                    RegistryException.class,
                    () -> machine.process(RegistryOptions.NONE.withPush(true), new RecordingLog()));
            assertTrue(
                    none.getMessage()
                            .contains(secure.host + " needs a login to check: add a <server> with id " + secure.host
                                    + " to Maven's settings.xml, or log in with 'podman login " + secure.host + "'"),
                    none.getMessage());
            RegistryLogin wrong = new RegistryLogin(secure.host, SecureRegistry.USER, "not-it", "settings.xml");
            RecordingLog wrongLog = new RecordingLog();
            RegistryException refused = assertThrows(
                    RegistryException.class,
                    () -> machine.process(
                            RegistryOptions.NONE.withPush(true).withLogins(Map.of(secure.host, wrong)), wrongLog));
            assertTrue(
                    refused.getMessage().contains("refused login ocisi-ci for " + secure.host), refused.getMessage());
            assertFalse(wrongLog.contains("Building "), "refused before anything is built");

            RecordingLog log = new RecordingLog();
            BuildReport pushed =
                    machine.process(RegistryOptions.NONE.withPush(true).withLogins(Map.of(secure.host, good)), log);
            assertEquals(
                    3,
                    pushed.pushes().stream()
                            .filter(p -> p.status() == PushResult.Status.PUSHED)
                            .count(),
                    pushed.pushes().toString());
            assertFalse(String.join("\n", log.lines()).contains(SecureRegistry.PASSWORD), "never printed");
            assertFalse(pushed.toString().contains(SecureRegistry.PASSWORD));

            // dockerd pulls it with the engines' own login (docker's config.json) and the CA in /etc/docker/certs.d
            ContainerEngine dockerd = TestEngines.dockerApiOnDockerd();
            java.nio.file.Path dockerConfig = TestEngines.scratchFolder("ocisi-docker-config-");
            Files.writeString(
                    dockerConfig.resolve("config.json"),
                    "{\"auths\": {\"" + secure.host + "\": {\"auth\": \"" + good.basic() + "\"}}}");
            Map<String, String> environment = new java.util.HashMap<>(System.getenv());
            environment.put("DOCKER_CONFIG", dockerConfig.toString());
            try (Engines docker = new Engines(EngineSettings.defaults(), environment, new RecordingLog())) {
                RegistryMachine b =
                        RegistryMachine.of(docker, a.testId, "docker", location, TestEngines.busyboxRootfs());
                BuildReport pulled = b.process(RegistryOptions.NONE, new RecordingLog());
                assertEquals(3, pulled.count(ImageResult.Outcome.PULLED), pulled.summary());
            } finally {
                TestEngines.removeTestImages(dockerd, a.testId);
                dockerd.close();
            }
            assertFalse(Files.readString(secure.log).contains(SecureRegistry.PASSWORD));
        }
    }

    private static RegistryMachine machine(OwnStore store, RegistryLocation location) throws Exception {
        return RegistryMachine.of(engines(store), store.testId, "podman", location, TestEngines.busyboxRootfs());
    }

    private static Engines engines(OwnStore store) {
        return new Engines(EngineSettings.defaults(), store.environment, new RecordingLog());
    }

    /** Kills the podman push of the image as soon as it runs, as a lost connection or a killed job would. */
    private static boolean killPush(String image) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                Process pgrep = new ProcessBuilder("pgrep", "-f", "podman push .*" + image).start();
                String pids = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                pgrep.waitFor();
                if (!pids.isEmpty()) {
                    Thread.sleep(300);
                    for (String pid : pids.split("\\s+")) {
                        new ProcessBuilder("kill", "-9", pid).start().waitFor();
                    }
                    return true;
                }
                Thread.sleep(50);
            } catch (Exception e) {
                return false;
            }
        }
        return false;
    }
}
