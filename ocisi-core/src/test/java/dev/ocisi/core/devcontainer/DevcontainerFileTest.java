package dev.ocisi.core.devcontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.HierarchyLoader;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.problem.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The devcontainer.json ocisi writes for a project: the smallest file that works, never over a person's. */
class DevcontainerFileTest {

    @TempDir
    Path dir;

    private ImageSpec leaf(String devcontainer) throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true}
                images:
                  - name: tool
                  - name: tool-dx
                    tag: "1.2"
                    devcontainer: %s
                """.formatted(devcontainer))
                .write("img/Containerfile.tool", "FROM scratch\n")
                .write("img/Containerfile.img-dx", "ARG IMG\nARG TAG\nFROM $IMG:$TAG\n");
        return new HierarchyLoader(dir, Map.of())
                .load(List.of(fixture.path("ocisictl.yaml")))
                .images()
                .get(1);
    }

    @Test
    void theFileNamesTheImageAsEachStoreNamesItAndCarriesRunArgs() throws Exception {
        ImageSpec plain = leaf("true");
        assertEquals("{\n  \"image\": \"localhost/tool-dx:1.2\"\n}\n", DevcontainerFile.content(plain, Manager.PODMAN));
        assertEquals("{\n  \"image\": \"tool-dx:1.2\"\n}\n", DevcontainerFile.content(plain, Manager.DOCKER));
        ImageSpec withArgs = leaf("{runArgs: [--cap-add=SYS_PTRACE, \"--env=A=\\\"q\\\"\"]}");
        assertEquals(
                "{\n  \"image\": \"localhost/tool-dx:1.2\",\n  \"runArgs\": [\"--cap-add=SYS_PTRACE\", "
                        + "\"--env=A=\\\"q\\\"\"]\n}\n",
                DevcontainerFile.content(withArgs, Manager.PODMAN));
    }

    @Test
    void aFileOfOcisisOwnIsReplacedAndAPersonsStays() throws Exception {
        ImageSpec leaf = leaf("{runArgs: [--init]}");
        Path file = dir.resolve("project/.devcontainer/devcontainer.json");
        assertTrue(DevcontainerFile.write(file, leaf, Manager.PODMAN));
        assertFalse(DevcontainerFile.write(file, leaf, Manager.PODMAN), "the same text: nothing to do");
        Files.writeString(file, "{\"image\": \"tool-dx:1.2\"}");
        assertTrue(DevcontainerFile.write(file, leaf, Manager.PODMAN), "the image's name alone is ocisi's to replace");
        assertEquals(DevcontainerFile.content(leaf, Manager.PODMAN), Files.readString(file));

        for (String persons : List.of(
                "{\"image\": \"localhost/tool-dx:1.2\", \"forwardPorts\": [3000]}",
                "// mine\n{\"image\": \"localhost/tool-dx:1.2\"}",
                "{\"image\": \"localhost/other-dx:latest\"}",
                "{\"build\": {\"dockerfile\": \"Dockerfile\"}}")) {
            Files.writeString(file, persons);
            ConfigurationException kept = assertThrows(
                    ConfigurationException.class, () -> DevcontainerFile.write(file, leaf, Manager.PODMAN));
            assertTrue(
                    kept.getMessage().contains("so it is kept: set \"image\": \"localhost/tool-dx:1.2\""),
                    kept.getMessage());
            assertEquals(persons, Files.readString(file), "a person's file stays as it was");
        }
    }

    @Test
    void processWritesOneFilePerLeafAndStoreInItsOwnOutputFolder() throws Exception {
        ImageSpec leaf = leaf("true");
        List<Path> files = DevcontainerFile.output(dir.resolve("target/ocisi/devcontainer"), List.of(leaf));
        Path file = dir.resolve("target/ocisi/devcontainer/tool-dx@1.2/devcontainer.json");
        assertEquals(List.of(file), files);
        Files.writeString(file, "edited");
        DevcontainerFile.output(dir.resolve("target/ocisi/devcontainer"), List.of(leaf));
        assertEquals(
                DevcontainerFile.content(leaf, Manager.PODMAN),
                Files.readString(file),
                "ocisi's output folder is ocisi's: replaced whatever it holds");

        Fixture both = new Fixture(dir).write("both.yaml", """
                - {name: tool, path: img, enabled: true}
                - {name: tool-dx, path: img, enabled: true, manager: [podman, docker]}
                """);
        ImageSpec copied = new HierarchyLoader(dir, Map.of())
                .load(List.of(both.path("both.yaml")))
                .images()
                .get(1);
        assertEquals(List.of(Manager.PODMAN, Manager.DOCKER), copied.managers());
        List<Path> two = DevcontainerFile.output(dir.resolve("out"), List.of(copied));
        assertEquals(
                List.of(
                        dir.resolve("out/tool-dx/devcontainer.json"),
                        dir.resolve("out/tool-dx/docker/devcontainer.json")),
                two);
        assertEquals(
                "{\n  \"image\": \"tool-dx:latest\"\n}\n",
                Files.readString(two.get(1)),
                "the Docker copy's file names Docker's image");
    }
}
