package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.clean.CleanReport;
import dev.ocisi.core.clean.Cleaner;
import dev.ocisi.core.clean.Removal;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.result.BuildReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman keeps an image per build step (its cache). The intermediates that no current image needs, those of a
 * failed build and those of images a run with -DskipClean replaced, go with {@code clean -Dprune}, which says what
 * that freed; the steps of the current images stay, so the next build of the same steps is a cache hit. Counted with
 * podman's own {@code images -a}, on a store of the test's own. With everything ({@code clean -Dall}), nothing of the
 * hierarchy stays but what a container uses.
 */
@EngineTest
class IntermediatesPruneTest {

    @TempDir
    Path dir;

    @Test
    void pruneRemovesTheIntermediatesNoCurrentImageNeedsAndKeepsTheCache() throws Exception {
        try (OwnStore store = OwnStore.withBase("ip")) {
            String testId = store.testId;
            Fixture fixture = store.hierarchy(dir, "a", "b");
            write(fixture, store, "a1", "b1", "true");
            Set<String> first = all(store);
            assertEquals(List.of(), process(store, fixture, false).failed());
            int oneBuild = all(store).size() - first.size();

            write(fixture, store, "a2", "b2", "true"); // replaced, the old ones kept (-DskipClean)
            assertEquals(List.of(), process(store, fixture, true).failed());
            write(fixture, store, "a2", "b3", "false"); // a failed build leaves its finished steps
            assertEquals(1, process(store, fixture, false).failed().size());
            Set<String> before = all(store);
            assertTrue(before.size() > first.size() + oneBuild + 6, "the runs left intermediates: " + before.size());

            RecordingLog log = new RecordingLog();
            CleanReport report;
            try (Engines engines = store.engines(log)) {
                report = new Cleaner(
                                engines,
                                new Cleaner.Options(
                                        true,
                                        false,
                                        BuildOptions.Force.NONE,
                                        dir.resolve("state"),
                                        Duration.ofSeconds(5)),
                                log)
                        .clean(fixture.read());
            }
            Set<String> after = all(store);
            Set<String> removed =
                    before.stream().filter(id -> !after.contains(id)).collect(Collectors.toSet());
            System.out.println("prune: " + before.size() + " images (-a) before, " + after.size() + " after, "
                    + report.bytesFreed() + " bytes freed");
            assertTrue(report.bytesFreed() > 0, log.lines().toString());
            assertTrue(
                    removed.size() >= 6,
                    "the old and failed builds' steps went: " + removed.size() + " of " + before.size());
            assertTrue(
                    store.engine.inspect("localhost/" + testId + "-b:latest").isPresent(), "the current image stays");
            // what the current images are built of stays: a build of the same steps is all cache
            write(fixture, store, "a2", "b2", "true");
            assertEquals(List.of(), process(store, fixture, false).failed());
            assertEquals(after.size(), all(store).size(), "nothing new was built: every step was in the cache");

            // everything (-Dall): a container on the leaf keeps the leaf and what it is built on, and a dry run says
            // what would go without removing it
            String leaf = "localhost/" + testId + "-b:latest";
            store.podmanChecked("create", "--name", testId + "-box", leaf, "true");
            CleanReport dry = clean(store, fixture, true, true);
            assertEquals(after.size(), all(store).size(), "a dry run removes nothing");
            assertTrue(dry.count(Removal.Action.KEPT) >= 1, dry.steps().toString());
            CleanReport held = clean(store, fixture, false, true);
            assertTrue(store.engine.inspect(leaf).isPresent(), "the leaf a container uses keeps its tag");
            assertTrue(
                    held.steps().stream()
                            .anyMatch(step -> step.action() == Removal.Action.KEPT
                                    && step.why().contains(testId + "-box")),
                    held.steps().toString());
            // without the container, nothing of the hierarchy stays: the store holds its base alone, as at the start
            store.podmanChecked("rm", testId + "-box");
            CleanReport gone = clean(store, fixture, false, true);
            assertTrue(gone.bytesFreed() > 0, gone.steps().toString());
            assertEquals(first, all(store), "every image ocisi built for the hierarchy went, with its build steps");
        }
    }

    private CleanReport clean(OwnStore store, Fixture fixture, boolean dryRun, boolean everything) throws Exception {
        RecordingLog log = new RecordingLog();
        try (Engines engines = store.engines(log)) {
            return new Cleaner(
                            engines,
                            new Cleaner.Options(
                                    true,
                                    dryRun,
                                    BuildOptions.Force.NONE,
                                    dir.resolve("state"),
                                    Duration.ofSeconds(5),
                                    everything),
                            log)
                    .clean(fixture.read());
        }
    }

    private static void write(Fixture fixture, OwnStore store, String a, String b, String last) {
        fixture.write(
                "img/Containerfile." + store.testId + "-a",
                "FROM " + store.base + "\nRUN echo " + a + " > /a\nRUN echo more > /m\n");
        fixture.write(
                "img/Containerfile." + store.testId + "-b",
                "FROM localhost/" + store.testId + "-a\nRUN echo " + b + " > /b\nRUN echo more > /n\nRUN " + last
                        + "\n");
    }

    private BuildReport process(OwnStore store, Fixture fixture, boolean skipClean) throws Exception {
        return store.process(fixture, dir.resolve("state"), new RecordingLog(), skipClean, 2, BuildOptions.Force.NONE);
    }

    /** Every image of the store, intermediates included, as podman lists them. */
    private static Set<String> all(OwnStore store) throws Exception {
        return Arrays.stream(store.podmanChecked("images", "--all", "--quiet", "--no-trunc")
                        .split("\n"))
                .filter(s -> !s.isBlank())
                .collect(Collectors.toSet());
    }
}
