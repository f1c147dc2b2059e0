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
import java.util.List;
import org.junit.jupiter.api.Test;

@EngineTest
class DockerApiOnDockerdHierarchyBuildTest extends HierarchyBuildContract {

    @Override
    protected ContainerEngine engine() throws EngineException {
        return TestEngines.dockerApiOnDockerd();
    }

    @Override
    Manager manager() {
        return Manager.DOCKER;
    }

    @Override
    EngineSettings settings() {
        return EngineSettings.defaults();
    }

    /**
     * dockerd reads {@code FROM name:tag} as Docker Hub's library image, so ocisi tags the short name too, but never
     * over an image it did not build.
     */
    @Test
    void aForeignImageUnderTheShortNameKeepsItsTag() throws Exception {
        String shortName = testId() + "-side:latest";
        String foreign = TestEngines.importBusybox(testEngine(), shortName, testId());
        assertEquals(
                List.of(),
                process(List.of(testId() + "-side"), 1, new BuildOptions.Force(true, java.util.Set.of()))
                        .failed());
        assertEquals(foreign, testEngine().inspect(shortName).orElseThrow().id());
        assertTrue(log().contains(shortName + " in docker's store is not ocisi's, so it keeps its tag"));
        assertTrue(!testEngine()
                .inspect("localhost/" + shortName)
                .orElseThrow()
                .id()
                .equals(foreign));
    }
}
