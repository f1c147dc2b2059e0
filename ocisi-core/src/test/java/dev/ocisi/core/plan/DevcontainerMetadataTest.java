package dev.ocisi.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.Hierarchy;
import dev.ocisi.core.config.HierarchyLoader;
import dev.ocisi.core.config.ImageSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code devcontainer:} key read from a hierarchy file, and the {@code devcontainer.metadata} label made of it: on
 * by default for the {@code -dx} leaves, the user and home of the build, the item's settings over the defaults', all
 * part of the image's inputs.
 */
class DevcontainerMetadataTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RunUser ALICE = new RunUser("alice", "1000", "1000", "/var/home/alice");

    @TempDir
    Path dir;

    private List<ImageSpec> load(String yaml) throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("ocisictl.yaml", yaml)
                .write("img/Containerfile.base", "FROM scratch\n")
                .write("img/Containerfile.img-dx", "ARG IMG\nARG TAG\nFROM $IMG:$TAG\n");
        Hierarchy hierarchy = new HierarchyLoader(dir, Map.of()).load(List.of(fixture.path("ocisictl.yaml")));
        return hierarchy.images();
    }

    private static JsonNode entry(ImageSpec image, RunUser user) throws Exception {
        JsonNode label = JSON.readTree(DevcontainerMetadata.label(image, user).orElseThrow());
        assertEquals(1, label.size(), "one entry: " + label);
        return label.get(0);
    }

    @Test
    void dxLeavesAreDevContainersByDefaultAndGetTheUserTheirHomeAndNoUidUpdate() throws Exception {
        List<ImageSpec> images = load("""
                defaults: {path: img, enabled: true}
                images:
                  - name: base
                  - name: base-dx
                """);
        assertFalse(images.get(0).devcontainer().enabled(), "an image without the -dx user is not one");
        assertTrue(DevcontainerMetadata.label(images.get(0), ALICE).isEmpty());
        JsonNode entry = entry(images.get(1), ALICE);
        assertEquals("alice", entry.get("remoteUser").asText());
        assertEquals("alice", entry.get("containerUser").asText());
        assertFalse(entry.get("updateRemoteUserUID").asBoolean(true));
        assertEquals("/var/home/alice", entry.get("containerEnv").get("HOME").asText(), "the host's home, not /home");
        assertEquals("alice", entry.get("containerEnv").get("USER").asText());
        JsonNode home = entry.get("mounts").get(0);
        assertEquals("bind", home.get("type").asText());
        assertEquals("/var/home/alice", home.get("source").asText());
        assertEquals("/var/home/alice", home.get("target").asText());
        JsonNode root = entry(images.get(1), new RunUser("root", "0", "0"));
        assertEquals("root", root.get("remoteUser").asText(), "root's build: no keep-id from the CLI");
        assertEquals("/root", root.get("containerEnv").get("HOME").asText());
    }

    @Test
    void theItemsSettingsGoOverTheDefaultsAndAddToOcisis() throws Exception {
        List<ImageSpec> images = load("""
                defaults:
                  path: img
                  enabled: true
                  devcontainer:
                    customizations: {vscode: {extensions: [ms-python.python], settings: {"editor.tabSize": 4}}}
                    forwardPorts: [8000]
                images:
                  - name: base
                  - name: base-dx
                    devcontainer:
                      forwardPorts: [8080, "db:5432"]
                      containerEnv: {PIP_NO_CACHE_DIR: "1"}
                      mounts: ["type=volume,source=pip,target=/var/cache/pip"]
                      postCreateCommand: [pip, --version]
                      runArgs: [--cap-add=SYS_PTRACE]
                  - name: other-dx
                    parent: base
                    devcontainer: false
                """);
        ImageSpec dx = images.get(1);
        JsonNode entry = entry(dx, ALICE);
        assertEquals(
                4,
                entry.get("customizations")
                        .get("vscode")
                        .get("settings")
                        .get("editor.tabSize")
                        .asInt(),
                "numbers stay numbers");
        assertTrue(entry.get("customizations")
                .get("vscode")
                .get("settings")
                .get("editor.tabSize")
                .isInt());
        assertEquals("[8080,\"db:5432\"]", entry.get("forwardPorts").toString(), "the item's value wins");
        assertEquals("1", entry.get("containerEnv").get("PIP_NO_CACHE_DIR").asText());
        assertEquals("alice", entry.get("containerEnv").get("USER").asText(), "ocisi's entries stay");
        assertEquals(2, entry.get("mounts").size());
        assertEquals(
                "type=volume,source=pip,target=/var/cache/pip",
                entry.get("mounts").get(1).asText());
        assertEquals("[\"pip\",\"--version\"]", entry.get("postCreateCommand").toString());
        assertEquals(List.of("--cap-add=SYS_PTRACE"), dx.devcontainer().runArgs());
        assertFalse(entry.has("runArgs"), "no label carries runArgs: the devcontainer.json ocisi writes does");
        assertFalse(images.get(2).devcontainer().enabled(), "'devcontainer: false' turns it off");
    }

    @Test
    void theLabelIsAnInputSoChangingASettingBuildsTheImageAgain() throws Exception {
        ImageSpec before = load("""
                - {name: base, path: img, enabled: true}
                - {name: base-dx, path: img, enabled: true, devcontainer: {forwardPorts: [8000]}}
                """).get(1);
        ImageSpec after = load("""
                - {name: base, path: img, enabled: true}
                - {name: base-dx, path: img, enabled: true, devcontainer: {forwardPorts: [8001]}}
                """).get(1);
        Map<String, String> args = BuildArguments.of(before, ALICE);
        Inputs one = Inputs.of(before, args, BuildLabels.of(before, ALICE), Map.of(), "");
        Inputs two = Inputs.of(after, args, BuildLabels.of(after, ALICE), Map.of(), "");
        assertNotEquals(one.digest(), two.digest());
        assertEquals(List.of("labels changed"), two.changesSince(one));
        Inputs otherHome = Inputs.of(
                before,
                args,
                BuildLabels.of(before, new RunUser("alice", "1000", "1000", "/home/alice")),
                Map.of(),
                "");
        assertNotEquals(one.digest(), otherHome.digest(), "the home is in the label: another home, another image");
        assertTrue(one.labels().containsKey(DevcontainerMetadata.LABEL));
        Map<String, String> built = OcisiLabels.forImage(before, one.labels(), null);
        assertTrue(
                built.entrySet().containsAll(one.labels().entrySet()),
                "the build gives the image the labels its inputs digested: " + built);
    }
}
