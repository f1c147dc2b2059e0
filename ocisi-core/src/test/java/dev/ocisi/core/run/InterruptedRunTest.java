package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Alone;
import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.clean.Cleaner;
import dev.ocisi.core.engine.ContainerSummary;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.PodmanCliEngine;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process stopped the way users and CI jobs stop Maven: SIGINT to the JVM in the middle of two builds. Every tag
 * stays, the builds end with the JVM, and the working containers podman leaves when its build is stopped are
 * removed; a run killed too hard to clean up (SIGKILL of everything) leaves them to {@code clean -Dprune}, which
 * removes exactly those its run recorded and no other working container. On a store of the test's own.
 */
@EngineTest
@Alone // what an interrupted run leaves is removed only while no other build runs on the machine
class InterruptedRunTest {

    @TempDir
    Path dir;

    private OwnStore store;
    private PodmanCliEngine engine;
    private Map<String, String> environment;
    private String testId;
    private Fixture fixture;

    @BeforeEach
    void store() throws Exception {
        store = OwnStore.withBase("ir");
        engine = store.engine;
        environment = store.environment;
        testId = store.testId;
        fixture = store.hierarchy(dir, "a", "b");
        slow("v1");
    }

    @AfterEach
    void removeStore() throws Exception {
        store.close();
    }

    private void slow(String version) {
        for (String name : List.of("a", "b")) {
            fixture.write(
                    "img/Containerfile." + testId + "-" + name,
                    "FROM localhost/" + testId + "-base:1\n" + "RUN echo " + version + " > /v\nRUN echo " + name
                            + "-started && sleep 120\n");
        }
    }

