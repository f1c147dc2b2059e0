package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Images made from a pinned tarball, on podman (CLI) and dockerd (Docker API): imported untagged and then tagged,
 * labelled like built images, roots of the graph that their children build on, rebuilt with everything under them when
 * the pin moves, and never imported when the file does not match its pin.
 */
@EngineTest
class RootfsImageTest {

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    @ParameterizedTest
    @EnumSource(Manager.class)
    void aPinnedTarballIsABaseLikeAnyOther(Manager manager) throws Exception {
        String testId = TestEngines.uniqueName("rf");
        Path state = TestEngines.scratchFolder("ocisi-state-");
        try (ContainerEngine engine =
                manager == Manager.PODMAN ? TestEngines.podmanCli() : TestEngines.dockerApiOnDockerd()) {
            try {
                Path v1 = tarball("1", "gz");
                Path v2 = tarball("2", "xz");
                Fixture fixture = hierarchy(manager, testId, v1, Sha256.ofFile(v1));
                ImageName base = new ImageName(testId + "-base", "1");
                ImageName child = new ImageName(testId + "-child", "latest");

                BuildReport first = process(fixture, state);
                assertEquals(List.of(), first.failed());
                ImageDetails baseImage = engine.inspect(base.localReference()).orElseThrow();
                assertEquals("ocisi", baseImage.label(OcisiLabels.BUILT_BY));
                assertEquals(
                        "tarball " + v1.getFileName() + " (sha256:" + Sha256.ofFile(v1) + ")",
                        baseImage.label(OcisiLabels.ROOTFS));
                assertEquals(testId, baseImage.label(TestEngines.TEST_LABEL), "the user's labels too");
                ImageDetails childImage = engine.inspect(child.localReference()).orElseThrow();
                assertEquals(baseImage.id(), childImage.label(OcisiLabels.PARENT));
                assertEquals("1", RootfsRuns.fileOf(engine, child.localReference(), "seen"));
                assertTrue(log.contains("Importing " + base + " with "), "the log says it imports, not builds");

                assertEquals(
                        2,
                        process(fixture, state).count(ImageResult.Outcome.UP_TO_DATE),
                        "nothing changed: nothing is imported or built");

                // a pin that does not match the file stops the run before anything is imported
                int imagesBefore = engine.listByLabels(Map.of(TestEngines.TEST_LABEL, testId))
                        .size();
                hierarchy(manager, testId, v2, Sha256.ofFile(v1));
                ConfigurationException wrong =
                        assertThrows(ConfigurationException.class, () -> process(fixture, state));
                assertTrue(
                        wrong.getMessage()
                                .contains(base + ": tarball " + v2 + " has sha256 " + Sha256.ofFile(v2)
                                        + ", but 'sha256' pins " + Sha256.ofFile(v1)
                                        + ", so nothing was imported or built"),
                        wrong.getMessage());
                int pinColumn =
                        "    rootfs: {tarball: ".length() + v2.toString().length() + ", sha256: ".length() + 1;
                assertTrue(
                        wrong.getMessage().contains("ocisictl.yaml:5:" + pinColumn + ": " + base + ": tarball"),
                        "points at the pin: " + wrong.getMessage());
                assertEquals(
                        imagesBefore,
                        engine.listByLabels(Map.of(TestEngines.TEST_LABEL, testId))
                                .size());
                assertEquals(
                        baseImage.id(),
                        engine.inspect(base.localReference()).orElseThrow().id());

                // the new tarball with its own pin: the base and everything under it are made again
                hierarchy(manager, testId, v2, Sha256.ofFile(v2));
                BuildReport moved = process(fixture, state);
                assertEquals(List.of(), moved.failed());
                assertEquals(
                        "tarball changed (sha256 " + Sha256.ofFile(v1).substring(0, 12) + " -> "
                                + Sha256.ofFile(v2).substring(0, 12) + ")",
                        RootfsRuns.reason(moved, base));
                assertEquals("parent " + base + " rebuilt", RootfsRuns.reason(moved, child));
                assertEquals("2", RootfsRuns.fileOf(engine, child.localReference(), "seen"), "an xz tarball reads too");
                assertTrue(engine.inspect(baseImage.id()).isEmpty(), "the old base went once nothing used it");
            } finally {
                TestEngines.removeTestImages(engine, testId);
            }
        }
    }

    private Fixture hierarchy(Manager manager, String testId, Path tarball, String sha256) {
        return new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: %s, labels: {dev.ocisi.test: %s}}
                images:
                  - name: %s-base
                    tag: "1"
                    rootfs: {tarball: %s, sha256: %s, cmd: [/bin/sh]}
                  - name: %s-child
                """.formatted(manager, testId, testId, tarball, sha256, testId))
                .write(
                        "img/Containerfile." + testId + "-child",
                        "FROM localhost/" + testId + "-base:1\n" + "RUN cat /etc/version > /seen\n");
    }

    /** busybox with /etc/version holding {@code version}, compressed with gzip or xz. */
    private Path tarball(String version, String compression) throws Exception {
        Path plain = RootfsRuns.busyboxTarball(dir, version);
        RootfsRuns.run(List.of(compression.equals("gz") ? "gzip" : "xz", plain.toString()));
        return dir.resolve(plain.getFileName() + "." + compression);
    }

    private BuildReport process(Fixture fixture, Path state) throws Exception {
        return RootfsRuns.process(fixture, state, log, false, HierarchyBuildContract.USER);
    }
}
