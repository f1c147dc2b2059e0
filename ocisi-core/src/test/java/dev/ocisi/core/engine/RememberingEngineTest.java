package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.Manager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A goal's engine asks podman once for what it already inspected, and again after any change it makes: on the
 * machine's podman, counting the podman commands Engines logs.
 */
@EngineTest
class RememberingEngineTest {

    private final String testId = TestEngines.uniqueName("remember");
    private final String present = "localhost/" + testId + "-present:1";
    private final String later = "localhost/" + testId + "-later:1";

    @AfterEach
    void removeImages() throws Exception {
        try (ContainerEngine engine = TestEngines.podmanCli()) {
            TestEngines.removeTestImages(engine, testId);
        }
    }

    @Test
    void inspectionsAreAskedOnceUntilTheEngineChangesTheStore() throws Exception {
        RecordingLog log = new RecordingLog();
        try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), log)) {
            ContainerEngine engine = engines.forManager(Manager.PODMAN);
            String id = TestEngines.importBusybox(engine, present, testId);

            Map<String, ImageDetails> first = engine.inspectAll(List.of(present, later));
            assertEquals(List.of(present), List.copyOf(first.keySet()));
            assertEquals(id, first.get(present).id());
            assertEquals(1, inspections(log));
            assertEquals(first, engine.inspectAll(List.of(present, later)));
            assertEquals(Optional.empty(), engine.inspect(later), "a missing image is remembered as missing");
            assertEquals(id, engine.inspect(present).orElseThrow().id());
            assertEquals(1, inspections(log), "answered from what was inspected");

            engine.tag(id, later);
            assertEquals(id, engine.inspect(later).orElseThrow().id(), "a tag made through the engine is seen");
            assertEquals(2, inspections(log));
            engine.inspectAll(List.of(present, later));
            assertEquals(3, inspections(log), "the tag forgot every inspection, the present image's too");

            assertTrue(engine.untag(later));
            assertEquals(Optional.empty(), engine.inspect(later), "an untag is seen");
            assertEquals(4, inspections(log));
        }
    }

    private static long inspections(RecordingLog log) {
        return log.lines().stream()
                .filter(l -> l.startsWith("DEBUG $ podman image inspect"))
                .count();
    }
}