    /** Starts a process run in a JVM of its own and returns it once both slow steps are under way. */
    private Process startRun(List<String> output) throws Exception {
        // env --default-signal: a suite started in the background by a non-interactive shell inherits SIGINT
        // ignored, and a JVM that starts with SIGINT ignored never sees Ctrl-C; a user's terminal does not do that
        ProcessBuilder builder = new ProcessBuilder(
                        "env",
                        "--default-signal=INT",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        InterruptibleRun.class.getName(),
                        fixture.path("ocisictl.yaml").toString(),
                        dir.resolve("state").toString())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process run = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            } catch (java.io.IOException e) {
                // the run ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && !(has(output, "a-started") && has(output, "b-started"))) {
            Thread.sleep(100);
        }
        assertTrue(has(output, "a-started") && has(output, "b-started"), String.join("\n", output));
        return run;
    }

    private static boolean has(List<String> output, String text) {
        synchronized (output) {
            return output.stream().anyMatch(l -> l.contains(text));
        }
    }

    private List<ContainerSummary> workingContainers() throws Exception {
        return engine.containers().stream()
                .filter(ContainerSummary::workingContainer)
                .toList();
    }

    @Test
    void sigintStopsTheBuildsKeepsTheTagsAndLeavesNoWorkingContainer() throws Exception {
        List<String> first = Collections.synchronizedList(new ArrayList<>());
        fixture.write(
                "img/Containerfile." + testId + "-a", "FROM localhost/" + testId + "-base:1\nRUN echo a-started\n");
        fixture.write(
                "img/Containerfile." + testId + "-b", "FROM localhost/" + testId + "-base:1\nRUN echo b-started\n");
        Process quick = startRun(first);
        assertEquals(0, quick.waitFor(), String.join("\n", first));
        String oldA = engine.inspect("localhost/" + testId + "-a:latest")
                .orElseThrow()
                .id();

        slow("v2");
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Process run = startRun(output);
        List<ProcessHandle> builds = run.descendants()
                .filter(p -> p.info().command().orElse("").endsWith("podman"))
                .toList();
        assertTrue(builds.size() >= 2, "two podman builds run: " + builds);
        new ProcessBuilder("kill", "-INT", String.valueOf(run.pid())).start().waitFor();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run ended: " + String.join("\n", output));

        assertTrue(has(output, "Stopped: ending the builds under way"), String.join("\n", output));
        for (ProcessHandle build : builds) {
            build.onExit().get(5, TimeUnit.SECONDS); // stopped with the run, gone a moment after it
        }
        assertEquals(List.of(), workingContainers(), String.join("\n", output));
        assertEquals(
                oldA,
                engine.inspect("localhost/" + testId + "-a:latest")
                        .orElseThrow()
                        .id(),
                "the tag stays");
        RunHistory.RunRecord last = new RunHistory(dir.resolve("state"), List.of(fixture.path("ocisictl.yaml")))
                .last()
                .orElseThrow();
        assertEquals(RunHistory.Status.INTERRUPTED, last.status(), last.toString());
        assertEquals(2, last.builds().size(), last.toString());
    }

    @Test
    void aRunKilledHardLeavesItsWorkingContainersToCleanPruneWhichRemovesOnlyThose() throws Exception {
        // a working container of someone else's build from the same base, made before ocisi's run
        Process foreign = startForeignBuild();
        String foreignContainer = workingContainers().get(0).id();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Process run = startRun(output);
        List<ProcessHandle> everything = new ArrayList<>(run.descendants().toList());
        everything.add(run.toHandle());
        everything.forEach(ProcessHandle::destroyForcibly);
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        for (ProcessHandle process : everything) {
            process.onExit().get(10, TimeUnit.SECONDS);
        }
        List<ContainerSummary> left = workingContainers();
        // the foreign build's, and two of each of ocisi's: its first step's and the second's (from the first's image)
        assertEquals(5, left.size(), "ocisi's four and the foreign one: " + left);

        RecordingLog log = new RecordingLog();
        try (Engines engines = store.engines(log)) {
            // while the foreign build runs, its container cannot be told from ocisi's: nothing goes
            new Cleaner(
                            engines,
                            new Cleaner.Options(
                                    true, false, BuildOptions.Force.NONE, dir.resolve("state"), Duration.ofSeconds(5)),
                            log)
                    .clean(fixture.read());
            assertEquals(5, workingContainers().size(), log.lines().toString());
            assertTrue(
                    log.contains("Another build is running on this machine"),
                    log.lines().toString());
            List<ProcessHandle> foreignProcesses =
                    new ArrayList<>(foreign.descendants().toList());
            foreignProcesses.add(foreign.toHandle());
            foreignProcesses.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle process : foreignProcesses) {
                process.onExit().get(10, TimeUnit.SECONDS);
            }
            new Cleaner(
                            engines,
                            new Cleaner.Options(
                                    true, true, BuildOptions.Force.NONE, dir.resolve("state"), Duration.ofSeconds(5)),
                            log)
                    .clean(fixture.read());
            assertEquals(
                    4,
                    log.lines().stream().filter(l -> l.contains("Would remove")).count(),
                    log.lines().toString());
            assertEquals(5, workingContainers().size(), "a dry run removes nothing");
            new Cleaner(
                            engines,
                            new Cleaner.Options(
                                    true, false, BuildOptions.Force.NONE, dir.resolve("state"), Duration.ofSeconds(5)),
                            log)
                    .clean(fixture.read());
        }
        assertEquals(
                List.of(foreignContainer),
                workingContainers().stream().map(ContainerSummary::id).toList(),
                "only the working containers of ocisi's recorded builds go: " + log.lines());
    }

    /**
     * The engine itself dies mid-build (its process is killed): the image fails, its old tag stays, the run is
     * recorded as failed, and the next run rebuilds only that image.
     */
    @Test
    void aKilledPodmanProcessFailsTheImageAndKeepsItsTag() throws Exception {
        fixture.write("img/Containerfile." + testId + "-a", "FROM " + store.base + "\nRUN echo a > /a\n");
        fixture.write("img/Containerfile." + testId + "-b", "FROM localhost/" + testId + "-a\nRUN echo b > /b\n");
        Path state = dir.resolve("state");
        assertEquals(
                List.of(),
                store.process(fixture, state, new RecordingLog(), false, 2, BuildOptions.Force.NONE)
                        .failed());
        String oldA = engine.inspect("localhost/" + testId + "-a:latest")
                .orElseThrow()
                .id();
        fixture.write("img/Containerfile." + testId + "-a", "FROM " + store.base + "\nRUN echo doomed && sleep 30\n");
        RunHistory history = new RunHistory(state, List.of(fixture.path("ocisictl.yaml")));
        RecordingLog log = new RecordingLog();
        java.util.concurrent.CompletableFuture<BuildReport> report =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return store.process(fixture, state, log, false, 2, BuildOptions.Force.NONE, history);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        long deadline = System.currentTimeMillis() + 60_000;
        while (!log.contains("doomed") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("podman build"))
                .forEach(ProcessHandle::destroyForcibly);
        BuildReport result = report.get();
        assertEquals(
                ImageResult.Outcome.FAILED,
                result.results().get(0).outcome(),
                result.table().toString());
        assertEquals(
                oldA,
                engine.inspect("localhost/" + testId + "-a:latest")
                        .orElseThrow()
                        .id());
        assertTrue(log.contains("keeps the image it had"));
        assertEquals(RunHistory.Status.FAILED, history.runs().get(0).status());
        assertEquals(
                List.of("a:latest failed", "b:latest skipped").stream()
                        .map(s -> testId + "-" + s)
                        .toList(),
                history.runs().get(0).images().stream()
                        .map(i -> i.image() + " " + i.result())
                        .toList());

        fixture.write("img/Containerfile." + testId + "-a", "FROM " + store.base + "\nRUN echo recovered > /r\n");
        BuildReport next = store.process(fixture, state, new RecordingLog(), false, 2, BuildOptions.Force.NONE);
        assertEquals(
                List.of("built", "built"),
                next.results().stream().map(r -> r.outcome().toString()).toList());
        assertEquals(
                List.of("Containerfile changed", "parent " + testId + "-a:latest rebuilt"),
                next.results().stream().map(ImageResult::reason).toList());
    }

    /** A build of the user's own, not ocisi's, under way on the same base: its working container is not ocisi's. */
    private Process startForeignBuild() throws Exception {
        Path context = java.nio.file.Files.createDirectories(dir.resolve("foreign"));
        java.nio.file.Files.writeString(
                context.resolve("Containerfile"), "FROM localhost/" + testId + "-base:1\n" + "RUN sleep 120\n");
        ProcessBuilder builder = new ProcessBuilder(
                        "podman",
                        "build",
                        "--pull=never",
                        "--tag",
                        "localhost/" + testId + "-foreign",
                        context.toString())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process build = builder.start(); // stopped by the test, so not run through the store's helper
        long deadline = System.currentTimeMillis() + 30_000;
        while (workingContainers().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, workingContainers().size());
        Thread.sleep(1100); // container times are whole seconds: ocisi's builds start in a later one
        return build;
    }
}
