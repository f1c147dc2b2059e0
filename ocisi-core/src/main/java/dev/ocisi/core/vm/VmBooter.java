package dev.ocisi.core.vm;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.VmSettings;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.ToolException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Boots a disk in QEMU and watches its serial console until the boot line shows: with KVM when it works here, else
 * with software emulation. The disk's files are checked against the digests recorded when it was made, so that what
 * boots is what was built.
 */
public final class VmBooter {

    private static final Duration POLL = Duration.ofMillis(200);

    private final CommandRunner runner;
    private final Log log;

    public VmBooter(CommandRunner runner, Log log) {
        this.runner = runner;
        this.log = log;
    }

    public BootResult boot(ImageSpec spec, DiskCache.CachedDisk disk, BootOptions options) throws VmException {
        try {
            return bootDisk(spec, disk, options);
        } catch (IOException e) {
            throw VmException.cannot("boot the disk of " + spec.id() + " in " + disk.folder(), e);
        }
    }

    private BootResult bootDisk(ImageSpec spec, DiskCache.CachedDisk disk, BootOptions options)
            throws VmException, IOException {
        VmSettings settings = spec.vm().orElseThrow();
        RunFiles run = new RunFiles(new DiskCache(options.root(), spec.id()).runFolder());
        Launch launch = prepare(spec, disk, options, run, settings.cmdline(), Optional.empty());
        Started started = start(launch, options, new BootLineGoal(settings.bootLine(), settings.bootTimeout(), log));
        double seconds = Math.round(started.seconds() * 10) / 10.0;
        log.info(String.format(
                "%s booted in %.1f s with %s: the console showed '%s'",
                spec.id(), seconds, started.accelerator().description(), settings.bootLine()));
        if (options.smoke()) {
            QemuProcess.stop(started.pid());
            log.info("Powered off (smoke test); the console is in " + run.consoleLog());
            return new BootResult(
                    started.accelerator(),
                    seconds,
                    run.consoleLog(),
                    run.socket(),
                    OptionalLong.empty(),
                    launch.sshPort().orElseThrow());
        }
        log.info("The VM keeps running (pid " + started.pid() + "):");
        log.info("  console: socat -,raw,echo=0 UNIX-CONNECT:" + run.socket() + "   (log: " + run.consoleLog() + ")");
        log.info(
                "  ssh:     ssh -p " + launch.sshPort().orElseThrow() + " root@127.0.0.1   (when the image runs sshd)");
        log.info("  stop:    kill " + started.pid() + "   (or power it off inside the VM)");
        return new BootResult(
                started.accelerator(),
                seconds,
                run.consoleLog(),
                run.socket(),
                OptionalLong.of(started.pid()),
                launch.sshPort().orElseThrow());
    }

    /**
     * Boots the disk to run one shell command in it, its output going to the log as it comes, and waits for the
     * guest to power off. No network: the guest needs none, and its device costs boot time. The run has a folder of
     * its own ({@code run-command}), so that it neither waits for nor disturbs a VM of the image left running.
     *
     * @return how the command ended, whatever its exit status
     * @throws VmException when the guest did not run the command to its end (no init, a crash, a timeout)
     */
    public GuestRun run(
            ImageSpec spec, DiskCache.CachedDisk disk, BootOptions options, String command, VmSettings.Init init)
            throws VmException {
        try {
            return runCommand(spec, disk, options, command, init);
        } catch (IOException e) {
            throw VmException.cannot("run a command in the VM of " + spec.id() + " (disk in " + disk.folder() + ")", e);
        }
    }

