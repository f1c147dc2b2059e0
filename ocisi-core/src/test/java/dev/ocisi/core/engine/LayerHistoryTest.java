package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerHistoryTest {

    @Test
    void metadataStepsMakeNoLayerButCopyAndAddDo() {
        assertTrue(LayerHistory.isMetadataStep("/bin/sh -c #(nop) LABEL \"a\"=\"b\""));
        assertTrue(LayerHistory.isMetadataStep("/bin/sh -c #(nop)  ENV E=1"));
        assertFalse(LayerHistory.isMetadataStep("/bin/sh -c #(nop) COPY file:abc in /g.txt"));
        assertFalse(LayerHistory.isMetadataStep("/bin/sh -c #(nop) ADD file:44bb in / "));
        assertFalse(LayerHistory.isMetadataStep("|1 X=1 /bin/sh -c head -c 10 /dev/zero > /z"));
        assertFalse(LayerHistory.isMetadataStep(""), "an imported root filesystem");
    }

    @Test
    void sizesLineUpWithTheLayersOrNotAtAll() {
        List<LayerHistory.Entry> history = List.of(
                new LayerHistory.Entry(false, 100), new LayerHistory.Entry(true, 0), new LayerHistory.Entry(false, 7));
        assertEquals(
                List.of(new Layer("sha256:a", 100), new Layer("sha256:b", 7)),
                LayerHistory.lineUp(List.of("sha256:a", "sha256:b"), history));
        assertEquals(
                List.of(),
                LayerHistory.lineUp(List.of("sha256:a", "sha256:b", "sha256:c"), history),
                "a history that does not line up");
        List<LayerHistory.Entry> withAnEmptyRun = List.of(
                new LayerHistory.Entry(false, 100), new LayerHistory.Entry(false, 0), new LayerHistory.Entry(false, 7));
        assertEquals(
                List.of(new Layer("sha256:a", 100), new Layer("sha256:b", 7)),
                LayerHistory.lineUp(List.of("sha256:a", "sha256:b"), withAnEmptyRun),
                "dockerd's empty RUN");
    }
}
