package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EngineTest
class DockerApiOnPodmanContractTest extends EngineContract {
    @Override
    protected ContainerEngine engine() throws EngineException {
        return TestEngines.dockerApiOnPodman();
    }

    /** podman's service names an import :latest when given a repository; ocisi's import is untagged, then tagged. */
    @Test
    void anImportIsUntaggedAndLandsOnTheTagGivenAfter() throws Exception {
        try (ContainerEngine engine = engine()) {
            String name = "localhost/" + TestEngines.uniqueName("quirk");
            String testId = name.substring("localhost/".length());
            String id =
                    engine.importRootfs(TestEngines.busyboxRootfs(), Map.of(TestEngines.TEST_LABEL, testId), List.of());
            try {
                assertEquals(List.of(), engine.inspect(id).orElseThrow().tags(), "no tag before the caller's");
                engine.tag(id, name + ":7");
                assertEquals(id, engine.inspect(name + ":7").orElseThrow().id());
                assertTrue(engine.inspect(name + ":latest").isEmpty(), "no stray :latest tag");
            } finally {
                TestEngines.removeTestImages(engine, testId);
            }
        }
    }
}
