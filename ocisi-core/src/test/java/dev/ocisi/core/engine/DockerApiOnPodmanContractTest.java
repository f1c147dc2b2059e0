package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerApiOnPodmanContractTest extends EngineContract {
    @Override
    protected ContainerEngine engine() throws EngineException {
        return TestEngines.dockerApiOnPodman();
    }

    /** podman's service ignores the tag parameter of an import; ocisi's import must land on the tag it asked for. */
    @Test
    void anImportLandsOnItsTagNotOnLatest() throws Exception {
        try (ContainerEngine engine = engine()) {
            String name = "localhost/" + TestEngines.uniqueName("quirk");
            String testId = name.substring("localhost/".length());
            String id = engine.importRootfs(TestEngines.busyboxRootfs(), name + ":7",
                    Map.of(TestEngines.TEST_LABEL, testId), List.of());
            try {
                assertEquals(id, engine.inspect(name + ":7").orElseThrow().id());
                assertTrue(engine.inspect(name + ":latest").isEmpty(), "no stray :latest tag");
            } finally {
                TestEngines.removeTestImages(engine, testId);
            }
        }
    }
}