    private GuestRun runCommand(
            ImageSpec spec, DiskCache.CachedDisk disk, BootOptions options, String command, VmSettings.Init init)
            throws VmException, IOException {
        VmSettings settings = spec.vm().orElseThrow();
        DiskCache cache = new DiskCache(options.root(), spec.id());
        if (options.disk() == BootOptions.DiskMode.OVERLAY) {
            refuseSecondRun(spec, new RunFiles(cache.runFolder()));
        }
        if (init == VmSettings.Init.SYSTEM
                && disk.metadata().init().filter(i -> !i.contains("systemd")).isPresent()) {
            throw new VmException("the image " + spec.id() + " does not start systemd (its /sbin/init is "
                    + disk.metadata().init().get() + "), and 'vm.init: system' hands the command to systemd: "
                    + "write 'init: fast' in its vm section or add -Docisi.vm.init=fast");
        }
        if (GuestScript.passesArgumentsToInit(settings.cmdline())) {
            throw new VmException("'vm.cmdline' of " + spec.id() + " passes arguments to init after '--': a "
                    + "command run puts its own there. Remove them from 'vm.cmdline'");
        }
        GuestScript script = GuestScript.of(command);
        String cmdline = settings.cmdline() + " " + script.kernelArguments(settings.cmdline(), init);
        OptionalInt over = GuestScript.lengthOver(cmdline);
        if (over.isPresent()) {
            throw new VmException("the kernel command line of " + spec.id() + " would be " + over.getAsInt()
                    + " bytes with the command's wrapper, and the kernel takes " + GuestScript.MOST_KERNEL_COMMAND_LINE
                    + ": shorten 'vm.cmdline'");
        }
        RunFiles run = new RunFiles(cache.folder().resolve("run-command"));
        Path drive = run.folder().resolve("command.sh");
        // written once prepare has refused a second run: a running VM reads its own command from this file
        Launch launch = prepare(spec, disk, options, run, cmdline, Optional.of(drive));
        Files.write(drive, script.drive());
        log.info("Running in the VM of " + spec.id() + " (" + init.id() + " init): " + firstLine(command));
        CommandGoal goal = new CommandGoal(script, settings, init, log);
        long began = System.nanoTime();
        Started started = start(launch, options, goal);
        QemuProcess.waitForPowerOff(started.pid(), log);
        Duration total = Duration.ofNanos(System.nanoTime() - began);
        GuestRun result = new GuestRun(
                command,
                init,
                started.accelerator(),
                goal.status(),
                goal.untilStart().orElseThrow(),
                goal.untilFirstOutput(),
                goal.commandTime(),
                total,
                goal.tail(),
                run.consoleLog());
        log.info(String.format(
                "The command ended with %s: booted in %s with %s, ran %s%s",
                result.describeStatus(),
                seconds(result.untilStart()),
                started.accelerator().description(),
                runTime(result.commandTime()),
                result.untilFirstOutput()
                        .map(d -> ", first output after " + seconds(d))
                        .orElse("")));
        return result;
    }

    private static String firstLine(String command) {
        String first = command.strip().lines().findFirst().orElse("");
        return command.strip().contains("\n") ? first + " ..." : first;
    }

    /** Checks the disk, refuses a second VM on the same run folder, picks the accelerator's record. */
    private Launch prepare(
            ImageSpec spec,
            DiskCache.CachedDisk disk,
            BootOptions options,
            RunFiles run,
            String cmdline,
            Optional<Path> commandDrive)
            throws VmException, IOException {
        VmSettings settings = spec.vm().orElseThrow();
        String qemuVersion = qemuVersion();
        DiskCheck.verify(spec, disk, log);
        refuseSecondRun(spec, run);
        Files.createDirectories(run.folder());
        Path drive = disk.disk();
        String format = disk.metadata().format();
        boolean snapshot = options.disk() == BootOptions.DiskMode.SNAPSHOT;
        if (!snapshot) {
            drive = overlay(disk);
            format = "qcow2";
        }
        OptionalInt sshPort = commandDrive.isPresent() ? OptionalInt.empty() : OptionalInt.of(freePort());
        return new Launch(
                spec.id().name(),
                disk,
                drive,
                format,
                snapshot,
                settings,
                cmdline,
                commandDrive,
                run,
                sshPort,
                new KvmRecord(options.root(), hostKernel(), qemuVersion));
    }

