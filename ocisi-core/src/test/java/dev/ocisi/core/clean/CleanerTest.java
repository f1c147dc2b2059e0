package dev.ocisi.core.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.graph.ImageNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanerTest {

    @TempDir
    Path dir;

    @Test
    void cleansEnabledIntermediatesThatAreNotAssembledChildrenFirst() throws Exception {
        var graph = new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true}
                images:
                  - name: base
                  - name: lang
                  - name: lang-dx
                  - name: tool
                    assemble: true
                  - name: tool-dx
                  - name: lonely
                  - name: lonely-dx
                    assemble: false
                  - name: off
                    enabled: false
                  - name: off-child
                    enabled: false
                """)
                .write("img/Containerfile.base", "FROM debian:bookworm\n")
                .write("img/Containerfile.lang", "FROM base\n")
                .write("img/Containerfile.tool", "FROM base\n")
                .write("img/Containerfile.lonely", "FROM base\n")
                .write("img/Containerfile.off", "FROM lang\n")
                .write("img/Containerfile.off-child", "FROM off\n")
                .write("img/Containerfile.img-dx", "ARG IMG\nARG TAG\nFROM $IMG:$TAG\n")
                .read();
        // tool is assembled; lonely-dx is a leaf, so it keeps its layers; off and its child are disabled
        assertEquals(
                List.of("lonely:latest", "lang:latest", "base:latest"),
                Cleaner.intermediates(graph).stream()
                        .map(ImageNode::id)
                        .map(Object::toString)
                        .toList());
    }
}
