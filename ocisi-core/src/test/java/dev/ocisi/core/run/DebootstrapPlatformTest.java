package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * An arm64 Debian made by a real debootstrap on this amd64 machine, its packages' scripts under QEMU, and a child
 * built on it: an image that does not list this machine's platform has its first platform under its own name.
 * About three minutes of emulated dpkg on 2 cores.
 */
@EngineTest
@Execution(ExecutionMode.CONCURRENT) // minutes of downloads and emulated dpkg, in a store of its own
class DebootstrapPlatformTest {

    @TempDir
    Path dir;

    @Test
    void anArm64DebianIsMadeHereAndBuiltOn() throws Exception {
        assumeTrue(
                Platform.machine().equals(Platform.parse("linux/amd64").orElseThrow()),
                "the other platform here is arm64: an amd64 machine's");
        try (OwnStore store = OwnStore.withBase("dp")) {
            String id = store.testId;
            Fixture fixture = new Fixture(dir)
                    .write("ocisictl.yaml", """
                    defaults: {path: img, enabled: true, manager: podman, platforms: [linux/arm64]}
                    images:
                      - name: %s-debian
                        tag: bookworm
                        rootfs:
                          debootstrap: {suite: bookworm, variant: minbase}
                      - name: %s-tools
                    """.formatted(id, id))
                    .write(
                            "img/Containerfile." + id + "-tools",
                            "FROM localhost/" + id + "-debian:bookworm\n"
                                    + "RUN (dpkg --print-architecture; uname -m) > /arch\n");
            BuildReport report = RootfsRuns.process(
                    fixture,
                    TestEngines.scratchFolder("ocisi-state-"),
                    new RecordingLog(),
                    false,
                    RunUser.current(),
                    store.environment);
            assertEquals(List.of(), report.failed(), report.summary());
            assertEquals(2, report.count(ImageResult.Outcome.BUILT), report.summary());
            assertEquals("linux/arm64", store.platformOf(id + "-debian:bookworm"));
            assertEquals(
                    "arm64\naarch64",
                    store.runIn(id + "-tools:latest", "cat", "/arch"),
                    "Debian's arm64 packages, run under QEMU");
        }
    }
}
