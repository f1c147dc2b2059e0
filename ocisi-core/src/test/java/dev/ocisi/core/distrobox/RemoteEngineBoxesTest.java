package dev.ocisi.core.distrobox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.problem.ToolException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * distrobox runs its boxes on this machine: with the engine on another one, assembling is refused at once, with why
 * and what to do, and no engine is reached to find that out.
 */
class RemoteEngineBoxesTest {

    @TempDir
    Path dir;

    @Test
    void boxesOfARemoteEngineAreRefusedBeforeAnythingRuns() throws Exception {
        HierarchyGraph graph = new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: podman}
                images:
                  - name: tools
                  - name: box
                    assemble: true
                """)
                .write("img/Containerfile.tools", "FROM scratch\n")
                .write("img/Containerfile.box", "FROM localhost/tools\n")
                .read();
        // nothing listens there: the refusal must come without reaching it
        String remote = "ssh://builder@127.0.0.1:1/run/podman/podman.sock";
        String why = "distrobox runs its boxes on this machine, from this machine's image store, and the podman "
                + "engine is at " + remote + ": assemble where the images are, or pull them here first (through a "
                + "registry: -Docisi.pullOnly) and assemble without the remote engine";
        try (Engines engines = new Engines(
                EngineSettings.defaults().withPodmanHost(Optional.of(remote)), Map.of(), new RecordingLog())) {
            assertEquals(Optional.of(why), BoxAssembler.whyNotHere(graph, engines));
            ToolException refused = assertThrows(
                    ToolException.class,
                    () -> new BoxAssembler(engines, DistroboxCli.onPath("distrobox"), new RecordingLog())
                            .assembleAndReport(
                                    graph,
                                    new BoxAssembler.Options(dir.resolve("distrobox.ini"), dir.toString(), Set.of())));
            assertEquals("cannot assemble the boxes: " + why, refused.getMessage());
        }
        try (Engines local = new Engines(EngineSettings.defaults(), Map.of(), new RecordingLog())) {
            assertEquals(Optional.empty(), BoxAssembler.whyNotHere(graph, local));
        }
    }
}