    /** What every attempt to boot launches: the image, its disk and the drive QEMU opens, the run's files, a port. */
    record Launch(
            String name,
            DiskCache.CachedDisk disk,
            Path drive,
            String format,
            boolean snapshot,
            VmSettings settings,
            String cmdline,
            Optional<Path> commandDrive,
            RunFiles run,
            OptionalInt sshPort,
            KvmRecord kvm) {}

    /** A VM that reached its goal: QEMU's process, the time it took, the accelerator that ran it. */
    private record Started(long pid, double seconds, Accelerator accelerator) {}

    /** The outcome of one QEMU start: the goal reached, or KVM silent (QEMU then stopped). */
    private record Watch(long pid, double seconds, boolean silentKvm) {}

    /** Starts QEMU with KVM when it works here (falling back to TCG when the guest stays silent), up to the goal. */
    private Started start(Launch launch, BootOptions options, ConsoleGoal goal) throws VmException, IOException {
        KvmRecord record = launch.kvm();
        Accelerator accelerator = options.accelerator().orElseGet(record::choice);
        if (options.accelerator().isEmpty() && accelerator == Accelerator.TCG) {
            log.info("Accelerator: " + Accelerator.TCG.description() + ": " + record.whyNot());
        } else {
            log.info("Accelerator: " + accelerator.description());
        }
        boolean tryingKvm = options.accelerator().isEmpty() && accelerator == Accelerator.KVM;
        Watch watch = start(launch, accelerator, tryingKvm ? options.kvmWait() : null, goal);
        if (watch.silentKvm) {
            record.record(false);
            log.warn("KVM opened but the guest printed nothing in "
                    + options.kvmWait().toSeconds() + " s: KVM "
                    + "cannot run it on this machine (recorded in " + record.file() + "; -Docisi.vm.accel=kvm tries "
                    + "again). Booting with " + Accelerator.TCG.description());
            accelerator = Accelerator.TCG;
            watch = start(launch, accelerator, null, goal);
        } else if (tryingKvm) {
            record.record(true);
        }
        return new Started(watch.pid, watch.seconds, accelerator);
    }

    /**
     * Starts QEMU and follows the console until the goal.
     *
     * @param kvmWait how long to wait for a first byte before giving up on KVM, or null to wait for the goal
     */
    private Watch start(Launch launch, Accelerator accelerator, Duration kvmWait, ConsoleGoal goal)
            throws VmException, IOException {
        RunFiles run = launch.run();
        Files.deleteIfExists(run.consoleLog());
        Files.deleteIfExists(run.pidFile());
        Files.deleteIfExists(run.socket());
        List<String> command = QemuCommand.of(launch, accelerator);
        log.debug("Running " + String.join(" ", command));
        long started = System.nanoTime();
        CommandRunner.Result launched = run(command);
        if (!launched.ok()) {
            if (kvmWait != null) {
                log.debug("QEMU with KVM failed: " + launched.stderr().strip());
                return new Watch(0, 0, true);
            }
            throw new VmException(
                    "QEMU did not start the VM of " + launch.name() + ": " + FilesystemTools.tail(launched.stderr()));
        }
        long pid = Long.parseLong(Files.readString(run.pidFile()).strip());
        Console console = new Console(run.consoleLog());
        while (true) {
            console.poll(line -> goal.accept(line, System.nanoTime() - started));
            if (goal.reached(console.plain())) {
                return new Watch(pid, (System.nanoTime() - started) / 1e9, false);
            }
            // KVM that aborts (QEMU exits) or runs a guest that never prints: not usable here
            if (kvmWait != null
                    && console.plain().isEmpty()
                    && (!QemuProcess.alive(pid) || System.nanoTime() - started > kvmWait.toNanos())) {
                QemuProcess.stop(pid);
                return new Watch(pid, 0, true);
            }
            if (!QemuProcess.alive(pid)) {
                console.poll(line -> goal.accept(line, System.nanoTime() - started));
                if (goal.reached(console.plain())) {
                    return new Watch(pid, (System.nanoTime() - started) / 1e9, false);
                }
                throw new VmException("the VM of " + launch.name() + " " + goal.stoppedEarly()
                        + BootDiagnosis.explain(console, goal, run));
            }
            if (System.nanoTime() > goal.deadline(started)) {
                QemuProcess.stop(pid);
                throw new VmException("the VM of " + launch.name() + " " + goal.timedOut() + " ("
                        + accelerator.description() + ")" + BootDiagnosis.explain(console, goal, run));
            }
            sleep();
        }
    }

