package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.result.BuildReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package cache across builds, measured by the archive itself: with it, a refresh downloads no package the first
 * build downloaded; without it, the same refresh downloads it again. The proxy's address is in neither the image's
 * history nor its configuration.
 */
@EngineTest
class PackageCacheTest {

    private static final String PACKAGE = "ocisi-test-pkg";

    @TempDir
    Path dir;

    @Test
    void aRefreshWithTheCacheDownloadsNoPackageTheFirstBuildDownloadedWithPodman() throws Exception {
        try (OwnStore store = OwnStore.withBase("pc")) {
            scenario(
                    store.testId,
                    "podman",
                    store.engine,
                    store.environment,
                    image -> store.podmanChecked("history", "--no-trunc", "--format", "{{.CreatedBy}}", image)
                            + store.podmanChecked("image", "inspect", "--format", "{{.Config.Env}}", image));
        }
    }

    @Test
    void andWithDockerd() throws Exception {
        String id = TestEngines.uniqueName("pcd");
        ContainerEngine dockerd = TestEngines.dockerApiOnDockerd();
        try {
            scenario(
                    id,
                    "docker",
                    dockerd,
                    System.getenv(),
                    image -> docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", image)
                            + docker("image", "inspect", "--format", "{{.Config.Env}}", image));
        } finally {
            TestEngines.removeTestImages(dockerd, id);
            dockerd.close();
        }
    }

    interface Metadata {
        String of(String image) throws Exception;
    }

    private void scenario(
            String id, String manager, ContainerEngine engine, Map<String, String> environment, Metadata metadata)
            throws Exception {
        try (AptArchive archive = AptArchive.start()) {
            String debian = "localhost/" + id + "-debian:1";
            engine.tag(
                    engine.importRootfs(
                            TestEngines.debianRootfs(),
                            Map.of(TestEngines.TEST_LABEL, id),
                            List.of("CMD [\"/bin/bash\"]")),
                    debian);
            archive.publish(PACKAGE, "1.0");
            Fixture fixture = new Fixture(dir)
                    .write(
                            "ocisictl.yaml",
                            "defaults: {path: img, enabled: true, "
                                    + "manager: " + manager + ", refresh: 1d, labels: {" + TestEngines.TEST_LABEL + ": "
                                    + id
                                    + "}}\nimages:\n"
                                    + "  - name: " + id + "-tools\n    args: {SOURCE: \"" + archive.sourceLine()
                                    + "\"}\n")
                    .write("img/Containerfile." + id + "-tools", AptArchive.installing(debian, PACKAGE));
            Path state = dir.resolve("state");
            Instant later = Instant.now().plus(Duration.ofMinutes(10));

            RecordingLog log = new RecordingLog();
            BuildReport first = process(environment, fixture, state, Instant.now(), true, log);
            long size = archive.packageBytesServed();
            assertTrue(size > 0, "the first build downloads the package");
            String tools = first.results().get(0).imageId().orElseThrow();
            assertTrue(log.contains("Package cache ("), log.lines().toString());
            String proxy = log.lines().stream()
                    .filter(l -> l.contains("Package cache for this run's builds: "))
                    .findFirst()
                    .orElseThrow()
                    .replaceAll(".*builds: (http://[^ ]+).*", "$1");
            // podman names the proxy variables in an ARG step's history, never their values
            String described = metadata.of(tools);
            assertFalse(described.contains(proxy), described);
            assertFalse(described.contains("proxy="), "the proxy is no part of the image: " + described);

            BuildReport cached =
                    process(environment, fixture, state, later.plus(Duration.ofDays(2)), true, new RecordingLog());
            assertEquals(
                    "refreshed: no package changed; keeps " + tools.substring(7, 19),
                    cached.results().get(0).reason());
            assertEquals(size, archive.packageBytesServed(), "with the cache, the refresh downloaded no package");

            BuildReport uncached =
                    process(environment, fixture, state, later.plus(Duration.ofDays(4)), false, new RecordingLog());
            assertEquals(
                    "refreshed: no package changed; keeps " + tools.substring(7, 19),
                    uncached.results().get(0).reason(),
                    "the same packages, with or without the cache");
            assertEquals(2 * size, archive.packageBytesServed(), "without it, the package was downloaded again");
        }
    }

    private static String docker(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    private static BuildReport process(
            Map<String, String> environment, Fixture fixture, Path state, Instant now, boolean cache, RecordingLog log)
            throws Exception {
        try (Engines engines = new Engines(EngineSettings.defaults(), environment, log)) {
            BuildReport report = new Scheduler(
                            engines,
                            BuildOptions.in(state)
                                    .lockWait(Duration.ofSeconds(5))
                                    .packageCache(cache)
                                    .build(),
                            HierarchyBuildContract.USER,
                            log)
                    .clock(Clock.fixed(now, ZoneOffset.UTC))
                    .build(Planner.plan(fixture.read(), List.of()));
            assertEquals(List.of(), report.failed(), report.summary());
            return report;
        }
    }
}
