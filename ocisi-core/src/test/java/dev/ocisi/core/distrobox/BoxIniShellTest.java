package dev.ocisi.core.distrobox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.graph.ImageNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file ocisi writes read by real distrobox (1.5 or newer): {@code assemble --dry-run} runs every stage of its
 * reading but the final {@code eval} (dash's echo, the comment sed, the glob of {@code $(cat)}, the sourced
 * assignments) and prints the distrobox-create command it would run. Every value must come out as written, and
 * nothing of it may run on the host. The final evals are run for real by BoxAssemblyTest.
 */
class BoxIniShellTest {

    @TempDir
    Path dir;

    /** Hooks that would run on the host if any stage read them as shell, each with a marker of its own. */
    private List<String> hostileHooks(Path markers) {
        String m = markers.toString();
        return List.of(
                "touch " + m + "/plain-hook-ran-in-the-box-only",
                "echo $(touch " + m + "/dollar) `touch " + m + "/backquote` && touch \"" + m + "/dq\" '" + m + "/sq'",
                "echo \\\\ \\n \\c # not a comment ]# ; * ? [a] ~ ¤ héllo",
                "  leading and  double  spaces  ",
                "printf '%s\\n' \"$HOME\"; exit 0;");
    }

    private ImageSpec spec(Path markers) throws Exception {
        StringBuilder hooks = new StringBuilder();
        for (String hook : hostileHooks(markers)) {
            hooks.append("        - '").append(hook.replace("'", "''")).append("'\n");
        }
        var graph = new Fixture(dir)
                .write("ocisictl.yaml", """
                - name: py
                  path: img
                  enabled: true
                - name: py-dx
                  path: img
                  enabled: true
                  distrobox: py-box
                  box:
                    hostname: py-box.example.org
                    home: ~/boxes/py+home@2,x=y%%z
                    volumes: ["~/src-1:/src_1:ro,rslave", "/opt/a.b:/opt/a.b"]
                    additional_packages: [git, "vim tmux", "g++", "libc6:amd64=2.36-9+deb12u1", "pkg=1.0~rc1"]
                    additional_flags: ["--env=EDITOR=vim", "--device /dev/dri", "--label=a.b/c=d,e"]
                    exported_bins: [/usr/bin/python3]
                    exported_apps: [code]
                    init_hooks:
                %s    pre_init_hooks:
                      - 'echo "pre $(touch %s/pre)"'
                """.formatted(hooks, markers))
                .write("img/Containerfile.py", "FROM debian:bookworm\n")
                .write("img/Containerfile.img-dx", "ARG IMG\nARG TAG\nFROM $IMG:$TAG\n")
                .read();
        return graph.images().stream()
                .map(ImageNode::spec)
                .filter(ImageSpec::assemble)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void hooksThatHoldShellTravelEncodedAndOrdinaryOnesAsTheyStand() {
        assertEquals(
                "apt-get install -y jq && ln -s /a /b; true",
                BoxIni.hook("apt-get install -y jq && ln -s /a /b; true"));
        for (String hook : List.of(
                "echo $HOME",
                "echo `id`",
                "echo 'a'",
                "echo \"a\"",
                "echo a # b",
                "ls *",
                "echo é",
                "echo \\n",
                " x",
                "a  b")) {
            String written = BoxIni.hook(hook);
            Matcher encoded = Pattern.compile("echo ([A-Za-z0-9+/=]+) \\| base64 -d \\| sh")
                    .matcher(written);
            assertTrue(encoded.matches(), written);
            assertEquals(hook, new String(Base64.getDecoder().decode(encoded.group(1)), StandardCharsets.UTF_8));
        }
    }

    @Test
    @EngineTest
    void realDistroboxReadsEveryValueAsWrittenAndRunsNothingOnTheHost() throws Exception {
        Path markers = Files.createDirectories(dir.resolve("markers"));
        ImageSpec spec = spec(markers);
        Box box = new Box("py-box", Manager.PODMAN, spec.id().localReference(), "sha256:abc", spec.box());
        Path ini = dir.resolve("distrobox.ini");
        String home = "/home/ada";
        Files.writeString(ini, BoxIni.render(List.of(box), home));
        // files whose names the ini's lines would match if assemble's unquoted $(cat) globbed them
        Files.writeString(dir.resolve("a"), "");

        Process process = new ProcessBuilder("distrobox", "assemble", "create", "--dry-run", "--file", ini.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        try (var left = Files.list(markers)) {
            assertEquals(List.of(), left.toList(), "nothing ran on the host");
        }
        String create = output.lines()
                .filter(l -> l.contains("distrobox-create"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(output));
        assertTrue(create.contains(" --hostname py-box.example.org"), create);
        assertTrue(create.contains(" --home /home/ada/boxes/py+home@2,x=y%z"), create);
        assertTrue(create.contains(" --volume /home/ada/src-1:/src_1:ro,rslave --volume /opt/a.b:/opt/a.b"), create);
        assertTrue(
                create.contains(
                        " --additional-packages \" git vim tmux g++ libc6:amd64=2.36-9+deb12u1 " + "pkg=1.0~rc1\""),
                create);
        assertTrue(
                create.contains(" --additional-flags --env=EDITOR=vim --additional-flags \"--device /dev/dri\" "
                        + "--additional-flags --label=a.b/c=d,e"),
                create);
        assertEquals(hostileHooks(markers), hooksIn(create, "--init-hooks"), "each hook reaches the box as written");
        assertEquals(List.of("echo \"pre $(touch " + markers + "/pre)\""), hooksIn(create, "--pre-init-hooks"));
    }

    /** The hooks of one option of the printed command, decoded: distrobox joins them with && after ': ;'. */
    private static List<String> hooksIn(String command, String option) {
        Matcher argument =
                Pattern.compile(Pattern.quote(option) + " \"(: ;[^\"]*)\"").matcher(command);
        assertTrue(argument.find(), command);
        List<String> hooks = new ArrayList<>();
        for (String part : argument.group(1).substring(3).split("&&")) {
            String hook = part.strip();
            Matcher encoded = Pattern.compile("echo ([A-Za-z0-9+/=]+) \\| base64 -d \\| sh")
                    .matcher(hook);
            hooks.add(
                    encoded.matches()
                            ? new String(Base64.getDecoder().decode(encoded.group(1)), StandardCharsets.UTF_8)
                            : hook);
        }
        assertFalse(hooks.isEmpty());
        return hooks;
    }
}
