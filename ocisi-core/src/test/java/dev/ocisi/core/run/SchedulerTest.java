package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.decision.PlanDecisions;
import dev.ocisi.core.engine.BuildFailedException;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.MemoryEngine;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's own logic on a store in memory: order, slots, the skip cascade after a failure, retries of an
 * engine's race, interruption, only what changed rebuilt and why, tags moved back after a clean, the removal of the
 * images a run replaced, and a refresh's keep-or-replace. What the real engines do with the same calls is the
 * contract both pass ({@code StoreContract}); the real-engine build suites keep what only a real build shows.
 */
class SchedulerTest {

    private static final String BASE = "localhost/mem-base:1";

    @TempDir
    Path dir;

    private MemoryEngine store;
    private Fixture fixture;
    private RecordingLog log;
    private Path state;
    private Clock clock = Clock.systemUTC();

    @BeforeEach
    void hierarchy() throws Exception {
        store = new MemoryEngine("scheduler");
        store.tag(
                store.importRootfs(
                        MemoryEngine.tinyRootfs(dir.resolve("root.tar")), Map.of(), List.of("CMD [\"/bin/sh\"]")),
                BASE);
        log = new RecordingLog();
        state = Files.createDirectories(dir.resolve("state"));
        fixture = new Fixture(dir.resolve("project"))
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: podman}
                images:
                  - name: a
                    args: {FLAVOUR: spicy}
                  - name: b
                  - name: c
                  - name: c-dx
                  - name: side
                """)
                .write(
                        "img/Containerfile.a",
                        "FROM " + BASE + "\nARG FLAVOUR=plain\nRUN echo \"$FLAVOUR\" > /flavour\n"
                                + "LABEL flavour=$FLAVOUR\n")
                .write("img/Containerfile.b", "FROM localhost/a\nCOPY payload.txt /payload.txt\n")
                .write("img/payload.txt", "payload\n")
                .write("img/Containerfile.c", "FROM b:latest\nRUN cat /payload.txt /flavour\n")
                .write(
                        "img/Containerfile.img-dx",
                        "ARG IMG\nARG TAG\nFROM $IMG:$TAG\nARG USER\nARG UID\n" + "LABEL user=$USER uid=$UID\n")
                .write("img/Containerfile.side", "FROM localhost/a\nRUN echo side > /side\n");
    }

    private BuildReport process(String... only) throws Exception {
        return process(2, BuildOptions.Force.NONE, false, only);
    }

    private BuildReport process(int parallel, BuildOptions.Force force, boolean skipClean, String... only)
            throws Exception {
        BuildOptions options = BuildOptions.in(state)
                .lockWait(Duration.ofSeconds(5))
                .parallel(parallel)
                .force(force)
                .skipClean(skipClean)
                .build();
        try (Engines engines = new Engines(EngineSettings.defaults(), Map.of(), log, manager -> store)) {
            // a store in memory has no working containers of other processes' builds to spare
            return new Scheduler(engines, options, HierarchyBuildContract.USER, log)
                    .clock(clock)
                    .otherBuild(Optional::empty)
                    .build(Planner.plan(fixture.read(), List.of(only)));
        }
    }

    private String id(String image) throws EngineException {
        return store.inspect("localhost/" + image + ":latest")
                .orElseThrow(() -> new AssertionError("no " + image))
                .id();
    }

    private static List<String> outcomes(BuildReport report) {
        return report.results().stream()
                .map(r -> r.image() + " " + r.outcome() + ": " + r.reason())
                .toList();
    }

    @Test
    void buildsParentsFirstEachAfterWhatItNeedsAndIndependentBranchesAtOnce() throws Exception {
        store.buildTime(Duration.ofMillis(300));
        BuildReport report = process();
        assertEquals(5, report.count(ImageResult.Outcome.BUILT), report.table().toString());
        List<String> builds =
                store.calls().stream().filter(c -> c.startsWith("build ")).toList();
        assertEquals("build FROM " + BASE, builds.get(0), "a first: everything else is built on it");
        assertEquals(2, store.mostBuildsAtOnce(), "b and side, both on a, built at the same time");
        assertEquals("spicy", store.inspect("localhost/a:latest").orElseThrow().label("flavour"));
        assertEquals(
                "tester", store.inspect("localhost/c-dx:latest").orElseThrow().label("user"));
        assertEquals(id("a"), store.inspect("localhost/b:latest").orElseThrow().label("dev.ocisi.parent"));
    }

    @Test
    void oneSlotBuildsOneImageAtATime() throws Exception {
        store.buildTime(Duration.ofMillis(100));
        assertEquals(List.of(), process(1, BuildOptions.Force.NONE, false).failed());
        assertEquals(1, store.mostBuildsAtOnce());
    }

    @Test
    void aFailingMiddleImageSkipsItsChildrenBuildsItsSiblingAndKeepsItsOldTag() throws Exception {
        assertEquals(List.of(), process().failed());
        String oldB = id("b");
        String oldSide = id("side");
        fixture.write("img/Containerfile.b", "FROM localhost/a\nRUN echo broken && exit 7\n");
        fixture.write("img/Containerfile.side", "FROM localhost/a\nRUN echo side2 > /side\n");

        BuildReport report = process();
        assertEquals(
                List.of(
                        "a:latest up to date",
                        "b:latest failed",
                        "c:latest skipped",
                        "c-dx:latest skipped",
                        "side:latest built"),
                report.results().stream()
                        .map(r -> r.image() + " " + r.outcome())
                        .toList());
        assertEquals("needs b:latest, which failed", report.results().get(2).reason());
        assertEquals("needs c:latest, which skipped", report.results().get(3).reason());
        assertTrue(
                report.failed().get(0).outputTail().stream().anyMatch(l -> l.contains("broken")),
                report.failed().get(0).outputTail().toString());
        assertEquals(oldB, id("b"), "the failed image keeps its old tag");
        assertNotEquals(oldSide, id("side"));
        assertTrue(store.inspect(oldSide).isEmpty(), "the sibling's superseded image was removed");
    }

    @Test
    void onlyBuildsTheNamedImagesAndWhatTheyNeed() throws Exception {
        assertEquals(
                List.of("a:latest", "b:latest"),
                process("b").results().stream().map(r -> r.image().toString()).toList());
    }

    @Test
    void aSecondRunWithNothingChangedBuildsNothing() throws Exception {
        assertEquals(List.of(), process().failed());
        int calls = store.calls().size();
        BuildReport again = process();
        assertEquals(
                5, again.count(ImageResult.Outcome.UP_TO_DATE), again.table().toString());
        assertEquals(List.of(), store.calls().subList(calls, store.calls().size()), "nothing built, tagged, removed");
    }

    @Test
    void aChangeRebuildsExactlyTheImagesItAffectsEachWithItsReason() throws Exception {
        assertEquals(List.of(), process().failed());
        String oldA = id("a");
        // another image's Containerfile lives in the same folder (the build context): it must not count
        fixture.write("img/Containerfile.side", "FROM localhost/a\nRUN echo 3 > /side\n");
        fixture.write("img/payload.txt", "payload, edited\n");
        assertEquals(
                List.of(
                        "a:latest up to date: up to date",
                        "b:latest built: context file payload.txt changed",
                        "c:latest built: parent b:latest rebuilt",
                        "c-dx:latest built: parent c:latest rebuilt"),
                outcomes(process("c-dx")));
        assertEquals(oldA, id("a"));

        fixture.write(
                "ocisictl.yaml",
                Files.readString(fixture.path("ocisictl.yaml"))
                        .replace("args: {FLAVOUR: spicy}", "args: {FLAVOUR: mild}"));
        assertEquals(
                List.of(
                        "a:latest built: build arg FLAVOUR changed",
                        "side:latest built: Containerfile changed, parent a:latest rebuilt"),
                outcomes(process("side")));
    }

    @Test
    void forceRebuildsWhatIsUpToDate() throws Exception {
        assertEquals(List.of(), process("a").failed());
        long builds = store.count("build");
        BuildReport forced = process(2, new BuildOptions.Force(false, Set.of("a")), false, "a");
        assertEquals(List.of("a:latest built: forced"), outcomes(forced));
        assertEquals(builds + 1, store.count("build"));
    }

    /** podman's "layer not known" race: built again after a pause, at most twice. */
    @Test
    void anEnginesRaceIsBuiltAgainAndAThirdOneFails() throws Exception {
        store.fail(
                "build",
                text -> text.contains("side"),
                new BuildFailedException("committing: layer not known", List.of()),
                1);
        BuildReport report = process("side");
        assertEquals(List.of(), report.failed());
        assertEquals(1, report.results().get(1).retries());
        assertTrue(log.contains("side:latest: podman lost a layer"), log.lines().toString());

        fixture.write("img/Containerfile.side", "FROM localhost/a\nRUN echo side, again > /side\n");
        store.fail(
                "build",
                text -> text.contains("side"),
                new BuildFailedException("committing: layer not known", List.of()),
                3);
        BuildReport failed = process("side");
        assertEquals(
                List.of("side:latest"),
                failed.failed().stream().map(r -> r.image().toString()).toList());
        assertEquals(2, failed.failed().get(0).retries());
    }

    @Test
    void anInterruptedRunLeavesEveryTagAndNoWorkingContainer() throws Exception {
        assertEquals(List.of(), process("a").failed());
        String oldA = id("a");
        fixture.write("img/Containerfile.a", "FROM " + BASE + "\nRUN echo slow\n");
        store.buildTime(Duration.ofSeconds(30));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                process("a");
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        run.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!log.contains("[a:latest] slow") && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        run.interrupt();
        run.join(10_000);
        assertFalse(run.isAlive());
        assertTrue(thrown.get() instanceof EngineException, String.valueOf(thrown.get()));
        assertEquals(oldA, id("a"), "the tag still names the old image");
        assertEquals(List.of(), store.containers(), "the stopped build's working container is removed");
    }

    @Test
    void anImageWhoseTagCleanRemovedIsTaggedAgainWithoutABuild() throws Exception {
        assertEquals(List.of(), process("a").failed());
        String a = id("a");
        long builds = store.count("build");
        store.untag("localhost/a:latest");
        BuildReport again = process("a");
        assertEquals(List.of("a:latest up to date: up to date"), outcomes(again));
        assertEquals(a, id("a"));
        assertEquals(builds, store.count("build"));
        assertTrue(
                log.contains("a:latest: up to date: its tag was removed (clean)"),
                log.lines().toString());
    }

    @Test
    void theImageATagLeftGoesUnlessAContainerUsesItOrSkipCleanKeepsIt() throws Exception {
        assertEquals(List.of(), process("a", "side").failed());
        String side = id("side");
        String box = store.createContainer("localhost/side:latest", "box", Map.of());
        fixture.write("img/Containerfile.side", "FROM localhost/a\nRUN echo 2 > /side\n");
        assertEquals(List.of(), process("side").failed());
        assertTrue(store.inspect(side).isPresent(), "a container uses it: it stays");
        assertTrue(
                log.contains("Kept side:latest's previous image " + side),
                log.lines().toString());

        store.removeContainer(box);
        String second = id("side");
        fixture.write("img/Containerfile.side", "FROM localhost/a\nRUN echo 3 > /side\n");
        assertEquals(
                List.of(), process(2, BuildOptions.Force.NONE, true, "side").failed());
        assertTrue(store.inspect(second).isPresent(), "-DskipClean keeps it");
        fixture.write("img/Containerfile.side", "FROM localhost/a\nRUN echo 4 > /side\n");
        String third = id("side");
        assertEquals(List.of(), process("side").failed());
        assertTrue(store.inspect(third).isEmpty(), "nothing uses it: it goes");
    }

    /**
     * A refresh builds the image again without the cache; with the same packages the new image goes and everything
     * stays, with a changed package it replaces the image and the images on it are built again.
     */
    @Test
    void aRefreshKeepsTheImageWhenNoPackageChangedAndReplacesItWhenOneDid() throws Exception {
        String[] version = {"1.0"};
        store.program("install-packages", (arguments, files, output) -> {
            files.put("/var/lib/dpkg/status", dpkg(version[0]));
            output.accept("installed tool " + version[0]);
            return 0;
        });
        fixture.write(
                "ocisictl.yaml",
                Files.readString(fixture.path("ocisictl.yaml")).replace("- name: a\n", "- name: a\n    refresh: 1d\n"));
        fixture.write("img/Containerfile.a", "FROM " + BASE + "\nRUN install-packages\n");
        Instant start = Instant.now();
        clock = Clock.fixed(start, ZoneOffset.UTC);
        assertEquals(List.of(), process("a", "side").failed());
        String a = id("a");
        String side = id("side");

        clock = Clock.fixed(start.plus(Duration.ofDays(2)), ZoneOffset.UTC);
        BuildReport same = process("a", "side");
        assertEquals(
                List.of(
                        "a:latest up to date: refreshed: no package changed; keeps " + a.substring(7, 19),
                        "side:latest up to date: up to date"),
                outcomes(same));
        assertEquals(List.of(a, side), List.of(id("a"), id("side")), "nothing moved");
        assertEquals(
                List.of("a:latest up to date: up to date", "side:latest up to date: up to date"),
                outcomes(process("a", "side")),
                "the refresh was recorded: the period starts again");

        version[0] = "2.0";
        clock = Clock.fixed(start.plus(Duration.ofDays(4)), ZoneOffset.UTC);
        BuildReport changed = process("a", "side");
        assertEquals(
                "a:latest built: refreshed: 1 updated: tool 1.0 -> 2.0",
                outcomes(changed).get(0));
        assertEquals(
                "side:latest built: parent a:latest rebuilt", outcomes(changed).get(1));
        assertNotEquals(a, id("a"));
        assertTrue(store.inspect(a).isEmpty(), "the replaced image went");
    }

    private static MemoryEngine.Entry dpkg(String version) {
        return new MemoryEngine.Entry(
                ("Package: tool\nStatus: install ok installed\nVersion: " + version + "\n\n")
                        .getBytes(StandardCharsets.UTF_8),
                0644,
                0,
                0,
                false,
                null);
    }

    private Map<String, String> dryRun() throws Exception {
        BuildOptions options = BuildOptions.in(state).build();
        try (Engines engines = new Engines(EngineSettings.defaults(), Map.of(), log, manager -> store)) {
            Map<String, String> said = new LinkedHashMap<>();
            PlanDecisions.decide(
                            Planner.plan(fixture.read(), List.of()),
                            engines,
                            options,
                            HierarchyBuildContract.USER,
                            log,
                            clock.instant())
                    .forEach((image, decision) ->
                            said.put(image.toString(), decision.status().action() + ": " + decision.reason()));
            return said;
        }
    }

    /** The dry run decides by the run's own rule: what it says is what the run then does, for the same reasons. */
    @Test
    void theDryRunSaysWhatTheRunThenDoes() throws Exception {
        assertEquals(List.of(), process("a", "b", "side").failed());
        store.untag("localhost/side:latest");
        fixture.write("img/payload.txt", "payload, edited\n");
        Map<String, String> said = dryRun();
        assertEquals(
                Map.of(
                        "a:latest",
                        ": up to date",
                        "b:latest",
                        "build: context file payload.txt changed",
                        "c:latest",
                        "build: not built yet",
                        "c-dx:latest",
                        "build: not built yet",
                        "side:latest",
                        "tag again: " + "its tag was removed (clean), and the image ocisi built from the same "
                                + "inputs is still there, so it is tagged again"),
                said);
        BuildReport report = process();
        assertEquals(
                List.of(
                        "a:latest up to date: up to date",
                        "b:latest built: context file payload.txt changed",
                        "c:latest built: not built yet",
                        "c-dx:latest built: not built yet",
                        "side:latest up to date: up to date"),
                outcomes(report));
        fixture.write("img/Containerfile.a", "FROM " + BASE + "\nRUN echo changed > /flavour\n");
        assertEquals(
                Map.of(
                        "a:latest",
                        "build: Containerfile changed",
                        "b:latest",
                        "build: parent a:latest will be rebuilt",
                        "c:latest",
                        "build: parent b:latest will be rebuilt",
                        "c-dx:latest",
                        "build: parent c:latest will be rebuilt",
                        "side:latest",
                        "build: parent a:latest will be rebuilt"),
                dryRun());
    }
}
