package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.result.BuildReport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EngineTest
@Tag("rootless")
class PodmanCliHierarchyBuildTest extends HierarchyBuildContract {

    @Override
    protected ContainerEngine engine() throws EngineException {
        return TestEngines.podmanCli();
    }

    @Override
    Manager manager() {
        return Manager.PODMAN;
    }

    @Override
    EngineSettings settings() {
        return EngineSettings.defaults();
    }

    /** Two runs on one hierarchy at once: the second waits for the first; their builds never interleave. */
    @Test
    void twoConcurrentRunsDoNotInterleave() throws Exception {
        fixture()
                .write(
                        "img/Containerfile." + testId() + "-a",
                        "FROM localhost/" + testId() + "-base:1\n"
                                + "RUN echo first-start && sleep 2 && echo first-end\n");
        CompletableFuture<BuildReport> first = inBackground(
                () -> process(List.of(testId() + "-a"), 1, new BuildOptions.Force(true, java.util.Set.of())));
        long deadline = System.currentTimeMillis() + 60_000;
        while (!log().contains("] first-start") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        BuildReport second = run(List.of(testId() + "-a"));
        assertEquals(List.of(), first.get().failed());
        List<String> lines = log().lines();
        int waited = indexOf(lines, "Another ocisi run is building this hierarchy");
        int firstEnd = indexOf(lines, "] first-end");
        assertTrue(waited >= 0 && waited < firstEnd, "the second run waited while the first built: " + lines);
        assertEquals("up to date", second.results().get(0).reason(), "it then found the first run's image");
    }

    /** A context file that changes while its image builds: the next run rebuilds, since the digest came first. */
    @Test
    void aContextFileChangedDuringABuildIsSeenByTheNextRun() throws Exception {
        fixture()
                .write(
                        "img/Containerfile." + testId() + "-b",
                        "FROM localhost/" + testId() + "-a\n"
                                + "COPY payload.txt /payload.txt\nRUN echo copied && sleep 2\n");
        CompletableFuture<BuildReport> building = inBackground(
                () -> process(List.of(testId() + "-b"), 1, new BuildOptions.Force(true, java.util.Set.of())));
        long deadline = System.currentTimeMillis() + 60_000;
        while (!log().contains("] copied") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        fixture().write("img/payload.txt", "changed while building\n");
        assertEquals(List.of(), building.get().failed());
        BuildReport next = run(List.of(testId() + "-b"));
        assertEquals("context file payload.txt changed", next.results().get(1).reason());
    }

    /** A run on another thread, as a second user or an impatient terminal would start one. */
    private static CompletableFuture<BuildReport> inBackground(java.util.concurrent.Callable<BuildReport> run) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
