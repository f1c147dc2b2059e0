package dev.ocisi.core.doctor;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.distrobox.DistroboxCli;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.DamagedImages;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineInfo;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.problem.ToolException;
import dev.ocisi.core.vm.VmBooter;
import dev.ocisi.core.vm.VmException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks what ocisi needs on this machine and says how to fix what is missing: the engines (reached, their versions,
 * whether a container runs), distrobox, the VM tools and KVM, and free disk. {@code process} runs the engine checks
 * it needs first, so that a machine problem fails in a second with its fix instead of at the first RUN step.
 */
public final class Doctor {

    private static final long LOW_DISK = 10L << 30;

    private final EngineSettings settings;
    private final Map<String, String> environment;
    private final CommandRunner runner;

    public Doctor(EngineSettings settings, Map<String, String> environment, CommandRunner runner) {
        this.settings = settings;
        this.environment = environment;
        this.runner = runner;
    }

    /** Every check. */
    public List<Finding> all(String distrobox, Path vmRoot) {
        List<Finding> findings = new ArrayList<>(engines(List.of(Manager.PODMAN)));
        findings.addAll(imageStore());
        // dockerd matters only to images with 'manager: docker': without it, a warning
        engines(List.of(Manager.DOCKER)).stream().map(Doctor::asWarning).forEach(findings::add);
        findings.add(podmanApi());
        findings.add(distrobox(distrobox));
        // needed only by items made by debootstrap, which process checks for itself
        findings.add(asWarning(debootstrap(isRoot())));
        findings.addAll(vm(vmRoot));
        if (isRoot()) {
            findings.addAll(disk(List.of(Path.of("/var/lib/containers"), Path.of("/var/lib/docker"), vmRoot)));
        } else {
            findings.addAll(rootless());
            storageDriver().ifPresent(findings::add);
            findings.addAll(disk(List.of(userStore(), vmRoot)));
        }
        return findings;
    }

    /**
     * What rootless podman needs of the machine and the user, read from files only (process runs it before every
     * build, and a no-op run should not pay for another podman call); nothing for root.
     */
    public List<Finding> rootless() {
        return isRoot() ? List.of() : new RootlessCheck(Path.of("/"), RunUser.current(), environment).all();
    }

    /** Whether the kernel runs each of {@code platforms} that is not this machine's own, under QEMU. */
    public List<Finding> emulation(Collection<Platform> platforms) {
        return new EmulationCheck(EmulationCheck.BINFMT, Path.of("/")).check(platforms);
    }

    /** The user's podman store's driver: vfs copies every layer. */
    private Optional<Finding> storageDriver() {
        try {
            CommandRunner.Result info = runner.run(List.of(
                    settings.podmanExecutable(),
                    "info",
                    "--format",
                    "{{.Store.GraphDriverName}} {{.Store.GraphRoot}}"));
            String[] store = info.stdout().strip().split(" ", 2);
            if (info.ok() && store[0].equals("vfs")) {
                String where = store.length > 1 ? store[1] : "your store";
                return Optional.of(Finding.warning(
                        "storage driver",
                        "vfs for " + where + ": every layer is a "
                                + "full copy (slow, large), and distrobox's boxes may not read their own files",
                        "write [storage] driver = \"overlay\" in ~/.config/containers/storage.conf (Linux 5.13 or "
                                + "later; else install fuse-overlayfs), then: podman system reset"));
            }
            return info.ok() ? Optional.of(Finding.ok("storage driver", store[0])) : Optional.empty();
        } catch (ToolException e) {
            // podman itself is the engine check's to report
            return Optional.empty();
        }
    }

