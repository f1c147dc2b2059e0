package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.decision.PlanDecisions;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.graph.ImageStatus;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.registry.InputsTag;
import dev.ocisi.core.registry.RegistryClient;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A refresh against a Debian package archive the test makes and serves: a base installs the archive's package, an
 * image is built on it (refreshed weekly, the base daily), and a third image has no package database at all. The dry
 * run says which would be refreshed and what hangs on it. Refreshed with nothing published, the base
 * is built again, found to hold the same packages and discarded, and nothing under it moves; with version 2 of the
 * package published, the refresh replaces the base, says which package changed, and the image on it is built again.
 * Every run publishes to the tests' registry: the base that stayed uploads nothing, the one that replaced it is
 * pushed, and its inputs tag moves to it (the same inputs, newer packages).
 */
@EngineTest
@Execution(ExecutionMode.CONCURRENT) // stores of its own: beside the other tests
class RefreshTest {

    private static final String PACKAGE = "ocisi-test-pkg";

    @TempDir
    Path dir;

    @Test
    void aRefreshKeepsTheImageWhenNoPackageChangedAndSaysWhichDidWhenOneDid() throws Exception {
        try (OwnStore store = OwnStore.withBase("rf");
                AptArchive archive = AptArchive.start()) {
            String id = store.testId;
            String debian = "localhost/" + id + "-debian:1";
            store.engine.tag(
                    store.engine.importRootfs(TestEngines.debianRootfs(), Map.of(), List.of("CMD [\"/bin/bash\"]")),
                    debian);
            archive.publish(PACKAGE, "1.0");
            RegistryLocation registry = RegistryLocation.parse(
                    System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555") + "/" + id);
            Fixture fixture = new Fixture(dir)
                    .write(
                            "ocisictl.yaml",
                            "defaults: {path: img, enabled: true, "
                                    + "manager: podman, refresh: 1d, registry: " + registry + "}\nimages:\n"
                                    + "  - name: " + id + "-tools\n    args: {SOURCE: \"" + archive.sourceLine()
                                    + "\"}\n"
                                    + "  - name: " + id + "-app\n    refresh: 7d\n"
                                    + "  - name: " + id + "-bare\n")
                    .write("img/Containerfile." + id + "-tools", AptArchive.installing(debian, PACKAGE))
                    .write(
                            "img/Containerfile." + id + "-app",
                            "FROM localhost/" + id + "-tools:latest\n" + "RUN cat /usr/share/" + PACKAGE
                                    + "/version > /seen\n")
                    .write("img/Containerfile." + id + "-bare", "FROM " + store.base + "\nRUN echo bare > /bare\n");
            Path state = dir.resolve("state");
            // the clock of the later runs: days on, and a few minutes more than the builds took
            Instant start = Instant.now().plus(Duration.ofMinutes(10));

            BuildReport first = process(store, fixture, state, Instant.now(), new RecordingLog());
            assertEquals(3, first.count(ImageResult.Outcome.BUILT), first.summary());
            String tools = id(first, id + "-tools");
            String app = id(first, id + "-app");
            String bare = id(first, id + "-bare");

            // the dry run says what the refresh will do, and that it may change nothing
            try (Engines engines = new Engines(EngineSettings.defaults(), store.environment, new RecordingLog())) {
                Map<ImageName, ImageStatus> plan = PlanDecisions.statuses(PlanDecisions.decide(
                        Planner.plan(fixture.read(), List.of()),
                        engines,
                        BuildOptions.in(state).build(),
                        HierarchyBuildContract.USER,
                        new RecordingLog(),
                        start.plus(Duration.ofDays(2))));
                assertEquals(
                        List.of(
                                new ImageStatus(
                                        true,
                                        "refresh: its packages were last checked 2 d ago "
                                                + "(refresh: 1d); the image stays if no package changed"),
                                new ImageStatus(
                                        false,
                                        "up to date; " + "rebuilt if the refresh of " + id
                                                + "-tools:latest changes its packages"),
                                new ImageStatus(
                                        false,
                                        "up to date; no refresh: it has no package database (dpkg, apk, rpm), so it is "
                                                + "refreshed only when its inputs change")),
                        List.of(
                                plan.get(new ImageName(id + "-tools", "latest")),
                                plan.get(new ImageName(id + "-app", "latest")),
                                plan.get(new ImageName(id + "-bare", "latest"))));
            }

            RecordingLog quiet = new RecordingLog();
            BuildReport same = process(store, fixture, state, start.plus(Duration.ofDays(2)), quiet);
            assertEquals(0, same.count(ImageResult.Outcome.BUILT), same.summary());
            assertTrue(
                    quiet.contains("Building " + id + "-tools:latest with podman CLI: refresh: its packages were "
                            + "last checked 2 d ago (refresh: 1d)"),
                    quiet.lines().toString());
            assertEquals(
                    "refreshed: no package changed; keeps " + tools.substring(7, 19),
                    result(same, id + "-tools").reason());
            assertEquals(
                    List.of(tools, app, bare),
                    List.of(id(same, id + "-tools"), id(same, id + "-app"), id(same, id + "-bare")),
                    "nothing moved");
            assertTrue(
                    quiet.contains(id + "-bare:latest: up to date; no refresh: it has no package database (dpkg, "
                            + "apk, rpm), so it is refreshed only when its inputs change"),
                    quiet.lines().toString());
            assertEquals(
                    Optional.of("Refresh: 0 images refreshed, 0 packages changed, 3 images unchanged"),
                    same.refreshLine());
            assertEquals("", store.podman("image", "exists", tools).output(), "the old base is there");
            assertEquals(
                    PushResult.Status.ALREADY_THERE,
                    push(same, id + "-tools").status(),
                    "the base that stayed uploads nothing");

            // confirmed a moment ago: a run within the period leaves it alone
            BuildReport soon = process(
                    store, fixture, state, start.plus(Duration.ofDays(2)).plusSeconds(60), new RecordingLog());
            assertEquals(Optional.empty(), soon.refreshLine());

            archive.publish(PACKAGE, "2.0");
            RecordingLog changed = new RecordingLog();
            BuildReport updated = process(store, fixture, state, start.plus(Duration.ofDays(4)), changed);
            assertEquals(
                    "refreshed: 1 updated: " + PACKAGE + " 1.0 -> 2.0",
                    result(updated, id + "-tools").reason());
            assertEquals(ImageResult.Outcome.BUILT, result(updated, id + "-app").outcome(), updated.summary());
            assertEquals(
                    "parent " + id + "-tools:latest rebuilt",
                    result(updated, id + "-app").reason());
            assertEquals(
                    "2.0\n", store.podmanChecked("run", "--rm", "localhost/" + id + "-app:latest", "cat", "/seen"));
            assertEquals(
                    Optional.of("Refresh: 1 image refreshed, 1 package changed, 1 image unchanged"),
                    updated.refreshLine(),
                    "the bare image is the unchanged one");
            PushResult pushed = push(updated, id + "-tools");
            assertEquals(PushResult.Status.PUSHED, pushed.status(), pushed.toString());
            assertTrue(pushed.detail().startsWith("refreshed, pushed under inputs-"), pushed.detail());
            RegistryClient client = RegistryClient.of(registry, Optional.empty());
            String newTools = id(updated, id + "-tools");
            assertEquals(
                    newTools,
                    client.find(
                                    registry.repository(new ImageName(id + "-tools", "latest")),
                                    InputsTag.of(result(updated, id + "-tools")
                                            .digest()
                                            .orElseThrow()))
                            .orElseThrow()
                            .id(),
                    "the inputs tag names the refreshed base");
        }
    }

    private static BuildReport process(OwnStore store, Fixture fixture, Path state, Instant now, RecordingLog log)
            throws Exception {
        try (Engines engines = new Engines(EngineSettings.defaults(), store.environment, log)) {
            return new Scheduler(
                            engines,
                            BuildOptions.in(state)
                                    .lockWait(Duration.ofSeconds(5))
                                    .registry(RegistryOptions.NONE.withPush(true))
                                    .build(),
                            HierarchyBuildContract.USER,
                            log)
                    .clock(Clock.fixed(now, ZoneOffset.UTC))
                    .build(Planner.plan(fixture.read(), List.of()));
        }
    }

    private static ImageResult result(BuildReport report, String name) {
        return report.results().stream()
                .filter(r -> r.image().equals(new ImageName(name, "latest")))
                .findFirst()
                .orElseThrow();
    }

    private static PushResult push(BuildReport report, String name) {
        return report.pushes().stream()
                .filter(p -> p.image().equals(new ImageName(name, "latest")))
                .findFirst()
                .orElseThrow();
    }

    private static String id(BuildReport report, String name) {
        return result(report, name).imageId().orElseThrow();
    }
}
