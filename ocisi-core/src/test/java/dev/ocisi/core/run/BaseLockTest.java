package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.bases.BaseLocks;
import dev.ocisi.core.config.BaseLock;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * External bases pinned in the lock file, against a real registry on the loopback (scripts/engines.sh starts it)
 * and real engines: {@code lock} pins what the registry serves; when the registry's tag moves on, {@code process}
 * still builds on the pinned image, pulling it by digest; {@code lock} again moves the pin and the child is rebuilt.
 */
@EngineTest
class BaseLockTest {

    private static final String REGISTRY = System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555");

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    @ParameterizedTest
    @EnumSource(Manager.class)
    void processBuildsOnThePinnedImageUntilTheLockMovesIt(Manager manager) throws Exception {
        String testId = TestEngines.uniqueName("lk");
        String remote = REGISTRY + "/" + testId + "/base:1";
        Path state = TestEngines.scratchFolder("ocisi-state-");
        try (ContainerEngine engine =
                manager == Manager.PODMAN ? TestEngines.podmanCli() : TestEngines.dockerApiOnDockerd()) {
            try {
                String v1 = push(engine, remote, testId, "1");
                Fixture fixture = new Fixture(dir)
                        .write("ocisictl.yaml", """
                        defaults: {path: img, enabled: true, manager: %s, labels: {dev.ocisi.test: %s}}
                        images:
                          - name: %s-child
                        """.formatted(manager, testId, testId))
                        .write(
                                "img/Containerfile." + testId + "-child",
                                "FROM " + remote + "\nRUN cat /etc/version > /seen\n");
                Path lockFile = dir.resolve("ocisictl.lock");
                ImageName child = new ImageName(testId + "-child", "latest");

                List<BaseLocks.Change> pinned = lock(fixture);
                assertEquals(1, pinned.size());
                assertTrue(
                        pinned.get(0).describe().startsWith("pinned " + remote + " to sha256:"),
                        pinned.get(0).describe());
                BaseLock.Pin first = BaseLock.read(fixture.path("ocisictl.yaml"), dir)
                        .pin(remote)
                        .orElseThrow();
                assertEquals(v1, first.id());
                assertTrue(first.hasDigest(), "the registry's digest is pinned: " + first);

                // the registry's tag moves on; the store forgets the image; process pulls the pinned one by digest
                String v2 = push(engine, remote, testId, "2");
                engine.remove(remote);
                assertEquals(List.of(), process(fixture, state, false).failed());
                assertEquals("1", RootfsRuns.fileOf(engine, child.localReference(), "seen"));
                assertEquals(v1, engine.inspect(remote).orElseThrow().id(), "the tag names the pinned image again");
                assertTrue(
                        log.contains("Pulling " + remote.replace(":1", "") + "@" + first.digest()),
                        log.lines().toString());

                // a refresh leaves a pinned base alone
                assertEquals(1, process(fixture, state, true).count(ImageResult.Outcome.UP_TO_DATE));
                assertTrue(log.contains(remote + " is pinned in ocisictl.lock, so -Docisi.pull leaves it"));

                // lock moves the pin; the child is built on the new base
                List<BaseLocks.Change> moved = lock(fixture);
                assertTrue(
                        moved.get(0).describe().startsWith("moved " + remote + " from " + first.digest()),
                        moved.get(0).describe());
                assertEquals(
                        v2,
                        BaseLock.read(fixture.path("ocisictl.yaml"), dir)
                                .pin(remote)
                                .orElseThrow()
                                .id());
                BuildReport rebuilt = process(fixture, state, false);
                assertEquals("base image updated", RootfsRuns.reason(rebuilt, child));
                assertEquals("2", RootfsRuns.fileOf(engine, child.localReference(), "seen"));

                // a pin the registry cannot serve stops the run before any build, naming the pin and the fix
                Files.writeString(
                        lockFile,
                        Files.readString(lockFile)
                                .replace(
                                        BaseLock.read(fixture.path("ocisictl.yaml"), dir)
                                                .pin(remote)
                                                .orElseThrow()
                                                .digest(),
                                        "sha256:" + "0".repeat(64))
                                .replace(v2, "sha256:" + "1".repeat(64)));
                EngineException unservable = assertThrows(EngineException.class, () -> process(fixture, state, false));
                assertTrue(
                        unservable
                                .getMessage()
                                .contains(remote + " (used by " + child + " (Containerfile."
                                        + testId + "-child)) is pinned in ocisictl.lock to sha256:" + "0".repeat(64)
                                        + ", which could not be pulled"),
                        unservable.getMessage());
                assertTrue(unservable.getMessage().contains("run `mvn ocisi:lock` to pin what the store has"));
            } finally {
                TestEngines.removeTestImages(engine, testId);
                engine.remove(remote);
            }
        }
    }

    /** Pushes busybox with /etc/version holding {@code version} to the registry; returns its id. */
    private String push(ContainerEngine engine, String remote, String testId, String version) throws Exception {
        Path rootfs = RootfsRuns.busyboxTarball(dir, version);
        String id = engine.importRootfs(rootfs, Map.of(TestEngines.TEST_LABEL, testId), List.of("CMD [\"/bin/sh\"]"));
        engine.tag(id, remote);
        List<String> push = new java.util.ArrayList<>(TestEngines.cli(engine));
        push.addAll(
                push.get(0).equals("podman")
                        ? List.of("push", "--quiet", "--tls-verify=false", remote)
                        : List.of("push", "--quiet", remote));
        RootfsRuns.run(push);
        return id;
    }

    private List<BaseLocks.Change> lock(Fixture fixture) throws Exception {
        try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), log)) {
            return BaseLocks.lock(Planner.plan(fixture.read(), List.of()), engines, false, log);
        }
    }

    private BuildReport process(Fixture fixture, Path state, boolean pull) throws Exception {
        return RootfsRuns.process(fixture, state, log, pull, HierarchyBuildContract.USER);
    }
}
