package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.engine.BuildFailedException;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.report.JUnitReport;
import dev.ocisi.core.result.BuildReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds that meet podman's "layer not known" (buildah reads the top layer of every image in the store while it
 * looks for a cached step, and fails when a layer is gone) are built again. The failure is made for real, on a
 * store of the test's own: an image whose top layer's record is missing gives podman's exact message, and putting
 * the record back when ocisi announces the retry stands for the concurrent build that has moved on.
 */
@EngineTest
class BuildRetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private OwnStore store;

    @BeforeEach
    void store() throws Exception {
        store = OwnStore.withBase("rt");
    }

    @AfterEach
    void removeStore() throws Exception {
        store.close();
    }

    private Fixture hierarchy(String run) {
        return new Fixture(dir)
                .write(
                        "ocisictl.yaml",
                        "- {name: " + store.testId + "-a, path: img, enabled: true, " + "manager: podman}\n")
                .write("img/Containerfile." + store.testId + "-a", "FROM " + store.base + "\nRUN " + run + "\n");
    }

    private BuildReport process(Fixture fixture, RecordingLog log) throws Exception {
        return store.process(fixture, dir.resolve("state"), log, false, 1, BuildOptions.Force.NONE);
    }

    @Test
    void aBuildThatMeetsPodmansLayerRaceIsBuiltAgainCountedAndReported() throws Exception {
        String damaged = store.engine.importRootfs(RootfsRuns.busyboxTarball(dir, "other"), Map.of(), List.of());
        JsonNode layer = takeTopLayerRecord(damaged);
        RecordingLog log = new RecordingLog() {
            @Override
            public void warn(String message) {
                super.warn(message);
                if (message.contains("building it again")) {
                    putBack(layer); // the build that took the layer away is done
                }
            }
        };
        BuildReport report = process(hierarchy("echo built > /x"), log);

        assertEquals(List.of(), report.failed(), report.table().toString());
        assertEquals(1, report.retries());
        assertTrue(
                log.contains(
                        "WARN " + store.testId + "-a:latest: podman lost a layer to a concurrent build or removal "
                                + "(buildah's 'layer not known' race, issues 5615 and 5674); building it again in 1 s (retry 1 of 2)"),
                log.lines().toString());
        assertTrue(
                report.summary().endsWith(", 1 build started again after podman's 'layer not known' race"),
                report.summary());
        assertTrue(
                report.table().get(1).endsWith("(built again 1 time after podman's 'layer not known' race)"),
                report.table().toString());
        Path junit = dir.resolve("report.xml");
        JUnitReport.write(report, Instant.now(), junit);
        assertTrue(
                Files.readString(junit).contains("<property name=\"ocisi.retries\" value=\"1\"/>"),
                Files.readString(junit));
    }

    @Test
    void aRaceThatDoesNotPassFailsTheImageAfterTwoRetriesAndOtherFailuresAreNotRetried() throws Exception {
        String damaged = store.engine.importRootfs(RootfsRuns.busyboxTarball(dir, "other"), Map.of(), List.of());
        JsonNode layer = takeTopLayerRecord(damaged);
        RecordingLog log = new RecordingLog();
        BuildReport stuck = process(hierarchy("echo built > /x"), log);
        assertEquals(1, stuck.failed().size());
        assertEquals(2, stuck.retries());
        assertTrue(
                stuck.failed().get(0).reason().contains("layer not known"),
                stuck.failed().get(0).reason());
        putBack(layer);

        RecordingLog second = new RecordingLog();
        BuildReport failing = process(hierarchy("false"), second);
        assertEquals(1, failing.failed().size());
        assertEquals(0, failing.retries(), "a step that fails is the build's own failure");
        assertTrue(second.lines().stream().noneMatch(l -> l.contains("building it again")));
    }

    @Test
    void onlyLayerNotKnownCountsAsTheRace() {
        assertTrue(new BuildFailedException(
                        "podman build exited with 125: Error: checking if cached image exists "
                                + "from a previous build: getting top layer info: layer not known",
                        List.of())
                .transientCause()
                .isPresent());
        assertTrue(new BuildFailedException(
                        "podman build exited with 125",
                        List.of("STEP 2/3: RUN x", "Error: committing container for step {...}: layer not known"))
                .transientCause()
                .isPresent());
        assertTrue(new BuildFailedException(
                        "podman build exited with 1: Error: building at STEP \"RUN false\"",
                        List.of("Error: building at STEP"))
                .transientCause()
                .isEmpty());
    }

    /** Removes the record of the image's top layer from the store (the image's own record stays): the damage. */
    private JsonNode takeTopLayerRecord(String imageId) throws Exception {
        Path images = store.folder.resolve("graph/overlay-images/images.json");
        String id = imageId.replace("sha256:", "");
        String top = null;
        for (JsonNode image : JSON.readTree(images.toFile())) {
            if (image.path("id").asText().equals(id)) {
                top = image.path("layer").asText();
            }
        }
        Path layers = store.folder.resolve("graph/overlay-layers/layers.json");
        ArrayNode all = (ArrayNode) JSON.readTree(layers.toFile());
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).path("id").asText().equals(top)) {
                JsonNode record = all.remove(i);
                JSON.writeValue(layers.toFile(), all);
                return record;
            }
        }
        throw new AssertionError("no top layer " + top + " for image " + imageId);
    }

    private void putBack(JsonNode record) {
        try {
            Path layers = store.folder.resolve("graph/overlay-layers/layers.json");
            ArrayNode all = (ArrayNode) JSON.readTree(layers.toFile());
            all.add(record);
            JSON.writeValue(layers.toFile(), all);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
