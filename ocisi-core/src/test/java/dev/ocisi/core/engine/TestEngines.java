package dev.ocisi.core.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The real engines the tests run against, started by scripts/engines.sh (CI runs it through scripts/test.sh). A test
 * whose engine is not there fails with the fix in its message; none is skipped.
 */
public final class TestEngines {

    /** Every image a test makes carries this label, so that the test removes exactly its own. */
    public static final String TEST_LABEL = "dev.ocisi.test";

    private static Path busyboxTar;

    /** Scratch folders of this test JVM, removed when it ends: a test run leaves the temp folder as it found it. */
    private static final List<Path> SCRATCH = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The CLI of each engine on "another machine", with how to reach it. */
    private static final Map<ContainerEngine, List<String>> REMOTE_CLIS =
            new java.util.concurrent.ConcurrentHashMap<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> SCRATCH.forEach(folder -> {
                    try {
                        Trees.delete(folder);
                    } catch (IOException e) {
                        System.err.println("cannot remove " + folder + ": " + e.getMessage());
                    }
                })));
    }

    private TestEngines() {}

    public static ContainerEngine podmanCli() throws EngineException {
        return reachable(PodmanCliEngine.onPath(), "podman CLI");
    }

    public static ContainerEngine dockerApiOnPodman() throws EngineException {
        return reachable(
                new DockerApiEngine(new EndpointDiscovery(System.getenv()).podman(Optional.empty())),
                "podman's API service");
    }

    public static ContainerEngine dockerApiOnDockerd() throws EngineException {
        return reachable(
                new DockerApiEngine(new EndpointDiscovery(System.getenv()).docker(Optional.empty())), "dockerd");
    }

    /** The Docker API on the tests' TLS dockerd, as discovery finds it from DOCKER_HOST and the TLS variables. */
    public static ContainerEngine dockerOverTls() throws Exception {
        TlsDockerd dockerd = TlsDockerd.shared();
        ContainerEngine engine = reachable(
                new DockerApiEngine(new EndpointDiscovery(dockerd.environment()).docker(Optional.of(dockerd.host))),
                "the tests' TLS dockerd");
        REMOTE_CLIS.put(
                engine,
                List.of(
                        dockerCli(),
                        "--host",
                        dockerd.host,
                        "--tlsverify",
                        "--tlscacert",
                        dockerd.clientCerts.resolve("ca.pem").toString(),
                        "--tlscert",
                        dockerd.clientCerts.resolve("cert.pem").toString(),
                        "--tlskey",
                        dockerd.clientCerts.resolve("key.pem").toString()));
        return engine;
    }

    /** The Docker API on the machine's dockerd through an ssh tunnel to the tests' sshd, as for ssh:// hosts. */
    public static ContainerEngine dockerOverSsh() throws Exception {
        SshService ssh = SshService.shared();
        SshTunnel tunnel = SshTunnel.open(ssh.url(""), "/var/run/docker.sock", Optional.of(ssh.key), ssh.environment());
        ContainerEngine engine = reachable(
                new DockerApiEngine(new Endpoint("unix://" + tunnel.socket(), "the tests' sshd"), tunnel),
                "dockerd through ssh");
        REMOTE_CLIS.put(engine, List.of(dockerCli()));
        return engine;
    }

    /** The podman CLI with {@code --url ssh://...} to podman's service through the tests' sshd. */
    public static ContainerEngine podmanOverSsh() throws Exception {
        SshService ssh = SshService.shared();
        List<String> remote = EngineSettings.defaults()
                .withPodmanHost(Optional.of(ssh.url("/run/podman/podman.sock")))
                .withSshKey(Optional.of(ssh.key))
                .podmanRemoteOptions();
        ContainerEngine engine = reachable(
                new PodmanCliEngine("podman", remote, command -> {
                    ProcessBuilder builder = new ProcessBuilder(command);
                    builder.environment().putAll(ssh.environment());
                    return builder;
                }),
                "podman's API service over ssh");
        // the same service as the machine's podman: the plain CLI reaches it without the known_hosts dance
        REMOTE_CLIS.put(engine, List.of("podman"));
        return engine;
    }

    private static ContainerEngine reachable(ContainerEngine engine, String what) throws EngineException {
        try {
            engine.info();
            return engine;
        } catch (EngineException e) {
            throw new EngineException(
                    what + " is needed by this test and cannot be reached; run the tests with "
                            + "`bash scripts/test.sh`, or `source scripts/engines.sh && engines_start` first. "
                            + e.getMessage(),
                    e);
        }
    }

    /** Runs a command in the folder; its failure fails the test with the command's output. */
    public static void runIn(Path folder, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    /** A name no other test run uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new folder in the temp folder, removed with all it holds when the test JVM ends. */
    public static Path scratchFolder(String prefix) throws IOException {
        Path folder = Files.createTempDirectory(prefix);
        SCRATCH.add(folder);
        return folder;
    }

    /**
     * The environment of a podman image store of its own in {@code folder} (standing for another machine, or for a
     * store a test may damage or stress): the machine's store is never touched. Remove it with {@link #removeStore}.
     */
    public static Map<String, String> throwawayStore(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path conf = folder.resolve("storage.conf");
        // rootless podman takes the graph root only from rootless_storage_path, its run root and its own state only
        // from XDG_RUNTIME_DIR: as a user, the store gets a runtime folder of its own, or it would be the user's store
        Files.writeString(
                conf,
                "[storage]\ndriver = \"overlay\"\ngraphroot = \"" + folder.resolve("graph")
                        + "\"\nrunroot = \"" + folder.resolve("run") + "\"\nrootless_storage_path = \""
                        + folder.resolve("graph") + "\"\n");
        // podman's own state (the 'alive' file, locks) lives in tmp_dir, /run/libpod for every store: the
        // throwaway store gets its own, so that resetting it cannot touch the machine's podman
        String machineConf = System.getenv("CONTAINERS_CONF");
        String settings = machineConf == null ? "" : Files.readString(Path.of(machineConf));
        String tmpDir = "tmp_dir = \"" + folder.resolve("libpod-tmp") + "\"";
        settings = settings.contains("[engine]")
                ? settings.replace("[engine]", "[engine]\n" + tmpDir)
                : settings + "\n[engine]\n" + tmpDir + "\n";
        Path containersConf = Files.writeString(folder.resolve("containers.conf"), settings);
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        environment.put("CONTAINERS_STORAGE_CONF", conf.toString());
        environment.put("CONTAINERS_CONF", containersConf.toString());
        if (!"root".equals(System.getProperty("user.name"))) {
            Path runtime = folder.resolve("runtime");
            Files.createDirectories(
                    runtime, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            environment.put("XDG_RUNTIME_DIR", runtime.toString());
        }
        return Map.copyOf(environment);
    }

    /** Empties a throwaway store with podman's own reset, then removes its folder. */
    public static void removeStore(Map<String, String> environment, Path folder) throws IOException {
        ProcessBuilder reset = new ProcessBuilder("podman", "system", "reset", "--force").redirectErrorStream(true);
        reset.environment().putAll(environment);
        // a user's store had a user namespace of its own: its pause process goes with it (the reset removes its pid
        // file)
        Path pauseFile = folder.resolve("libpod-tmp/pause.pid");
        Optional<ProcessHandle> pause = Files.isRegularFile(pauseFile)
                ? ProcessHandle.of(Long.parseLong(Files.readString(pauseFile).strip()))
                : Optional.empty();
        Process process = reset.start();
        process.getInputStream().readAllBytes();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while emptying the store in " + folder, e);
        }
        pause.ifPresent(ProcessHandle::destroyForcibly);
        Trees.delete(folder);
    }

    /** The podman CLI on a store of its own. */
    public static PodmanCliEngine podmanCli(Map<String, String> environment) {
        return new PodmanCliEngine("podman", command -> {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            return builder;
        });
    }

    /** A root filesystem of busybox-static (the shell and its applets) as a tar, made once per test JVM. */
    public static synchronized Path busyboxRootfs() throws IOException, InterruptedException {
        if (busyboxTar == null) {
            busyboxTar = busyboxRootfs(Path.of("/bin/busybox"));
        }
        return busyboxTar;
    }

    /**
     * A root of {@code busybox} and its applets' links: this machine's, or another platform's (the applets are named
     * by this machine's busybox, of the same Debian release, so that the other one need not run).
     */
    public static Path busyboxRootfs(Path busybox) throws IOException, InterruptedException {
        Path scratch = scratchFolder("ocisi-busybox-");
        Path root = Files.createDirectories(scratch.resolve("root"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(busybox, bin.resolve("busybox"));
        Process list = new ProcessBuilder("/bin/busybox", "--list").start();
        for (String applet : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet.trim()), Path.of("busybox"));
            }
        }
        Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Path tar = scratch.resolve("busybox.tar");
        Process process = new ProcessBuilder("tar", "-C", root.toString(), "-cf", tar.toString(), ".")
                .inheritIO()
                .start();
        if (process.waitFor() != 0) {
            throw new IOException("tar failed");
        }
        return tar;
    }

    /** Roots of this machine's busybox and arm64's, as tarballs. */
    public record PlatformRoots(Path amd64, Path arm64) {}

    /**
     * The roots of the tests that build for amd64 and arm64 (arm64's under QEMU): they run on an amd64 machine, whose
     * own busybox is amd64's.
     */
    public static PlatformRoots amd64AndArm64Roots() throws IOException, InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dev.ocisi.core.config.Platform.machine().toString().equals("linux/amd64"),
                "the other platform here is arm64, whose busybox the test command fetches: an amd64 machine's");
        return new PlatformRoots(busyboxRootfs(), busyboxRootfs(arm64Busybox()));
    }

    /** Debian's busybox-static for arm64 ($OCISI_BUSYBOX_ARM64, which scripts/test.sh unpacks), for emulated builds. */
    public static Path arm64Busybox() {
        return Path.of(toolFromEnvironment(
                "OCISI_BUSYBOX_ARM64", "Debian's busybox-static for arm64", "unpacks with scripts/debs.sh"));
    }

    /** Imports busybox as {@code reference}, labelled for the test's cleanup. */
    public static String importBusybox(ContainerEngine engine, String reference, String testId)
            throws IOException, InterruptedException, EngineException {
        String id = engine.importRootfs(busyboxRootfs(), Map.of(TEST_LABEL, testId), List.of("CMD [\"/bin/sh\"]"));
        engine.tag(id, reference);
        return id;
    }

    /**
     * Removes every image the test made: tags first, then the images, children before parents. podman leaves a build
     * container behind when a build is interrupted or killed (the interruption tests do that on purpose); those of
     * this test's images go first, found by image name.
     */
    public static void removeTestImages(ContainerEngine engine, String testId) throws EngineException {
        removePodmanBuildContainers(testId);
        removeTestContainers(testId, cli(engine));
        for (int pass = 0; pass < 6; pass++) {
            List<ImageSummary> left = engine.listByLabels(Map.of(TEST_LABEL, testId));
            if (left.isEmpty()) {
                return;
            }
            for (ImageSummary image : left) {
                for (String tag : image.tags()) {
                    engine.remove(tag);
                }
                engine.remove(image.id());
            }
        }
        throw new AssertionError("images of test " + testId + " are still there, held by a container: "
                + engine.listByLabels(Map.of(TEST_LABEL, testId)));
    }

    /**
     * Creates (does not start) a container from the image, named after the test, with the engine's own CLI: ocisi
     * itself never creates containers outside distrobox.
     */
    public static String createContainer(ContainerEngine engine, String image, String testId) throws Exception {
        String name = uniqueName(testId + "-box");
        List<String> command = new ArrayList<>(cli(engine));
        command.addAll(List.of("create", "--name", name, image, "true"));
        Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (create.waitFor() != 0) {
            throw new IllegalStateException("cannot create a container from " + image + ": " + output);
        }
        return name;
    }

    /**
     * The engine's own CLI, with what sends it to the same place: dockerd's for dockerd, else podman's (its API
     * service shares the CLI's store); the remote engines' with their address, keys and certificates.
     */
    public static List<String> cli(ContainerEngine engine) throws EngineException {
        List<String> remote = REMOTE_CLIS.get(engine);
        if (remote != null) {
            return remote;
        }
        if (!engine.info().kind().contains("dockerd")) {
            return List.of("podman");
        }
        return List.of(dockerCli());
    }

    /** The docker command: /usr/bin/docker when there, since a newer one without buildx may come first on PATH. */
    public static String dockerCli() {
        return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }

    private static void removeTestContainers(String testId, List<String> engineCli) {
        for (List<String> cli : List.of(List.of("podman"), List.of(dockerCli()), engineCli)) {
            try {
                List<String> ps = new ArrayList<>(cli);
                ps.addAll(List.of("ps", "--all", "--filter", "name=" + testId, "--format", "{{.ID}}"));
                Process list = new ProcessBuilder(ps).start();
                String output = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                list.waitFor();
                for (String id : output.split("\n")) {
                    if (!id.isBlank()) {
                        List<String> rm = new ArrayList<>(cli);
                        rm.addAll(List.of("rm", "--force", id.trim()));
                        new ProcessBuilder(rm).start().waitFor();
                    }
                }
            } catch (IOException e) {
                // no such CLI on this machine: then it made no container either
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void removePodmanBuildContainers(String testId) {
        try {
            Process list =
                    new ProcessBuilder("podman", "ps", "--all", "--external", "--format", "{{.ID}} {{.Image}}").start();
            String output = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            list.waitFor();
            for (String line : output.split("\n")) {
                String[] fields = line.trim().split(" ");
                if (fields.length == 2 && fields[1].contains(testId)) {
                    new ProcessBuilder("podman", "rm", "--force", fields[0])
                            .start()
                            .waitFor();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The devcontainers CLI scripts/test.sh installs, pinned ($OCISI_DEVCONTAINER_CLI). */
    public static String devcontainerCli() {
        return toolFromEnvironment(
                "OCISI_DEVCONTAINER_CLI", "the devcontainers CLI", "installs with scripts/devcontainer-cli.sh");
    }

    /**
     * containers/image's own sigstore signing and verification ($OCISI_SKOPEO: Debian 13's skopeo, which
     * scripts/test.sh unpacks with scripts/sigstore-skopeo.sh; Debian 12's podman and skopeo have it cut out).
     */
    public static String sigstoreSkopeo() {
        return toolFromEnvironment(
                "OCISI_SKOPEO", "the skopeo with sigstore", "unpacks with scripts/sigstore-skopeo.sh");
    }

    /** A program the test command provides through an environment variable, else a failure that says where from. */
    private static String toolFromEnvironment(String variable, String what, String how) {
        String program = System.getenv(variable);
        if (program == null || !java.nio.file.Files.isExecutable(Path.of(program))) {
            throw new IllegalStateException("this test needs $" + variable + ", " + what + " that scripts/test.sh "
                    + how + "; run the tests with `bash scripts/test.sh`");
        }
        return program;
    }

    /**
     * Where VmDiskBootTest leaves the Debian kernel and initrd it made (vmlinuz, initrd.img), beside
     * $OCISI_BOX_ROOTFS: the plugin's boot-run case, which the test command runs after the core tests, boots them.
     */
    public static Path vmKernelFolder() {
        return debianRootfs().resolveSibling("vm-kernel");
    }

    /** The Debian root filesystem scripts/test.sh makes ($OCISI_BOX_ROOTFS), for the box and VM tests. */
    public static Path debianRootfs() {
        String rootfs = System.getenv("OCISI_BOX_ROOTFS");
        if (rootfs == null || !java.nio.file.Files.isRegularFile(Path.of(rootfs))) {
            throw new IllegalStateException("this test needs $OCISI_BOX_ROOTFS, the Debian root filesystem "
                    + "scripts/test.sh makes with scripts/debian-rootfs.sh; run the tests with `bash scripts/test.sh`");
        }
        return Path.of(rootfs);
    }
}
