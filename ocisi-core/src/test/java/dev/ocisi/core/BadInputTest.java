package dev.ocisi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.config.HostResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of bad input: each case is a hierarchy a user could write, and the exact lines ocisi must answer
 * with, each naming file, line and column. Everything in a case is reported in the one pass.
 */
class BadInputTest {

    private static final String ALPINE = "FROM docker.io/library/alpine:3.20\n";
    private static final String ITEM_A = """
            - name: a
              path: img
              enabled: true
            """;

    @TempDir
    Path dir;

    /** A case: its name, the files (path, text, path, text, ...), and the lines expected. */
    record Case(String name, List<String> files, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(String name, List<String> expected, String... files) {
        return new Case(name, List.of(files), expected);
    }

    static Stream<Arguments> corpus() {
        List<Case> cases = new ArrayList<>();
        // --- the YAML file itself
        cases.add(c(
                "unknown key with a suggestion",
                List.of("ocisictl.yaml:4:3: unknown key 'tga'; did you mean 'tag'?"),
                "ocisictl.yaml",
                ITEM_A + "  tga: \"1\"\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "unknown key without a suggestion",
                List.of(
                        "ocisictl.yaml:4:3: unknown key 'colour'; the keys are name, path, enabled, tag, manager, "
                                + "distrobox, assemble, containerfile, args, labels, parent, box, vm, rootfs, registry, refresh, platforms, devcontainer, sign, verify, verifyBases"),
                "ocisictl.yaml",
                ITEM_A + "  colour: blue\n",
                "img/Containerfile.a",
                ALPINE));
        // --- registries
        String form = "; write HOST[:PORT]/NAMESPACE, e.g. ghcr.io/acme/toolchains or localhost:5000/toolchains";
        cases.add(c(
                "registry values that are no registry location",
                List.of(
                        "ocisictl.yaml:1:22: registry 'https://ghcr.io/acme' has a scheme; the engines choose https "
                                + "(or plain http on a registry they are told is insecure)" + form,
                        "ocisictl.yaml:5:13: registry 'acme/toolchains': 'acme' is not a registry host (it has no "
                                + "dot, no port and is not localhost), so engines would read it as a namespace on "
                                + "Docker Hub; write docker.io/acme/toolchains for Docker Hub" + form,
                        "ocisictl.yaml:9:13: registry 'ghcr.io' names no namespace" + form,
                        "ocisictl.yaml:13:13: registry 'ghcr.io/acme/tools:1' has a tag or digest; ocisi adds each "
                                + "image's name and tag" + form,
                        "ocisictl.yaml:17:13: registry 'localhost:99999/x': port 99999 is not between 1 and 65535",
                        "ocisictl.yaml:21:13: registry 'ghcr.io/Acme': namespace 'Acme' is not lower case letters, "
                                + "digits and separators (. _ -) in components split by '/'" + form),
                "ocisictl.yaml",
                "defaults: {registry: https://ghcr.io/acme}\nimages:\n"
                        + "- name: a\n  path: img\n  registry: acme/toolchains\n  enabled: true\n"
                        + "- name: b\n  path: img\n  registry: ghcr.io\n  enabled: true\n"
                        + "- name: c\n  path: img\n  registry: ghcr.io/acme/tools:1\n  enabled: true\n"
                        + "- name: d\n  path: img\n  registry: localhost:99999/x\n  enabled: true\n"
                        + "- name: e\n  path: img\n  registry: ghcr.io/Acme\n  enabled: true\n"
                        + "- name: f\n  path: img\n  enabled: true\n- name: g\n  path: img\n  enabled: true\n",
                "img/Containerfile.f",
                ALPINE,
                "img/Containerfile.g",
                ALPINE,
                "img/Containerfile.a",
                ALPINE,
                "img/Containerfile.b",
                ALPINE,
                "img/Containerfile.c",
                ALPINE,
                "img/Containerfile.d",
                ALPINE,
                "img/Containerfile.e",
                ALPINE));
        // --- refresh periods
        cases.add(c(
                "refresh values that are no period, and a refresh of a pinned tarball",
                List.of(
                        "ocisictl.yaml:1:21: refresh 'soon' is not a period; write a whole number and a unit: m "
                                + "(minutes), h (hours), d (days) or w (weeks), e.g. 1d",
                        "ocisictl.yaml:5:12: refresh '-1d' is not a period; write a whole number and a unit: m "
                                + "(minutes), h (hours), d (days) or w (weeks), e.g. 1d",
                        "ocisictl.yaml:8:12: a tarball pinned by its SHA-256 never changes, so 'refresh' has nothing "
                                + "to do: remove it (a new tarball is a new pin)"),
                "ocisictl.yaml",
                "defaults: {refresh: soon}\nimages:\n"
                        + "- name: a\n  path: img\n  refresh: -1d\n  enabled: true\n"
                        + "- name: t\n  refresh: 1d\n  enabled: true\n"
                        + "  rootfs: {tarball: t.tar, sha256: " + "a".repeat(64) + "}\n"
                        + "- name: b\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                ALPINE,
                "img/Containerfile.b",
                ALPINE,
                "t.tar",
                "not really a tarball"));
        // --- box settings
        String dx = "img/Containerfile.img-dx";
        String dxFile = "ARG IMG\nARG TAG\nFROM $IMG:$TAG\n";
        cases.add(c(
                "unknown box key",
                List.of("ocisictl.yaml:6:5: unknown key 'additional_package' in 'box'; did you mean "
                        + "'additional_packages'?"),
                "ocisictl.yaml",
                ITEM_A + "- {name: a-dx, path: img, enabled: true,\n" + "   box: {\n    additional_package: [git]}}\n",
                "img/Containerfile.a",
                ALPINE,
                dx,
                dxFile));
        cases.add(c(
                "box on an image not assembled",
                List.of("ocisictl.yaml:4:3: image 'a' has 'box' settings but is not assembled as a distrobox: add "
                        + "'assemble: true', or remove 'box'"),
                "ocisictl.yaml",
                ITEM_A + "  box: {init: true}\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "box values of the wrong shape",
                List.of(
                        "ocisictl.yaml:8:11: 'init' must be true or false, found the string \"maybe\"",
                        "ocisictl.yaml:9:15: volume 'data' is not host:box or host:box:options with absolute paths "
                                + "of letters, digits and - _ . , / = + @ % (distrobox's assemble runs its file "
                                + "through a shell, where such a character would be code), e.g. ~/src:/src:ro",
                        "ocisictl.yaml:10:21: exported binary 'tree' must be an absolute path inside the box of "
                                + "letters, digits and - _ . , / = + @ %, e.g. /usr/bin/tree",
                        "ocisictl.yaml:11:32: each item of 'additional_packages' is a single value, found a mapping"),
                "ocisictl.yaml",
                ITEM_A + "- name: a-dx\n  path: img\n  enabled: true\n  box:\n    init: maybe\n"
                        + "    volumes: [data]\n    exported_bins: [tree]\n    additional_packages: [git, {a: b}]\n",
                "img/Containerfile.a",
                ALPINE,
                dx,
                dxFile));
        // --- devcontainer settings
        cases.add(c(
                "devcontainer values of the wrong shape",
                List.of(
                        "ocisictl.yaml:8:26: 'devcontainer.forwardPorts' holds ports (1 to 65535) or host:port, found "
                                + "the number 70000; e.g. [8000, 'db:5432']",
                        "ocisictl.yaml:9:33: 'devcontainer.containerEnv': '1A' is no variable name (letters, digits "
                                + "and _, not starting with a digit)",
                        "ocisictl.yaml:10:17: 'devcontainer.remoteEnv' cannot set HOME: ocisi sets HOME and USER to "
                                + "the host's, so that your home folder, mounted at the same path, is the container's "
                                + "home",
                        "ocisictl.yaml:11:14: a mount of 'devcontainer.mounts' needs an absolute target in the "
                                + "container, and has none; e.g. type=volume,source=cache,target=/var/cache/apt",
                        "ocisictl.yaml:12:28: 'devcontainer.postCreateCommand.a' is a command: a line, or a list of "
                                + "the command and its arguments",
                        "ocisictl.yaml:13:14: 'devcontainer.waitFor' is one of onCreateCommand, updateContentCommand, "
                                + "postCreateCommand, postStartCommand, postAttachCommand, found 'postCreate'",
                        "ocisictl.yaml:14:11: 'devcontainer.init' must be true or false, found the string \"maybe\"",
                        "ocisictl.yaml:15:26: each of 'devcontainer.capAdd' is a single, non-empty value, found a "
                                + "mapping",
                        "ocisictl.yaml:16:21: 'devcontainer.customizations' is a mapping, found a list",
                        "ocisictl.yaml:17:15: 'devcontainer.runArgs' holds a line break: it reaches the engine's "
                                + "command line as one argument; write it on one line"),
                "ocisictl.yaml",
                ITEM_A + "- name: a-dx\n  path: img\n  enabled: true\n  devcontainer:\n"
                        + "    forwardPorts: [8000, 70000, web]\n"
                        + "    containerEnv: {EDITOR: vim, 1A: b}\n"
                        + "    remoteEnv: {HOME: /elsewhere}\n"
                        + "    mounts: [\"type=bind,source=/a\", {type: bogus, target: /x}]\n"
                        + "    postCreateCommand: {a: {b: c}}\n"
                        + "    waitFor: postCreate\n"
                        + "    init: maybe\n"
                        + "    capAdd: [SYS_PTRACE, {a: b}]\n"
                        + "    customizations: [vscode]\n"
                        + "    runArgs: [\"--env=A=1\\nB=2\"]\n",
                "img/Containerfile.a",
                ALPINE,
                dx,
                dxFile));
        cases.add(c(
                "the other devcontainer values of the wrong shape",
                List.of(
                        "ocisictl.yaml:2:17: 'devcontainer' is true, false or a mapping of devcontainer.json settings "
                                + "such as 'customizations' and 'forwardPorts', found a list",
                        "ocisictl.yaml:8:22: 'devcontainer.portsAttributes' is a mapping, found a list",
                        "ocisictl.yaml:9:27: 'devcontainer.otherPortsAttributes' is a mapping, found the string "
                                + "\"silent\"",
                        "ocisictl.yaml:10:22: 'devcontainer.onCreateCommand' is a command (run in the container): a "
                                + "line, a list of the command and its arguments, or a mapping of names to commands "
                                + "run in parallel; found a mapping",
                        "ocisictl.yaml:11:27: 'devcontainer.updateContentCommand' is a command (run in the container): "
                                + "a line, a list of the command and its arguments, or a mapping of names to commands "
                                + "run in parallel; found the string \"\"",
                        "ocisictl.yaml:12:31: each of 'devcontainer.postAttachCommand' is a single, non-empty value, "
                                + "found a mapping",
                        "ocisictl.yaml:13:17: 'devcontainer.privileged' must be true or false, found the string "
                                + "\"sometimes\"",
                        "ocisictl.yaml:14:22: 'devcontainer.overrideCommand' must be true or false, found the number 1",
                        "ocisictl.yaml:15:18: each of 'devcontainer.securityOpt' is a single, non-empty value, found a "
                                + "mapping",
                        "ocisictl.yaml:16:21: 'devcontainer.shutdownAction' is one of none, stopContainer, found "
                                + "'stopCompose'",
                        "ocisictl.yaml:17:19: 'devcontainer.userEnvProbe' is one of none, interactiveShell, "
                                + "loginShell, loginInteractiveShell, found 'login'",
                        "ocisictl.yaml:18:23: 'devcontainer.hostRequirements' is a mapping, found a list",
                        "ocisictl.yaml:19:26: 'devcontainer.containerEnv.TERM' holds a line break: it reaches the "
                                + "engine's command line as one argument; write it on one line"),
                "ocisictl.yaml",
                "defaults:\n  devcontainer: [on]\nimages:\n"
                        + "- name: a-dx\n  path: img\n  enabled: true\n  devcontainer:\n"
                        + "    portsAttributes: [3000]\n"
                        + "    otherPortsAttributes: silent\n"
                        + "    onCreateCommand: {}\n"
                        + "    updateContentCommand: \"\"\n"
                        + "    postAttachCommand: [code, {a: b}]\n"
                        + "    privileged: sometimes\n"
                        + "    overrideCommand: 1\n"
                        + "    securityOpt: {label: disable}\n"
                        + "    shutdownAction: stopCompose\n"
                        + "    userEnvProbe: login\n"
                        + "    hostRequirements: [cpus]\n"
                        + "    containerEnv: {TERM: \"xterm\\n\"}\n",
                dx,
                dxFile));
        cases.add(c(
                "devcontainer keys ocisi sets, refuses or does not know",
                List.of(
                        "ocisictl.yaml:2:18: 'devcontainer' cannot set 'initializeCommand': it runs on the host, and "
                                + "nothing in the hierarchy file may run there; run it yourself, or use "
                                + "onCreateCommand, which runs in the container",
                        "ocisictl.yaml:8:5: 'devcontainer' cannot set 'remoteUser': ocisi sets it to the user the -dx "
                                + "image adds (the user who builds it, as on the host)",
                        "ocisictl.yaml:9:5: 'devcontainer' cannot set 'image': it belongs to a project's own "
                                + "devcontainer.json, which names the image; ocisi's key says what every dev "
                                + "container of this image gets",
                        "ocisictl.yaml:10:5: unknown key 'forwardPort' in 'devcontainer'; did you mean "
                                + "'forwardPorts'?"),
                "ocisictl.yaml",
                "defaults:\n  devcontainer: {initializeCommand: ./setup.sh}\nimages:\n"
                        + "- name: a-dx\n  path: img\n  enabled: true\n  devcontainer:\n"
                        + "    remoteUser: root\n    image: debian\n    forwardPort: [8000]\n",
                dx,
                dxFile));
        cases.add(c(
                "devcontainer on an image without the -dx user, and as a word",
                List.of(
                        "ocisictl.yaml:4:3: 'devcontainer' needs the user a -dx image adds (the user a dev container "
                                + "runs as, with your ids and home): name the image '...-dx', or remove "
                                + "'devcontainer'",
                        "ocisictl.yaml:8:17: 'devcontainer' is true, false or a mapping of devcontainer.json settings "
                                + "such as 'customizations' and 'forwardPorts', found the string \"sometimes\""),
                "ocisictl.yaml",
                ITEM_A + "  devcontainer: true\n- name: b-dx\n  path: img\n  enabled: true\n"
                        + "  devcontainer: sometimes\n",
                "img/Containerfile.a",
                ALPINE,
                dx,
                dxFile));
        // --- a COPY or ADD that leaves the build context: said when the Containerfile is read, not by a failed build
        String outside = "leaves the build context 'img/', and a build is sent the context alone (it would fail with "
                + "'no such file'): move the file into the context, or make 'path' a folder that holds both";
        cases.add(c(
                "COPY and ADD sources outside the build context",
                List.of(
                        "img/Containerfile.a:2:6: COPY source '../../secret' " + outside,
                        "img/Containerfile.a:4:7: ADD source '../up.tar' " + outside),
                "ocisictl.yaml",
                ITEM_A,
                "img/Containerfile.a",
                ALPINE + "COPY ../../secret /etc/\n"
                        + "COPY ok.txt ./sub/../x /opt/\nADD [\"../up.tar\", \"/srv/\"]\n"
                        + "COPY --from=builder ../outside /fine\nCOPY /../root.txt /r\n"));
        // --- an image in two stores
        cases.add(c(
                "a store named twice and an unknown one",
                List.of(
                        "ocisictl.yaml:2:60: manager 'podman' is named twice: name each store once, the one that "
                                + "builds first",
                        "ocisictl.yaml:3:60: manager 'dockr' is neither docker nor podman; did you mean 'docker'?"),
                "ocisictl.yaml",
                "- {name: a, path: img, enabled: true, manager: [podman, docker]}\n"
                        + "- {name: a-dx, path: img, enabled: true, manager: [podman, podman]}\n"
                        + "- {name: b-dx, path: img, enabled: true, manager: [podman, dockr]}\n"
                        + "- {name: b, path: img, enabled: true}\n",
                "img/Containerfile.a",
                ALPINE,
                "img/Containerfile.b",
                ALPINE,
                dx,
                dxFile));
        cases.add(c(
                "a copied image something is built on",
                List.of("ocisictl.yaml:1:48: a:latest is in two stores (podman, docker) but a-dx:latest is built FROM "
                        + "it (img/Containerfile.img-dx:3:6): only an image nothing is built on can be copied into "
                        + "another store; name one manager here, and both on the leaf"),
                "ocisictl.yaml",
                "- {name: a, path: img, enabled: true, manager: [podman, docker]}\n"
                        + "- {name: a-dx, path: img, enabled: true, manager: [podman, docker]}\n",
                "img/Containerfile.a",
                ALPINE,
                dx,
                dxFile));
        // --- box values that distrobox's assemble would run on the host: refused at load, located
        String dxItem = "- name: a-dx\n  path: img\n  enabled: true\n  box:\n";
        cases.add(c(
                "box hostname with a command substitution",
                List.of("ocisictl.yaml:8:15: hostname '$(touch marker)' is no host name: dot-separated labels of "
                        + "letters, digits and inner '-', each at most 63 long (RFC 1123), e.g. python-box"),
                "ocisictl.yaml",
                ITEM_A + dxItem + "    hostname: \"$(touch marker)\"\n",
                "img/Containerfile.a",
                ALPINE,
                dx,
                dxFile));
        cases.add(c(
                "box hostname with line breaks that forge a section",
                List.of("ocisictl.yaml:8:15: 'hostname' holds a line break: ocisi writes this value into files and "
                        + "command lines, where it would start a line of its own; write the value on one line "
                        + "without control characters"),
                "ocisictl.yaml",
                ITEM_A + dxItem + "    hostname: \"h\\n[other]\\nimage=docker.io/evil/x\\npull=true\"\n",
                "img/Containerfile.a",
                ALPINE,
                dx,
                dxFile));
        cases.add(c(
                "box volume with a line break that mounts the host's root",
                List.of("ocisictl.yaml:8:15: 'volumes' holds a line break: ocisi writes this value into files and "
                        + "command lines, where it would start a line of its own; write the value on one line "
                        + "without control characters"),
                "ocisictl.yaml",
                ITEM_A + dxItem + "    volumes: [\"/src:/src\\nvolume=/:/host\"]\n",
                "img/Containerfile.a",
                ALPINE,
                dx,
                dxFile));
        cases.add(c(
                "shell in every other box value",
                List.of(
                        "ocisictl.yaml:8:11: 'home' is '~/$(id)', which is no absolute path of letters, digits and "
                                + "- _ . , / = + @ % (distrobox's assemble runs its file through a shell, where such "
                                + "a character would be code), e.g. ~/boxes/python",
                        "ocisictl.yaml:9:15: volume '/src;touch x:/src' is not host:box or host:box:options with "
                                + "absolute paths of letters, digits and - _ . , / = + @ % (distrobox's assemble runs "
                                + "its file through a shell, where such a character would be code), e.g. ~/src:/src:ro",
                        "ocisictl.yaml:10:32: '`id`' is not a list of package names (letters, digits and . + _ : = "
                                + "@ / - ~, separated by single spaces), e.g. git or 'vim tmux'",
                        "ocisictl.yaml:11:25: 'exported_bins_path' is '/bin;id', which is no absolute path of "
                                + "letters, digits and - _ . , / = + @ % (distrobox's assemble runs its file through "
                                + "a shell, where such a character would be code), e.g. ~/boxes/python",
                        "ocisictl.yaml:12:24: additional flag '--env=A=\"b c\"' holds a character other than letters, "
                                + "digits and - _ . , / : = + @ % (distrobox's assemble runs its file through a "
                                + "shell, where such a character would be code), or more than one space between "
                                + "words; e.g. --env=EDITOR=vim",
                        "ocisictl.yaml:13:21: exported binary '/usr/bin/a b' must be an absolute path inside the box "
                                + "of letters, digits and - _ . , / = + @ %, e.g. /usr/bin/b",
                        "ocisictl.yaml:14:21: exported application 'code;id' is not an application name (letters, "
                                + "digits and . _ + -, several separated by single spaces), e.g. code",
                        "ocisictl.yaml:18:15: 'home' path '/home/../etc' climbs with '..': write the folder it means"),
                "ocisictl.yaml",
                ITEM_A + dxItem + "    home: ~/$(id)\n    volumes: [\"/src;touch x:/src\"]\n"
                        + "    additional_packages: [git, \"`id`\"]\n    exported_bins_path: /bin;id\n"
                        + "    additional_flags: ['--env=A=\"b c\"']\n    exported_bins: [/usr/bin/a b]\n"
                        + "    exported_apps: [code;id]\n"
                        + "- name: b-dx\n  path: img\n  enabled: true\n  box: {home: /home/../etc}\n",
                "img/Containerfile.a",
                ALPINE,
                dx,
                dxFile));
        cases.add(c(
                "a wrong box default is reported though no image is assembled",
                List.of("ocisictl.yaml:3:15: hostname 'a;b' is no host name: dot-separated labels of letters, "
                        + "digits and inner '-', each at most 63 long (RFC 1123), e.g. python-box"),
                "ocisictl.yaml",
                "defaults:\n  box:\n    hostname: a;b\nimages:\n  - name: a\n    path: img\n" + "    enabled: true\n",
                "img/Containerfile.a",
                ALPINE));
        // --- values that would reach files and commands
        cases.add(c(
                "a label name with '=' and a line break in a build argument",
                List.of(
                        "ocisictl.yaml:5:5: 'a=b' is no valid label name: write it without spaces or '=', e.g. "
                                + "org.example.team",
                        "ocisictl.yaml:7:8: 'args.A' holds a line break: ocisi writes this value into files and "
                                + "command lines, where it would start a line of its own; write the value on one "
                                + "line without control characters"),
                "ocisictl.yaml",
                ITEM_A + "  labels:\n    a=b: c\n  args:\n    A: \"1\\n2\"\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "a name with a line break is echoed escaped",
                List.of(
                        "ocisictl.yaml:1:3: unknown key 'x\\n[ERROR] forged'; the keys are name, path, enabled, tag, "
                                + "manager, distrobox, assemble, containerfile, args, labels, parent, box, vm, rootfs, registry, refresh, platforms, "
                                + "devcontainer, sign, verify, verifyBases",
                        "ocisictl.yaml:1:3: this image has no 'name'; every image needs a name"),
                "ocisictl.yaml",
                "- \"x\\n[ERROR] forged\": 1\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                ALPINE));
        // --- vm settings
        cases.add(c(
                "unknown vm key",
                List.of("ocisictl.yaml:5:5: unknown key 'memroy' in 'vm'; did you mean 'memory'?"),
                "ocisictl.yaml",
                ITEM_A + "  vm:\n    memroy: 1G\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "vm values of the wrong shape",
                List.of(
                        "ocisictl.yaml:5:13: disk format 'vmdk' is neither qcow2 nor raw",
                        "ocisictl.yaml:6:11: disk size '20' is not a size of at least 16M with a unit, e.g. 4G or "
                                + "512M; or write 'auto' (the default) to fit the image's files",
                        "ocisictl.yaml:7:13: 'kernel' names " + "KERNEL" + ", which is not a file: give a kernel file "
                                + "(relative to this YAML file), or 'image' to take it from the image's /boot",
                        "ocisictl.yaml:8:13: memory '1024' is not a size of at least 64M with a unit, e.g. 1G or 768M",
                        "ocisictl.yaml:9:11: cpus 'two' is not a whole number of at least 1",
                        "ocisictl.yaml:10:19: boot timeout 'soon' is not a duration above zero such as 90s, 5m or 1h",
                        "ocisictl.yaml:11:14: 'process' must be true or false, found the string \"later\""),
                "ocisictl.yaml",
                ITEM_A + "  vm:\n    format: vmdk\n    size: 20\n    kernel: vmlinuz\n"
                        + "    memory: 1024\n    cpus: two\n    boot_timeout: soon\n    process: later\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "vm values beyond this machine, and a line break in the kernel command line",
                List.of(
                        "ocisictl.yaml:5:13: memory '9000T' is more than the 1T QEMU's emulated x86 machine can "
                                + "address (this machine has @MEMORY@): give less, e.g. 2G",
                        "ocisictl.yaml:6:11: cpus '999' is more than the 255 QEMU's pc machine takes (this machine "
                                + "has @CPUS@): give at most @CPUS@ for a VM that runs here",
                        "ocisictl.yaml:7:14: 'cmdline' holds a line break: ocisi writes this value into files and "
                                + "command lines, where it would start a line of its own; write the value on one "
                                + "line without control characters"),
                "ocisictl.yaml",
                ITEM_A + "  vm:\n    memory: 9000T\n    cpus: 999\n"
                        + "    cmdline: \"console=ttyS0\\ninit=/bin/sh\"\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "a command run's settings: an unknown init, a smoke test process may not run, an escape code",
                List.of(
                        "ocisictl.yaml:5:11: init 'quick' is neither system (the image's own init, systemd) nor "
                                + "fast (a shell of ocisi's in its place)",
                        "ocisictl.yaml:6:12: 'smoke' holds the control character U+001B: ocisi writes this value "
                                + "into files and command lines, where it would hide or forge text; write the value "
                                + "on one line without control characters",
                        "ocisictl.yaml:7:18: run timeout 'never' is not a duration above zero such as 90s, 5m or 1h",
                        "ocisictl.yaml:15:14: 'process: false' with 'smoke': the smoke test runs when mvn ocisi:process "
                                + "makes the disk, which this forbids. Remove 'process: false' (a smoke test makes "
                                + "process make the disk), or remove 'smoke'"),
                "ocisictl.yaml",
                ITEM_A + "  vm:\n    init: quick\n    smoke: \"echo \\e[31m\"\n"
                        + "    run_timeout: never\n- name: b\n  path: img\n  enabled: true\n  vm:\n"
                        + "    smoke: |\n      uname -r\n      true\n    process: false\n",
                "img/Containerfile.a",
                ALPINE,
                "img/Containerfile.b",
                ALPINE));
        cases.add(c(
                "a wrong vm default is reported though no image has a vm",
                List.of("ocisictl.yaml:3:13: disk format 'vhd' is neither qcow2 nor raw"),
                "ocisictl.yaml",
                "defaults:\n  vm:\n    format: vhd\nimages:\n  - name: a\n    path: img\n" + "    enabled: true\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "vm is not a mapping",
                List.of("ocisictl.yaml:4:7: 'vm' is a mapping of VM settings such as 'format' and 'memory', found "
                        + "the string \"yes\""),
                "ocisictl.yaml",
                ITEM_A + "  vm: \"yes\"\n",
                "img/Containerfile.a",
                ALPINE));
        // --- root filesystems
        String base = "- name: base\n  enabled: true\n";
        cases.add(c(
                "rootfs without a source",
                List.of("ocisictl.yaml:3:11: 'rootfs' needs 'tarball' (with its 'sha256') or 'debootstrap' (with its "
                        + "'suite'), e.g. 'rootfs: {debootstrap: {suite: bookworm}}'"),
                "ocisictl.yaml",
                base + "  rootfs: {cmd: [/bin/sh]}\n"));
        cases.add(c(
                "tarball without its pin, and a misspelt key",
                List.of(
                        "ocisictl.yaml:4:5: 'tarball' needs 'sha256' beside it: ocisi imports only the tarball it was "
                                + "told to expect; its SHA-256 is now 2d711642b726b04401627ca9fbac32f5c8530fb1903cc4d"
                                + "b02258717921a4881: check that against what its publisher lists, then write 'sha256: "
                                + "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881'",
                        "ocisictl.yaml:5:5: unknown key 'sha265' in 'rootfs'; did you mean 'sha256'?"),
                "ocisictl.yaml",
                base + "  rootfs:\n    tarball: base.tar\n    sha265: abc\n",
                "base.tar",
                "x"));
        cases.add(c(
                "a pin that is no digest, a tarball that is not there",
                List.of(
                        "ocisictl.yaml:4:14: tarball @DIR@/gone.tar.gz does not exist; 'tarball' names a root "
                                + "filesystem tarball (plain, .gz, .bz2, .xz or .zst) relative to this YAML file",
                        "ocisictl.yaml:5:13: 'sha256' is 64 hex digits (sha256sum prints them), found 'abc'"),
                "ocisictl.yaml",
                base + "  rootfs:\n    tarball: gone.tar.gz\n    sha256: abc\n"));
        cases.add(c(
                "tarball and debootstrap at once",
                List.of("ocisictl.yaml:6:5: 'rootfs' takes either 'tarball' or 'debootstrap', not both (the other "
                        + "is at ocisictl.yaml:4:5); remove one"),
                "ocisictl.yaml",
                base + "  rootfs:\n    tarball: base.tar\n    sha256: " + "a".repeat(64)
                        + "\n    debootstrap: {suite: bookworm}\n",
                "base.tar",
                "x"));
        cases.add(c(
                "debootstrap values of the wrong shape",
                List.of(
                        "ocisictl.yaml:6:16: variant 'minimal' is none of minbase, buildd, default",
                        "ocisictl.yaml:7:17: package 'git vim' is not a Debian package name; write one per list "
                                + "item, e.g. [git, vim]",
                        "ocisictl.yaml:8:15: mirror 'ftp://x/debian' is not an http://, https:// or file:// URL, e.g. "
                                + "http://deb.debian.org/debian"),
                "ocisictl.yaml",
                base + "  rootfs:\n    debootstrap:\n      suite: bookworm\n"
                        + "      variant: minimal\n      packages: [git vim]\n      mirror: ftp://x/debian\n"));
        cases.add(c(
                "debootstrap without a suite",
                List.of("ocisictl.yaml:4:18: 'debootstrap' needs 'suite': the Debian suite to install, e.g. bookworm"),
                "ocisictl.yaml",
                base + "  rootfs:\n    debootstrap: {packages: [git]}\n"));
        cases.add(c(
                "Containerfile keys on an image made from a root filesystem",
                List.of(
                        "ocisictl.yaml:3:3: image 'base' is made from 'rootfs', which has no Containerfile, so "
                                + "'containerfile' has nothing to apply to: remove it",
                        "ocisictl.yaml:4:3: image 'base' is made from 'rootfs', which has no Containerfile, so "
                                + "'args' has nothing to apply to: remove it"),
                "ocisictl.yaml",
                base + "  containerfile: Containerfile\n  args: {A: b}\n"
                        + "  rootfs: {debootstrap: {suite: bookworm}}\n"));
        cases.add(c(
                "rootfs in defaults",
                List.of("ocisictl.yaml:3:3: 'rootfs' cannot have a default: it makes an image without a "
                        + "Containerfile; write it on that image's item"),
                "ocisictl.yaml",
                "defaults:\n  enabled: true\n  rootfs: {debootstrap: {suite: bookworm}}\n"
                        + "images:\n  - name: a\n    path: img\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "missing name",
                List.of("ocisictl.yaml:1:3: this image has no 'name'; every image needs a name"),
                "ocisictl.yaml",
                "- path: img\n  enabled: true\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "missing path",
                List.of("ocisictl.yaml:1:3: image 'a' has no 'path': the folder that holds its Containerfile"),
                "ocisictl.yaml",
                "- name: a\n  enabled: true\n"));
        cases.add(c(
                "missing enabled",
                List.of("ocisictl.yaml:1:3: image 'a' has no 'enabled': write 'enabled: true' to build it or "
                        + "'enabled: false' to keep it aside"),
                "ocisictl.yaml",
                "- name: a\n  path: img\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "enabled is no boolean",
                List.of("ocisictl.yaml:3:12: 'enabled' must be true or false, found the string \"maybe\""),
                "ocisictl.yaml",
                "- name: a\n  path: img\n  enabled: maybe\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "enabled quoted",
                List.of("ocisictl.yaml:3:12: 'enabled' must be true or false, found the string \"false\" "
                        + "(write it without quotes)"),
                "ocisictl.yaml",
                "- name: a\n  path: img\n  enabled: \"false\"\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "assemble is a number",
                List.of("ocisictl.yaml:4:13: 'assemble' must be true or false, found the number 1"),
                "ocisictl.yaml",
                ITEM_A + "  assemble: 1\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "name is a list",
                List.of("ocisictl.yaml:1:9: 'name' takes a single value, found a list"),
                "ocisictl.yaml",
                "- name: [a, b]\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "name in upper case",
                List.of("ocisictl.yaml:1:9: 'Fedora_Base' is no valid image name: lower-case letters and digits, "
                        + "separated by '.', '_', '__' or dashes; try 'fedora_base'"),
                "ocisictl.yaml",
                "- name: Fedora_Base\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "name with a slash",
                List.of("ocisictl.yaml:1:9: image name 'tools/python' must be a single name without '/': ocisi "
                        + "tags it as localhost/<name>:<tag>"),
                "ocisictl.yaml",
                "- name: tools/python\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "name with a tag",
                List.of("ocisictl.yaml:1:9: image name 'a:1' must not hold a tag; write the tag under 'tag:'"),
                "ocisictl.yaml",
                "- name: a:1\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "tag starting with a dash",
                List.of("ocisictl.yaml:4:8: '-x' is no valid tag: a tag is 1 to 128 letters, digits, '_', '.' or "
                        + "'-', not starting with '.' or '-'"),
                "ocisictl.yaml",
                ITEM_A + "  tag: \"-x\"\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "tag with a slash",
                List.of("ocisictl.yaml:4:8: 'v1/2' is no valid tag: a tag is 1 to 128 letters, digits, '_', '.' or "
                        + "'-', not starting with '.' or '-'"),
                "ocisictl.yaml",
                ITEM_A + "  tag: v1/2\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "unknown manager",
                List.of("ocisictl.yaml:4:12: manager 'dokcer' is neither docker nor podman; did you mean 'docker'?"),
                "ocisictl.yaml",
                ITEM_A + "  manager: dokcer\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "missing folder",
                List.of("ocisictl.yaml:2:9: folder 'nope' does not exist; 'path' names the folder that holds the "
                        + "Containerfile, relative to the hierarchy file"),
                "ocisictl.yaml",
                "- name: a\n  path: nope\n  enabled: true\n"));
        cases.add(c(
                "missing Containerfile",
                List.of("ocisictl.yaml:1:9: Containerfile 'img/Containerfile.b' does not exist; ocisi looks for "
                        + "Containerfile.<name> in 'path', or set 'containerfile:'"),
                "ocisictl.yaml",
                "- name: b\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "missing Containerfile.img-dx",
                List.of("ocisictl.yaml:1:9: Containerfile 'img/Containerfile.img-dx' does not exist; a -dx image is "
                        + "built from the shared Containerfile.img-dx in 'path', or set 'containerfile:'"),
                "ocisictl.yaml",
                "- name: a-dx\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "missing named containerfile",
                List.of("ocisictl.yaml:4:18: Containerfile 'img/Dockerfile' does not exist"),
                "ocisictl.yaml",
                ITEM_A + "  containerfile: Dockerfile\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "name and tag declared twice",
                List.of("ocisictl.yaml:4:9: a:latest is declared twice: here and at ocisictl.yaml:1:9; remove one or "
                        + "give it another tag"),
                "ocisictl.yaml",
                ITEM_A + "- name: a\n  path: img\n  enabled: false\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "key given twice",
                List.of("ocisictl.yaml:4:3: key 'enabled' is given twice; the first is at ocisictl.yaml:3:3 "
                        + "(remove one)"),
                "ocisictl.yaml",
                ITEM_A + "  enabled: false\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "args as a list",
                List.of("ocisictl.yaml:4:9: 'args' is a mapping of names to values, found a list"),
                "ocisictl.yaml",
                ITEM_A + "  args: [A=1]\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "an arg's value is a list",
                List.of("ocisictl.yaml:6:8: 'args.B' takes a single value, found a list"),
                "ocisictl.yaml",
                ITEM_A + "  args:\n    A: 1\n    B: [1, 2]\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "bad arg name",
                List.of("ocisictl.yaml:6:5: '1X' is no valid build argument name: letters, digits and '_', not "
                        + "starting with a digit"),
                "ocisictl.yaml",
                ITEM_A + "  args:\n    A: 1\n    1X: y\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "bad distrobox name",
                List.of("ocisictl.yaml:4:14: 'my box' is no valid distrobox name: letters, digits, '_', '.' and '-', "
                        + "starting with a letter or digit"),
                "ocisictl.yaml",
                ITEM_A + "  distrobox: my box\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "one distrobox from two images",
                List.of("ocisictl.yaml:7:14: distrobox 'a-dx' would be assembled from b-dx:latest here and from "
                        + "a-dx:latest at ocisictl.yaml:1:9; give one of them another 'distrobox:' name"),
                "ocisictl.yaml",
                "- name: a-dx\n  path: img\n  enabled: true\n"
                        + "- name: b-dx\n  path: img\n  enabled: true\n  distrobox: a-dx\n",
                "img/Containerfile.img-dx",
                ALPINE));
        cases.add(c(
                "YAML syntax error",
                List.of("ocisictl.yaml:3:2: this line's indentation does not fit the lines above it: indent it like "
                        + "the other keys of its item (the list or mapping begins at ocisictl.yaml:1:1)"),
                "ocisictl.yaml",
                "- name: a\n  path: img\n enabled: true\n"));
        cases.add(c(
                "tab indentation",
                List.of("ocisictl.yaml:2:1: a tab: YAML indents with spaces only; replace the tab with spaces"),
                "ocisictl.yaml",
                "- name: a\n\tpath: img\n"));
        cases.add(c(
                "empty file",
                List.of("ocisictl.yaml:1:1: the file is empty; it should hold a list of images (see "
                        + "docs/configuration.md)"),
                "ocisictl.yaml",
                "# nothing yet\n"));
        cases.add(c(
                "a scalar at the top",
                List.of("ocisictl.yaml:1:1: expected a list of images, or a mapping with 'images' (and 'defaults'); "
                        + "found the string \"images\""),
                "ocisictl.yaml",
                "images\n"));
        cases.add(c(
                "an item that is no mapping",
                List.of("ocisictl.yaml:4:3: each image is a mapping of keys such as 'name' and 'path', found the "
                        + "string \"fedora\""),
                "ocisictl.yaml",
                ITEM_A + "- fedora\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "two YAML documents",
                List.of("ocisictl.yaml:5:1: a hierarchy file holds one YAML document and this is a second one; "
                        + "remove the '---' or move it to a file of its own"),
                "ocisictl.yaml",
                ITEM_A + "---\n- name: b\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "mapping form: misspelt images",
                List.of(
                        "ocisictl.yaml:1:1: the file has no 'images': list the images under it",
                        "ocisictl.yaml:3:1: unknown key 'image' at the top level; did you mean 'images'?"),
                "ocisictl.yaml",
                "defaults:\n  manager: docker\nimage:\n  - name: a\n"));
        cases.add(c(
                "mapping form: a default name",
                List.of("ocisictl.yaml:2:3: 'name' cannot have a default: every image names itself"),
                "ocisictl.yaml",
                "defaults:\n  name: x\nimages:\n  - name: a\n    path: img\n    enabled: true\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "mapping form: images as a mapping",
                List.of("ocisictl.yaml:1:9: 'images' is a list of images, found a mapping"),
                "ocisictl.yaml",
                "images: {a: 1}\n"));
        cases.add(c(
                "bad manager in the environment",
                List.of("ocisictl.yaml:1:3: this image takes its manager from DBX_CONTAINER_MANAGER='lxc', which is "
                        + "neither docker nor podman; set 'manager:' or fix the variable"),
                "ocisictl.yaml",
                ITEM_A + "- name: b\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                ALPINE,
                "img/Containerfile.b",
                ALPINE,
                "env:DBX_CONTAINER_MANAGER",
                "lxc"));
        cases.add(c(
                "several problems at once",
                List.of(
                        "ocisictl.yaml:1:3: image 'a' has no 'path': the folder that holds its Containerfile",
                        "ocisictl.yaml:2:12: 'enabled' must be true or false, found the string \"sure\"",
                        "ocisictl.yaml:3:3: unknown key 'manger'; did you mean 'manager'?",
                        "ocisictl.yaml:5:12: manager 'lxd' is neither docker nor podman"),
                "ocisictl.yaml",
                "- name: a\n  enabled: sure\n  manger: docker\n"
                        + "- name: b\n  manager: lxd\n  path: img\n  enabled: true\n",
                "img/Containerfile.b",
                ALPINE));
        // --- the Containerfiles and the graph
        cases.add(c(
                "unknown explicit parent",
                List.of("ocisictl.yaml:4:11: unknown parent 'ghost': no image of the hierarchy has that name"),
                "ocisictl.yaml",
                ITEM_A + "  parent: ghost\n",
                "img/Containerfile.a",
                ALPINE));
        cases.add(c(
                "ambiguous explicit parent",
                List.of("ocisictl.yaml:4:11: parent 'b' is ambiguous: the hierarchy has b:1, b:2; write name:tag"),
                "ocisictl.yaml",
                ITEM_A + "  parent: b\n"
                        + "- name: b\n  tag: 1\n  path: img\n  enabled: true\n"
                        + "- name: b\n  tag: 2\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                ALPINE,
                "img/Containerfile.b",
                ALPINE));
        cases.add(c(
                "explicit parent contradicts FROM",
                List.of("ocisictl.yaml:4:11: 'parent: c' contradicts FROM b at img/Containerfile.a:1:6, which names "
                        + "b:latest; remove 'parent:' or change the FROM line"),
                "ocisictl.yaml",
                ITEM_A + "  parent: c\n"
                        + "- name: b\n  path: img\n  enabled: true\n- name: c\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                "FROM b\n",
                "img/Containerfile.b",
                ALPINE,
                "img/Containerfile.c",
                ALPINE));
        cases.add(c(
                "FROM with an argument that has no value",
                List.of("img/Containerfile.a:2:6: FROM ${BASE} uses BASE, which has no value: declare it with a "
                        + "default (ARG BASE=...) before the first FROM, give it under 'args:', or name the parent "
                        + "with 'parent:'"),
                "ocisictl.yaml",
                ITEM_A,
                "img/Containerfile.a",
                "ARG BASE\nFROM ${BASE}\n"));
        cases.add(c(
                "no FROM at all",
                List.of("img/Containerfile.a:1:1: the Containerfile has no FROM instruction"),
                "ocisictl.yaml",
                ITEM_A,
                "img/Containerfile.a",
                "RUN true\n"));
        cases.add(c(
                "FROM an invalid reference",
                List.of("img/Containerfile.a:1:6: 'Alpine' in 'Alpine:3' is no repository name (repository names "
                        + "are lower case)"),
                "ocisictl.yaml",
                ITEM_A,
                "img/Containerfile.a",
                "FROM Alpine:3\n"));
        cases.add(c(
                "an instruction before FROM",
                List.of("img/Containerfile.a:2:1: LABEL comes before the first FROM; only ARG may stand there"),
                "ocisictl.yaml",
                ITEM_A,
                "img/Containerfile.a",
                "# base\nLABEL x=y\n" + ALPINE));
        cases.add(c(
                "FROM with extra words",
                List.of("img/Containerfile.a:1:18: FROM takes an image and an optional 'AS name', found "
                        + "'alpine:3.20 build'"),
                "ocisictl.yaml",
                ITEM_A,
                "img/Containerfile.a",
                "FROM alpine:3.20 build\n"));
        cases.add(c(
                "a cycle of two",
                List.of("img/Containerfile.a:1:6: cycle in the hierarchy: a:latest is built FROM b:latest "
                        + "(img/Containerfile.a:1:6), b:latest is built FROM a:latest (img/Containerfile.b:1:6); "
                        + "change one of these lines"),
                "ocisictl.yaml",
                ITEM_A + "- name: b\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                "FROM b:latest\n",
                "img/Containerfile.b",
                "FROM localhost/a\n"));
        cases.add(c(
                "a cycle of three, in order",
                List.of("img/Containerfile.a:1:6: cycle in the hierarchy: a:latest is built FROM b:latest "
                        + "(img/Containerfile.a:1:6), b:latest is built FROM c:latest (img/Containerfile.b:1:6), "
                        + "c:latest is built FROM a:latest (img/Containerfile.c:2:6); change one of these lines"),
                "ocisictl.yaml",
                ITEM_A + "- name: b\n  path: img\n  enabled: true\n" + "- name: c\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                "FROM b\n",
                "img/Containerfile.b",
                "FROM c\n",
                "img/Containerfile.c",
                "FROM alpine AS tools\nFROM a\nCOPY --from=tools /x /x\n"));
        cases.add(c(
                "an enabled image on a disabled parent",
                List.of("ocisictl.yaml:3:12: a:latest is enabled but is built FROM b:latest (img/Containerfile.a:1:6), "
                        + "which is disabled at ocisictl.yaml:6:12; enable b:latest or disable a:latest"),
                "ocisictl.yaml",
                ITEM_A + "- name: b\n  path: img\n  enabled: false\n",
                "img/Containerfile.a",
                "FROM b\n",
                "img/Containerfile.b",
                ALPINE));
        cases.add(c(
                "a parent under another manager",
                List.of("ocisictl.yaml:4:12: a:latest uses manager docker but is built FROM b:latest "
                        + "(img/Containerfile.a:1:6), which uses podman (ocisictl.yaml:8:12); their image stores "
                        + "differ, so docker cannot see it: give both the same manager"),
                "ocisictl.yaml",
                ITEM_A + "  manager: docker\n- name: b\n  path: img\n  enabled: true\n" + "  manager: podman\n",
                "img/Containerfile.a",
                "FROM b\n",
                "img/Containerfile.b",
                ALPINE));
        cases.add(c(
                "localhost parent with a tag the hierarchy lacks",
                List.of("img/Containerfile.a:1:6: unknown parent: localhost/b:2 names b with tag 2, but the "
                        + "hierarchy has only b:1; fix the tag or add that image to the hierarchy"),
                "ocisictl.yaml",
                ITEM_A + "- name: b\n  tag: 1\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                "FROM localhost/b:2\n",
                "img/Containerfile.b",
                ALPINE));
        cases.add(c(
                "an image FROM its own short name",
                List.of("img/Containerfile.debian:1:6: debian:bookworm names this very image (debian:bookworm) by "
                        + "its short name, which resolves to the image ocisi built last time; write the registry's "
                        + "full name, e.g. docker.io/library/debian:bookworm"),
                "ocisictl.yaml",
                "- name: debian\n  tag: bookworm\n  path: img\n  enabled: true\n",
                "img/Containerfile.debian",
                "FROM debian:bookworm\n"));
        cases.add(c(
                "COPY --from an unknown tag of a hierarchy image, with a bad FROM",
                List.of(
                        "img/Containerfile.a:1:6: 'Fedora' in 'quay.io/Fedora' is no repository name (repository "
                                + "names are lower case)",
                        "img/Containerfile.a:2:13: warning: b:9 names b with tag 9, but the hierarchy has only "
                                + "b:latest; it is taken as an image from a registry"),
                "ocisictl.yaml",
                ITEM_A + "- name: b\n  path: img\n  enabled: true\n",
                "img/Containerfile.a",
                "FROM quay.io/Fedora\nCOPY --from=b:9 /x /x\n",
                "img/Containerfile.b",
                ALPINE));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void answersWithTheExactProblems(Case bad) {
        Fixture fixture = new Fixture(dir);
        for (int i = 0; i < bad.files().size(); i += 2) {
            String path = bad.files().get(i);
            if (path.startsWith("env:")) {
                fixture.env(path.substring(4), bad.files().get(i + 1));
            } else {
                fixture.write(path, bad.files().get(i + 1));
            }
        }
        // a file named in a message is absolute: the test folder stands where the case writes KERNEL
        HostResources host = HostResources.current();
        assertEquals(
                bad.expected().stream()
                        .map(l -> l.replace("KERNEL", dir.resolve("vmlinuz").toString())
                                .replace("@DIR@", dir.toString())
                                .replace("@CPUS@", String.valueOf(host.cpus()))
                                .replace("@MEMORY@", host.memoryText()))
                        .toList(),
                fixture.problems());
    }

    @Test
    void aMissingFileNamesItsAbsolutePath() {
        Fixture fixture = new Fixture(dir);
        assertEquals(
                List.of("nope.yaml:1:1: no such hierarchy file (" + dir.resolve("nope.yaml") + ")"),
                fixture.problems("nope.yaml"));
    }

    @Test
    void aNameDeclaredInTwoFilesIsReportedWithBothPlaces() {
        Fixture fixture = new Fixture(dir)
                .write("ocisictl.yaml", ITEM_A)
                .write("img/Containerfile.a", ALPINE)
                .write("more/other.yaml", "- name: a\n  path: ../img\n  enabled: false\n");
        assertEquals(
                List.of("more/other.yaml:1:9: a:latest is declared twice: here and at ocisictl.yaml:1:9; "
                        + "remove one or give it another tag"),
                fixture.problems("ocisictl.yaml", "more/other.yaml"));
    }
}