    /** The disk's persistent overlay, made on first use; the cached disk under it stays as it was made. */
    private Path overlay(DiskCache.CachedDisk disk) throws VmException {
        Path overlay = disk.folder().resolve(DiskCache.OVERLAY);
        if (!Files.exists(overlay)) {
            CommandRunner.Result made = run(List.of(
                    "qemu-img",
                    "create",
                    "-q",
                    "-f",
                    "qcow2",
                    "-b",
                    disk.disk().toString(),
                    "-F",
                    disk.metadata().format(),
                    overlay.toString()));
            if (!made.ok()) {
                throw new VmException(
                        "cannot make the overlay " + overlay + ": " + FilesystemTools.tail(made.stderr()));
            }
            log.info("Writes go to " + overlay + " (kept for the next boot of this disk)");
        } else {
            log.info("Writes go to " + overlay + ", which holds the changes of earlier boots");
        }
        return overlay;
    }

    private void refuseSecondRun(ImageSpec spec, RunFiles run) throws VmException, IOException {
        if (Files.isRegularFile(run.pidFile())) {
            String text = Files.readString(run.pidFile()).strip();
            if (text.matches("\\d+") && QemuProcess.alive(Long.parseLong(text))) {
                throw new VmException("the VM of " + spec.id() + " is already running (pid " + text + "): stop it "
                        + "with kill " + text + " before booting it again");
            }
        }
    }

    /**
     * Whether KVM can be used here, as far as is known without booting: /dev/kvm opens and no boot has seen it fail
     * with this QEMU; the text says why not, or that it will be tried.
     */
    public String kvmVerdict(Path root) throws VmException {
        KvmRecord record = new KvmRecord(root, hostKernel(), qemuVersion());
        Path kvm = Path.of("/dev/kvm");
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm) || record.works().equals(Optional.of(false))) {
            return "no: " + record.whyNot() + "; VMs boot with " + Accelerator.TCG.description();
        }
        return record.works().isPresent()
                ? "yes: a guest booted with it here"
                : "/dev/kvm opens; the first boot tries it and falls back to " + Accelerator.TCG.description()
                        + " if the guest stays silent";
    }

    /** QEMU's version line; fails with the fix when QEMU is missing. */
    public String qemuVersion() throws VmException {
        CommandRunner.Result result;
        try {
            result = runner.run(List.of(QemuCommand.QEMU, "--version"));
        } catch (ToolException e) {
            throw new VmException(
                    "QEMU is missing: " + QemuCommand.QEMU + " cannot be run (" + e.getMessage()
                            + "). Install it: apt-get install qemu-system-x86 qemu-utils (Fedora: dnf install "
                            + "qemu-system-x86-core qemu-img)",
                    e);
        }
        if (!result.ok()) {
            throw new VmException(QemuCommand.QEMU + " --version failed: " + FilesystemTools.tail(result.stderr()));
        }
        return result.stdout().lines().findFirst().orElse("").strip();
    }

    private CommandRunner.Result run(List<String> command) throws VmException {
        try {
            return runner.run(command);
        } catch (ToolException e) {
            throw new VmException(e.getMessage(), e);
        }
    }

    private static String hostKernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version", "unknown");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() throws VmException {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while waiting for the VM to boot");
        }
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    /** How long a command ran, as far as the console's polling can tell. */
    static String runTime(Duration duration) {
        return duration.compareTo(POLL) < 0 ? "under " + seconds(POLL) : seconds(duration);
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
