package dev.ocisi.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.clean.CleanReport;
import dev.ocisi.core.clean.Cleaner;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.PodmanCliEngine;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.Planner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman keeps an image per build step (its cache). The intermediates that no current image needs, those of a
 * failed build and those of images a run with -DskipClean replaced, go with {@code clean -Dprune}, which says what
 * that freed; the steps of the current images stay, so the next build of the same steps is a cache hit. Counted with
 * podman's own {@code images -a}, on a store of the test's own.
 */
class IntermediatesPruneTest {

    @TempDir
    Path dir;

    @Test
    void pruneRemovesTheIntermediatesNoCurrentImageNeedsAndKeepsTheCache() throws Exception {
        Path storeFolder = TestEngines.scratchFolder("ocisi-store-");
        Map<String, String> environment = TestEngines.throwawayStore(storeFolder);
        String testId = TestEngines.uniqueName("ip");
        try {
            PodmanCliEngine engine = TestEngines.podmanCli(environment);
            engine.tag(engine.importRootfs(TestEngines.busyboxRootfs(), Map.of(), List.of("CMD [\"/bin/sh\"]")),
                    "localhost/" + testId + "-base:1");
            Fixture fixture = new Fixture(dir).write("ocisictl.yaml", """
                    defaults: {path: img, enabled: true, manager: podman}
                    images:
                      - name: %s-a
                      - name: %s-b
                    """.formatted(testId, testId));
            write(fixture, testId, "a1", "b1", "true");
            assertEquals(List.of(), process(fixture, environment, false).failed());
            Set<String> current = all(environment);

            write(fixture, testId, "a2", "b2", "true"); // replaced, the old ones kept (-DskipClean)
            assertEquals(List.of(), process(fixture, environment, true).failed());
            write(fixture, testId, "a2", "b3", "false"); // a failed build leaves its finished steps
            assertEquals(1, process(fixture, environment, false).failed().size());
            Set<String> before = all(environment);
            assertTrue(before.size() > current.size() + 6, "the runs left intermediates: " + before.size());

            RecordingLog log = new RecordingLog();
            CleanReport report;
            try (Engines engines = new Engines(EngineSettings.defaults(), environment, log)) {
                report = new Cleaner(engines, new Cleaner.Options(true, false, BuildOptions.Force.NONE,
                        dir.resolve("state"), Duration.ofSeconds(5)), log).clean(fixture.read(),
                        List.of(fixture.path("ocisictl.yaml")));
            }
            Set<String> after = all(environment);
            Set<String> removed = before.stream().filter(id -> !after.contains(id)).collect(Collectors.toSet());
            System.out.println("prune: " + before.size() + " images (-a) before, " + after.size() + " after, "
                    + report.bytesFreed() + " bytes freed");
            assertTrue(report.bytesFreed() > 0, log.lines().toString());
            // what the current images are built of stays: a build of the same steps is all cache
            write(fixture, testId, "a2", "b2", "true");
            RecordingLog again = new RecordingLog();
            assertEquals(List.of(), process(fixture, environment, false, again).failed());
            assertEquals(after.size(), all(environment).size(), "nothing new was built: every step was in the cache");
            assertTrue(removed.size() >= 6, "the old and failed builds' steps went: " + removed.size() + " of "
                    + before.size());
            assertTrue(after.containsAll(current), "the current images and their steps stay");
        } finally {
            TestEngines.removeStore(environment, storeFolder);
        }
    }

    private static void write(Fixture fixture, String testId, String a, String b, String last) {
        fixture.write("img/Containerfile." + testId + "-a", "FROM localhost/" + testId + "-base:1\nRUN echo " + a
                + " > /a\nRUN echo more > /m\n");
        fixture.write("img/Containerfile." + testId + "-b", "FROM localhost/" + testId + "-a\nRUN echo " + b
                + " > /b\nRUN echo more > /n\nRUN " + last + "\n");
    }

    private BuildReport process(Fixture fixture, Map<String, String> environment, boolean skipClean)
            throws Exception {
        return process(fixture, environment, skipClean, new RecordingLog());
    }

    private BuildReport process(Fixture fixture, Map<String, String> environment, boolean skipClean,
            RecordingLog log) throws Exception {
        try (Engines engines = new Engines(EngineSettings.defaults(), environment, log)) {
            return new HierarchyBuilder(engines, new BuildOptions(false, false, skipClean, false, true,
                    dir.resolve("state"), Duration.ofSeconds(5), 2, BuildOptions.Force.NONE),
                    HierarchyBuildContract.USER, log).build(Planner.plan(fixture.read(), List.of()),
                    List.of(fixture.path("ocisictl.yaml")));
        }
    }

    /** Every image of the store, intermediates included, as podman lists them. */
    private static Set<String> all(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("podman", "images", "--all", "--quiet", "--no-trunc");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor());
        return Arrays.stream(out.split("\n")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
    }
}
