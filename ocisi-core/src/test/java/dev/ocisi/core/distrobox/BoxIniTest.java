package dev.ocisi.core.distrobox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.BoxSettings;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.problem.ToolException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxIniTest {

    @TempDir
    Path dir;

    private BoxSettings settings() throws Exception {
        var graph = new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults:
                  path: img
                  enabled: true
                  box: {home: ~/boxes/home, start_now: true, additional_packages: [git]}
                images:
                  - name: py
                  - name: py-dx
                    distrobox: python-box
                    box:
                      additional_packages: [git, vim tmux]
                      init_hooks: ["touch /tmp/one", "touch /tmp/two"]
                      volumes: ["$HOME/src:/src:ro"]
                      exported_bins: [/usr/bin/python3]
                      exported_bins_path: ~/.local/bin
                      init: false
                """)
                .write("img/Containerfile.py", "FROM debian:bookworm\n")
                .write("img/Containerfile.img-dx", "ARG IMG\nARG TAG\nFROM $IMG:$TAG\n")
                .read();
        ImageSpec dx = graph.images().stream()
                .map(ImageNode::spec)
                .filter(ImageSpec::assemble)
                .findFirst()
                .orElseThrow();
        assertEquals("python-box", dx.distrobox());
        return dx.box();
    }

    @Test
    void writesEachBoxFromTheHierarchyWithTheImageAsBuiltAndNoPull() throws Exception {
        Box box = new Box("python-box", Manager.PODMAN, "localhost/py-dx:latest", "sha256:abc", settings());
        List<String> section = BoxIni.section(box, "/home/ada");
        assertEquals(
                List.of(
                        "[python-box]",
                        "image=localhost/py-dx:latest",
                        "pull=false",
                        "home=/home/ada/boxes/home",
                        "init=false",
                        "start_now=true",
                        "additional_packages=git",
                        "additional_packages=vim tmux",
                        "init_hooks=touch /tmp/one",
                        "init_hooks=touch /tmp/two",
                        "volume=/home/ada/src:/src:ro",
                        "exported_bins=/usr/bin/python3",
                        "exported_bins_path=/home/ada/.local/bin",
                        "additional_flags=--label=dev.ocisi.box=" + BoxIni.digest(box, "/home/ada")),
                section,
                "the item's box keys win over the defaults' one by one; ~ and $HOME are the user's home");
    }

    @Test
    void theDigestChangesWithTheImageOrTheSettingsOnly() throws Exception {
        Box box = new Box("b", Manager.PODMAN, "localhost/py-dx:latest", "sha256:abc", settings());
        String digest = BoxIni.digest(box, "/home/ada");
        assertEquals(
                digest,
                BoxIni.digest(
                        new Box("b", Manager.PODMAN, "localhost/py-dx:latest", "sha256:abc", settings()), "/home/ada"));
        assertNotEquals(
                digest,
                BoxIni.digest(
                        new Box("b", Manager.PODMAN, "localhost/py-dx:latest", "sha256:abd", settings()), "/home/ada"));
        assertNotEquals(
                digest,
                BoxIni.digest(
                        new Box("b", Manager.PODMAN, "localhost/py-dx:latest", "sha256:abc", BoxSettings.NONE),
                        "/home/ada"));
    }

    @Test
    void pinsTheManagerIntoExportedLaunchersOfThatBoxOnly() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path apps = Files.createDirectories(dir.resolve("apps"));
        String launcher = "#!/bin/sh\n# distrobox_binary\n# name: %s\nif [ -z \"${CONTAINER_ID}\" ]; then\n"
                + "\texec \"distrobox-enter\"  -n %s  --  '/usr/bin/tree'  \"$@\"\nfi\n";
        Files.writeString(bin.resolve("tree"), launcher.formatted("box1", "box1"));
        Files.writeString(bin.resolve("other"), launcher.formatted("box2", "box2"));
        Files.writeString(
                apps.resolve("box1-code.desktop"),
                "[Desktop Entry]\nName=Code\n" + "Exec=/usr/bin/distrobox-enter -n box1 -- code %F\n");
        List<Path> changed = LauncherPins.pin("box1", Manager.DOCKER, bin, apps);
        assertEquals(List.of(bin.resolve("tree"), apps.resolve("box1-code.desktop")), changed);
        assertTrue(Files.readString(bin.resolve("tree"))
                .contains("# name: box1\nDBX_CONTAINER_MANAGER=docker; " + "export DBX_CONTAINER_MANAGER "
                        + LauncherPins.MARK + "\n"));
        assertEquals(launcher.formatted("box2", "box2"), Files.readString(bin.resolve("other")));
        assertTrue(Files.readString(apps.resolve("box1-code.desktop"))
                .contains("Exec=env DBX_CONTAINER_MANAGER=docker /usr/bin/distrobox-enter -n box1 -- code %F"));
        assertEquals(List.of(), LauncherPins.pin("box1", Manager.DOCKER, bin, apps), "pinning twice changes nothing");
        LauncherPins.pin("box1", Manager.PODMAN, bin, apps);
        assertTrue(
                Files.readString(apps.resolve("box1-code.desktop"))
                        .contains("Exec=env DBX_CONTAINER_MANAGER=podman /usr/bin/distrobox-enter"),
                "a new manager replaces");
        assertEquals(1, Files.readString(bin.resolve("tree")).split(LauncherPins.MARK, -1).length - 1);
    }

    @Test
    void aMissingOrOldDistroboxSaysHowToGetANewOne() {
        var missing = org.junit.jupiter.api.Assertions.assertThrows(
                ToolException.class,
                () -> DistroboxCli.onPath("distrobox-not-installed").checkedVersion());
        assertTrue(missing.getMessage().contains("install distrobox 1.5 or newer"), missing.getMessage());
        var old = org.junit.jupiter.api.Assertions.assertThrows(
                ToolException.class,
                () -> new DistroboxCli("distrobox", command -> new ProcessBuilder("echo", "distrobox: 1.4.2.1"))
                        .checkedVersion());
        assertTrue(old.getMessage().startsWith("distrobox 1.4.2.1 at 'distrobox' has no assemble"), old.getMessage());
    }
}