    /** Where a user's rootless podman keeps its images, unless a storage.conf says otherwise. */
    private Path userStore() {
        String data = environment.get("XDG_DATA_HOME");
        Path base = data != null && !data.isBlank()
                ? Path.of(data)
                : Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".local/share");
        return base.resolve("containers");
    }

    /** A problem for some hierarchies only, shown as a warning where the hierarchy is not known. */
    private static Finding asWarning(Finding finding) {
        return finding.status() == Finding.Status.PROBLEM
                ? new Finding(finding.subject(), Finding.Status.WARNING, finding.detail(), finding.fix())
                : finding;
    }

    /**
     * What makes debootstrap items: debootstrap as root (it makes device nodes and chroots), mmdebstrap in the
     * user's namespace for a user without root.
     */
    public Finding debootstrap(boolean root) {
        String program = root ? "debootstrap" : "mmdebstrap";
        String version;
        try {
            CommandRunner.Result result = runner.run(List.of(program, "--version"));
            version = (result.stdout() + result.stderr())
                    .strip()
                    .lines()
                    .findFirst()
                    .orElse(program);
        } catch (ToolException e) {
            return Finding.problem(
                    program,
                    "missing; items with 'rootfs: {debootstrap: ...}' need it"
                            + (root
                                    ? ""
                                    : " (debootstrap needs root; mmdebstrap makes the same system in your user "
                                            + "namespace)"),
                    "apt-get install " + program);
        }
        return Finding.ok(
                program,
                version + (root ? "" : ", for debootstrap items (run as a user: in your user " + "namespace)"));
    }

    /** Whether this process runs as root, as /proc/self/status says. */
    public static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(line -> line.startsWith("Uid:") && line.split("\\s+")[1].equals("0"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The engines these managers use: reached, and (podman CLI) able to run a container; each failure a problem. */
    public List<Finding> engines(List<Manager> managers) {
        return engines(managers, true, false);
    }

    /**
     * @param runContainer   also run a test container with the podman CLI (which {@code process} does only before its
     *                       first build: {@link #podmanContainer})
     * @param platformsNamed whether the hierarchy names platforms, which ocisi decides by the machine it runs on
     */
    public List<Finding> engines(List<Manager> managers, boolean runContainer, boolean platformsNamed) {
        List<Finding> findings = new ArrayList<>();
        try (Engines engines = new Engines(settings, environment, Log.SILENT)) {
            for (Manager manager : managers) {
                String subject = manager == Manager.DOCKER
                        ? "Docker API"
                        : settings.podmanAccess() == EngineSettings.PodmanAccess.API ? "podman API" : "podman CLI";
                try {
                    EngineInfo info = engines.info(manager);
                    findings.add(Finding.ok(subject, info.toString()));
                    enginePlatform(subject, info, platformsNamed).ifPresent(findings::add);
                } catch (EngineException e) {
                    findings.add(
                            Finding.problem(
                                    subject,
                                    e.getMessage(),
                                    manager == Manager.DOCKER
                                            ? "start dockerd (apt-get install docker.io; dockerd &), or point -Docisi.dockerHost "
                                                    + "at its socket; images with 'manager: docker' need it"
                                            : "install podman (apt-get install podman), or with -Docisi.podman=api start its "
                                                    + "service: podman system service --time=0 unix:///run/podman/podman.sock"));
                    continue;
                }
                if (runContainer
                        && manager == Manager.PODMAN
                        && settings.podmanAccess() == EngineSettings.PodmanAccess.CLI) {
                    findings.add(podmanContainer());
                }
            }
        }
        return findings;
    }

    /**
     * An engine on a machine of another platform than ocisi's (a remote one): ocisi gives this machine's platform's
     * images the plain names and checks emulation here, so a hierarchy that names platforms would get them wrong
     * there. Without platforms, the engine builds for its own and nothing is decided by ocisi's machine.
     */
    static Optional<Finding> enginePlatform(String subject, EngineInfo info, boolean platformsNamed) {
        Optional<Platform> engine = info.platform().isEmpty() ? Optional.empty() : Platform.parse(info.platform());
        if (!platformsNamed || engine.isEmpty() || engine.get().equals(Platform.machine())) {
            return Optional.empty();
        }
        return Optional.of(Finding.problem(
                subject + " platform",
                info.endpoint() + " runs on " + engine.get() + ", ocisi on " + Platform.machine()
                        + ": with 'platforms', ocisi builds the plain names for the platform it runs on and checks"
                        + " emulation on its own machine",
                "run ocisi on a machine of " + engine.get() + " (or the engine's own), or leave 'platforms' out"));
    }

    /** Runs a test container with the podman CLI, as every RUN step of a build does. */
    public Finding podmanContainer() {
        return new PodmanContainerCheck(runner, settings.podmanExecutable()).run();
    }

    /**
     * podman's image store, listed whole: each damaged image named with its fix. A warning, not a problem: builds
     * still work (ocisi lists by label, which passes over it), but {@code podman images} and other tools fail. Only
     * the doctor lists the whole store: process does not pay for it on every run.
     */
    public List<Finding> imageStore() {
        String subject = "podman image store";
        try (Engines engines = new Engines(settings, environment, Log.SILENT)) {
            ContainerEngine engine = engines.forManager(Manager.PODMAN);
            int images = engine.listByLabels(Map.of()).size();
            List<String> damaged = engine.damagedImages();
            if (damaged.isEmpty()) {
                return List.of(Finding.ok(subject, images + " images, none damaged"));
            }
            return damaged.stream()
                    .map(id -> Finding.warning(subject, DamagedImages.describe(id), DamagedImages.fix(id)))
                    .toList();
        } catch (EngineException e) {
            return List.of(Finding.problem(
                    subject,
                    "cannot be listed: " + e.getMessage(),
                    "see podman's message; `podman system check` (podman 5) or removing the image it names helps"));
        }
    }

    /** podman's Docker API service: optional, so a warning when it is not there. */
    Finding podmanApi() {
        EngineSettings api = settings.withAccess(EngineSettings.PodmanAccess.API);
        try (Engines engines = new Engines(api, environment, Log.SILENT)) {
            return Finding.ok("podman API service", engines.info(Manager.PODMAN).toString());
        } catch (EngineException e) {
            return Finding.warning(
                    "podman API service",
                    "not reached (" + e.getMessage() + "); only " + "-Docisi.podman=api needs it",
                    "podman system service --time=0 unix:///run/podman/podman.sock &");
        }
    }

    Finding distrobox(String executable) {
        try {
            return Finding.ok("distrobox", DistroboxCli.onPath(executable).checkedVersion());
        } catch (ToolException e) {
            return Finding.warning(
                    "distrobox",
                    e.getMessage(),
                    "needed only to assemble boxes (process does, " + "unless -Docisi.skipAssemble)");
        }
    }

    List<Finding> vm(Path vmRoot) {
        List<Finding> findings = new ArrayList<>();
        VmBooter booter = new VmBooter(runner, Log.SILENT);
        try {
            findings.add(Finding.ok("QEMU", booter.qemuVersion()));
            String kvm = booter.kvmVerdict(vmRoot);
            findings.add(
                    kvm.startsWith("no:")
                            ? Finding.warning("KVM", kvm, "VMs still boot, slower; see docs/vm.md")
                            : Finding.ok("KVM", kvm));
        } catch (VmException e) {
            findings.add(Finding.warning("QEMU", e.getMessage(), "needed only for ocisi:boot"));
        }
        for (List<String> tool : List.of(List.of("qemu-img", "--version"), List.of("mkfs.ext4", "-V"))) {
            try {
                CommandRunner.Result result = runner.run(tool);
                String text = (result.stdout() + result.stderr())
                        .strip()
                        .lines()
                        .findFirst()
                        .orElse("");
                findings.add(
                        result.ok()
                                ? Finding.ok(tool.get(0), text)
                                : Finding.warning(
                                        tool.get(0),
                                        text,
                                        "apt-get install " + CommandRunner.debianPackage(tool.get(0))));
            } catch (ToolException e) {
                findings.add(Finding.warning(
                        tool.get(0),
                        "missing; needed only for ocisi:vm",
                        "apt-get install " + CommandRunner.debianPackage(tool.get(0))));
            }
        }
        return findings;
    }

    /** Free space where images and disks go; the first existing parent of each folder is measured. */
    static List<Finding> disk(List<Path> folders) {
        List<Finding> findings = new ArrayList<>();
        Set<String> stores = new HashSet<>();
        for (Path folder : folders) {
            Optional<Path> existing = Optional.of(folder.toAbsolutePath());
            while (existing.isPresent() && !Files.exists(existing.get())) {
                existing = Optional.ofNullable(existing.get().getParent());
            }
            try {
                FileStore store = Files.getFileStore(existing.orElse(Path.of("/")));
                if (!stores.add(store.name() + " " + store.type() + " " + store.getTotalSpace())) {
                    continue;
                }
                long free = store.getUsableSpace();
                String detail = String.format("%.1f GiB free for %s", free / (double) (1L << 30), folder);
                findings.add(
                        free < LOW_DISK
                                ? Finding.warning(
                                        "disk",
                                        detail,
                                        "free some room: images, boxes and "
                                                + "VM disks of a toolchain hierarchy take several GiB (mvn ocisi:clean -Dprune frees ocisi's "
                                                + "old images)")
                                : Finding.ok("disk", detail));
            } catch (IOException e) {
                findings.add(Finding.warning(
                        "disk", "cannot measure " + folder + ": " + e.getMessage(), "check the folder"));
            }
        }
        return findings;
    }
}
