package dev.ocisi.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.result.ImageResult;
import dev.ocisi.core.run.OwnStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hierarchy for this machine's platform and arm64, built by real podman with arm64's RUN steps under QEMU
 * (qemu-user-static's binfmt_misc handler, which the test command registers on its machines).
 */
@EngineTest
class PlatformBuildTest {

    @TempDir
    Path dir;

    private ProcessRunner runner(Map<String, String> environment, RecordingLog log) {
        return TestRunners.of(dir, environment, RegistryOptions.NONE, log);
    }

    @Test
    void eachPlatformIsBuiltOnItsOwnParentsAndArm64RunsUnderEmulation() throws Exception {
        TestEngines.PlatformRoots roots = TestEngines.amd64AndArm64Roots();
        Path own = roots.amd64();
        Path arm = roots.arm64();
        try (OwnStore store = OwnStore.withBase("plat")) {
            String id = store.testId;
            Fixture fixture = new Fixture(dir)
                    .write(
                            "ocisictl.yaml",
                            "defaults: {path: img, enabled: true, manager: podman,"
                                    + " platforms: [linux/arm64, linux/amd64]}\nimages:\n"
                                    + "  - name: " + id + "-root\n"
                                    + "    rootfs:\n"
                                    + "      tarball: {linux/amd64: " + own + ", linux/arm64: " + arm + "}\n"
                                    + "      sha256: {linux/amd64: " + Sha256.ofFile(own) + ", linux/arm64: "
                                    + Sha256.ofFile(arm) + "}\n"
                                    + "  - name: " + id + "-tools\n"
                                    + "  - name: " + id + "-leaf\n"
                                    + "  - name: " + id + "-native\n"
                                    + "    platforms: [linux/amd64]\n")
                    .write(
                            "img/Containerfile." + id + "-tools",
                            "FROM localhost/" + id + "-root:latest\nRUN uname -m > /arch\n")
                    .write(
                            "img/Containerfile." + id + "-leaf",
                            "FROM localhost/" + id + "-tools:latest\nRUN echo \"leaf on $(cat /arch)\" > /leaf\n")
                    .write(
                            "img/Containerfile." + id + "-native",
                            "FROM localhost/" + id + "-root:latest\nRUN uname -m > /arch\n");
            RecordingLog log = new RecordingLog();
            ProcessRunner.Report report = runner(store.environment, log).run(Planner.plan(fixture.read(), List.of()));
            assertEquals(
                    7,
                    report.build().count(ImageResult.Outcome.BUILT),
                    log.lines().toString());

            assertEquals("aarch64", run(store, id + "-tools:latest-arm64", "cat /arch"));
            assertEquals("leaf on aarch64", run(store, id + "-leaf:latest-arm64", "cat /leaf"));
            assertEquals("x86_64", run(store, id + "-tools:latest", "cat /arch"), "the machine's own keeps the name");
            assertEquals("leaf on x86_64", run(store, id + "-leaf:latest", "cat /leaf"));
            assertEquals("x86_64", run(store, id + "-native:latest", "cat /arch"));
            for (String image : List.of("root", "tools", "leaf")) {
                assertEquals("linux/arm64", store.platformOf(id + "-" + image + ":latest-arm64"));
                assertEquals("linux/amd64", store.platformOf(id + "-" + image + ":latest"));
            }
            assertTrue(
                    store.podman("image", "exists", "localhost/" + id + "-native:latest-arm64")
                                    .exit()
                            != 0,
                    "an image written for one platform has no other");

            RecordingLog again = new RecordingLog();
            ProcessRunner.Report noop = runner(store.environment, again).run(Planner.plan(fixture.read(), List.of()));
            assertEquals(
                    7,
                    noop.build().count(ImageResult.Outcome.UP_TO_DATE),
                    noop.build().results().stream()
                            .map(r -> r.image() + " " + r.outcome())
                            .collect(Collectors.joining(", ")));

            // a change of the shared Containerfile rebuilds both platforms' images and what is built on them
            fixture.write(
                    "img/Containerfile." + id + "-tools",
                    "FROM localhost/" + id + "-root:latest\nRUN uname -m > /arch && echo 2 > /v\n");
            ProcessRunner.Report changed =
                    runner(store.environment, new RecordingLog()).run(Planner.plan(fixture.read(), List.of()));
            assertEquals(4, changed.build().count(ImageResult.Outcome.BUILT));
            assertEquals("2", run(store, id + "-leaf:latest-arm64", "cat /v"));
            assertTrue(Files.exists(dir.resolve("target/ocisi")));
        }
    }

    private static String run(OwnStore store, String image, String command) throws Exception {
        return store.runIn(image, "sh", "-c", command);
    }
}
