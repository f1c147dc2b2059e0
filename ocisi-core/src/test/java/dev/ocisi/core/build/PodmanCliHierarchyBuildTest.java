package dev.ocisi.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.TestEngines;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

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

    /** The engine itself dies mid-build (its process is killed): the image fails, its old tag stays. */
    @Test
    void aKilledPodmanProcessFailsTheImageAndKeepsItsTag() throws Exception {
        assertEquals(List.of(), run(List.of(testId() + "-a")).failed());
        String oldA = testEngine().inspect("localhost/" + testId() + "-a:latest").orElseThrow().id();
        fixture().write("img/Containerfile." + testId() + "-a", "FROM localhost/" + testId()
                + "-base:1\nRUN echo doomed && sleep 30\n");
        CompletableFuture<BuildReport> report = CompletableFuture.supplyAsync(() -> {
            try {
                return run(List.of(testId() + "-a"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.currentTimeMillis() + 60_000;
        while (!log().contains("doomed") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("podman build"))
                .forEach(ProcessHandle::destroyForcibly);
        BuildReport result = report.get();
        assertEquals(ImageResult.Outcome.FAILED, result.results().get(0).outcome(), result.table().toString());
        assertEquals(oldA, testEngine().inspect("localhost/" + testId() + "-a:latest").orElseThrow().id());
        assertTrue(log().contains("keeps the image it had"));
    }
}
