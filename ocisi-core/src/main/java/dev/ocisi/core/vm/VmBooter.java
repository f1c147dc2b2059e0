package dev.ocisi.core.vm;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.config.VmSettings;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.ToolException;
import dev.ocisi.core.log.Log;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Boots a disk in QEMU and watches its serial console until the boot line shows: with KVM when it works here, else
 * with software emulation. The disk's files are checked against the digests recorded when it was made, so that what
 * boots is what was built.
 */
public final class VmBooter {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final int TAIL_LINES = 15;

    private final CommandRunner runner;
    private final Log log;

    public VmBooter(CommandRunner runner, Log log) {
        this.runner = runner;
        this.log = log;
    }

    public BootResult boot(ImageSpec spec, DiskCache.CachedDisk disk, BootOptions options)
            throws VmException, IOException {
        VmSettings settings = spec.vm().orElseThrow();
        RunFiles run = new RunFiles(new DiskCache(options.root(), spec.id()).runFolder());
        Launch launch = prepare(spec, disk, options, run, settings.cmdline(), Optional.empty());
        Started started = start(launch, options, new BootLineGoal(settings.bootLine(), settings.bootTimeout(), log));
        double seconds = Math.round(started.seconds() * 10) / 10.0;
        log.info(String.format("%s booted in %.1f s with %s: the console showed '%s'", spec.id(), seconds,
                started.accelerator().description(), settings.bootLine()));
        if (options.smoke()) {
            stop(started.pid());
            log.info("Powered off (smoke test); the console is in " + run.consoleLog());
            return new BootResult(started.accelerator(), seconds, run.consoleLog(), run.socket(),
                    OptionalLong.empty(), launch.sshPort().orElseThrow());
        }
        log.info("The VM keeps running (pid " + started.pid() + "):");
        log.info("  console: socat -,raw,echo=0 UNIX-CONNECT:" + run.socket() + "   (log: " + run.consoleLog() + ")");
        log.info("  ssh:     ssh -p " + launch.sshPort().orElseThrow()
                + " root@127.0.0.1   (when the image runs sshd)");
        log.info("  stop:    kill " + started.pid() + "   (or power it off inside the VM)");
        return new BootResult(started.accelerator(), seconds, run.consoleLog(), run.socket(),
                OptionalLong.of(started.pid()), launch.sshPort().orElseThrow());
    }

    /**
     * Boots the disk to run one shell command in it, its output going to the log as it comes, and waits for the
     * guest to power off. No network: the guest needs none, and its device costs boot time. The run has a folder of
     * its own ({@code run-command}), so that it neither waits for nor disturbs a VM of the image left running.
     *
     * @return how the command ended, whatever its exit status
     * @throws VmException when the guest did not run the command to its end (no init, a crash, a timeout)
     */
    public GuestRun run(ImageSpec spec, DiskCache.CachedDisk disk, BootOptions options, String command,
            VmSettings.Init init) throws VmException, IOException {
        VmSettings settings = spec.vm().orElseThrow();
        DiskCache cache = new DiskCache(options.root(), spec.id());
        if (options.disk() == BootOptions.DiskMode.OVERLAY) {
            refuseSecondRun(spec, new RunFiles(cache.runFolder()));
        }
        if (init == VmSettings.Init.SYSTEM && disk.metadata().init().filter(i -> !i.contains("systemd")).isPresent()) {
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
        waitForPowerOff(started.pid());
        Duration total = Duration.ofNanos(System.nanoTime() - began);
        GuestRun result = new GuestRun(command, init, started.accelerator(), goal.status(),
                goal.untilStart().orElseThrow(), goal.untilFirstOutput(), goal.commandTime(), total, goal.tail(),
                run.consoleLog());
        log.info(String.format("The command ended with %s: booted in %s with %s, ran %s%s", result.describeStatus(),
                seconds(result.untilStart()), started.accelerator().description(), runTime(result.commandTime()),
                result.untilFirstOutput().map(d -> ", first output after " + seconds(d)).orElse("")));
        return result;
    }

    private static String firstLine(String command) {
        String first = command.strip().lines().findFirst().orElse("");
        return command.strip().contains("\n") ? first + " ..." : first;
    }

    /**
     * A guest that printed its exit status powers off at once; one that does not is stopped. Polled: QEMU is no
     * child of this process once it daemonized, and waiting on a stranger's exit is what ProcessHandle does slowest.
     */
    private void waitForPowerOff(long pid) throws VmException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (alive(pid)) {
            if (System.nanoTime() > deadline) {
                log.warn("The VM did not power off after the command: stopped");
                stop(pid);
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(pid);
                throw new VmException("interrupted while waiting for the VM to power off");
            }
        }
    }

    /** Checks the disk, refuses a second VM on the same run folder, picks the accelerator's record. */
    private Launch prepare(ImageSpec spec, DiskCache.CachedDisk disk, BootOptions options, RunFiles run,
            String cmdline, Optional<Path> commandDrive) throws VmException, IOException {
        VmSettings settings = spec.vm().orElseThrow();
        String qemuVersion = qemuVersion();
        verify(spec, disk);
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
        return new Launch(spec.id().name(), disk, drive, format, snapshot, settings, cmdline, commandDrive, run,
                sshPort, new KvmRecord(options.root(), hostKernel(), qemuVersion));
    }

    /** What every attempt to boot launches: the image, its disk and the drive QEMU opens, the run's files, a port. */
    record Launch(String name, DiskCache.CachedDisk disk, Path drive, String format, boolean snapshot,
            VmSettings settings, String cmdline, Optional<Path> commandDrive, RunFiles run, OptionalInt sshPort,
            KvmRecord kvm) {
    }

    /** A VM that reached its goal: QEMU's process, the time it took, the accelerator that ran it. */
    private record Started(long pid, double seconds, Accelerator accelerator) {
    }

    /** The outcome of one QEMU start: the goal reached, or KVM silent (QEMU then stopped). */
    private record Watch(long pid, double seconds, boolean silentKvm) {
    }

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
            log.warn("KVM opened but the guest printed nothing in " + options.kvmWait().toSeconds() + " s: KVM "
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
            throw new VmException("QEMU did not start the VM of " + launch.name() + ": "
                    + FilesystemTools.tail(launched.stderr()));
        }
        long pid = Long.parseLong(Files.readString(run.pidFile()).strip());
        Console console = new Console(run.consoleLog());
        while (true) {
            console.poll(line -> goal.accept(line, System.nanoTime() - started));
            if (goal.reached(console.plain())) {
                return new Watch(pid, (System.nanoTime() - started) / 1e9, false);
            }
            // KVM that aborts (QEMU exits) or runs a guest that never prints: not usable here
            if (kvmWait != null && console.plain().isEmpty()
                    && (!alive(pid) || System.nanoTime() - started > kvmWait.toNanos())) {
                stop(pid);
                return new Watch(pid, 0, true);
            }
            if (!alive(pid)) {
                console.poll(line -> goal.accept(line, System.nanoTime() - started));
                if (goal.reached(console.plain())) {
                    return new Watch(pid, (System.nanoTime() - started) / 1e9, false);
                }
                throw new VmException("the VM of " + launch.name() + " " + goal.stoppedEarly()
                        + diagnosis(console.plain(), goal) + lastLines(run, console));
            }
            if (System.nanoTime() > goal.deadline(started)) {
                stop(pid);
                throw new VmException("the VM of " + launch.name() + " " + goal.timedOut() + " (" + accelerator
                        .description() + ")" + diagnosis(console.plain(), goal) + lastLines(run, console));
            }
            sleep();
        }
    }

    private static String lastLines(RunFiles run, Console console) {
        return "\nLast lines of the console (" + run.consoleLog() + "):\n"
                + (console.plain().isEmpty() ? "(nothing)" : console.tail(TAIL_LINES));
    }

    /** What the console says went wrong, when it is one of the failures users meet. */
    static String diagnosis(String console, ConsoleGoal goal) {
        if (console.contains("VFS: Unable to mount root") || console.contains("Cannot open root device")
                || console.contains("ALERT!  /dev/vda does not exist")) {
            return ".\nThe kernel could not mount /dev/vda: its initrd lacks the virtio_blk or ext4 modules, or the "
                    + "command line names another root. Install initramfs-tools in the image (Debian) so that the "
                    + "kernel package makes a full initrd, and keep 'root=/dev/vda' in 'vm.cmdline'";
        }
        // the kernel's words, and initramfs-tools' when the init it was told to start is missing from the disk
        if (console.contains("No working init found") || console.contains("Requested init")
                && console.contains("failed") || console.contains("No init found")) {
            return ".\nThe kernel mounted the disk but found no init: " + goal.missingInit();
        }
        if (console.contains("Kernel panic")) {
            return ".\nThe kernel panicked (see the console below)";
        }
        if (console.isEmpty()) {
            return ".\nThe console stayed empty: the kernel writes to the serial port only with console=ttyS0 in "
                    + "'vm.cmdline'";
        }
        return "";
    }

    private void verify(ImageSpec spec, DiskCache.CachedDisk disk) throws VmException, IOException {
        VmMetadata metadata = disk.metadata();
        DiskCheck known = new DiskCheck(disk.folder());
        check(spec, disk.disk(), metadata.diskSha256(), known);
        check(spec, disk.kernel(), metadata.kernelSha256(), known);
        if (disk.initrd().isPresent()) {
            check(spec, disk.initrd().get(), metadata.initrdSha256(), known);
        }
        if (disk.kernelElf().isPresent()) {
            check(spec, disk.kernelElf().get(), metadata.kernelElfSha256(), known);
        }
        try {
            known.save();
        } catch (IOException e) {
            log.debug("Cannot record the checked files in " + disk.folder() + " (the next boot checks them again): "
                    + e.getMessage());
        }
    }

    private static void check(ImageSpec spec, Path file, String expected, DiskCheck known)
            throws VmException, IOException {
        if (known.known(file, expected)) {
            return;
        }
        String actual = known.hash(file);
        if (!actual.equals(expected)) {
            throw new VmException(file + " changed since ocisi made it (SHA-256 " + Sha256.shortForm(actual)
                    + " instead of " + Sha256.shortForm(expected) + "): remove " + file.getParent()
                    + " and run mvn ocisi:vm -Docisi.image=" + spec.id().name() + " to make the disk again");
        }
    }

    /** The disk's persistent overlay, made on first use; the cached disk under it stays as it was made. */
    private Path overlay(DiskCache.CachedDisk disk) throws VmException {
        Path overlay = disk.folder().resolve(DiskCache.OVERLAY);
        if (!Files.exists(overlay)) {
            CommandRunner.Result made = run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-b",
                    disk.disk().toString(), "-F", disk.metadata().format(), overlay.toString()));
            if (!made.ok()) {
                throw new VmException("cannot make the overlay " + overlay + ": "
                        + FilesystemTools.tail(made.stderr()));
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
            if (text.matches("\\d+") && alive(Long.parseLong(text))) {
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
        return record.works().isPresent() ? "yes: a guest booted with it here"
                : "/dev/kvm opens; the first boot tries it and falls back to " + Accelerator.TCG.description()
                        + " if the guest stays silent";
    }

    /** QEMU's version line; fails with the fix when QEMU is missing. */
    public String qemuVersion() throws VmException {
        CommandRunner.Result result;
        try {
            result = runner.run(List.of(QemuCommand.QEMU, "--version"));
        } catch (ToolException e) {
            throw new VmException("QEMU is missing: " + QemuCommand.QEMU + " cannot be run (" + e.getMessage()
                    + "). Install it: apt-get install qemu-system-x86 qemu-utils (Fedora: dnf install "
                    + "qemu-system-x86-core qemu-img)", e);
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

    /**
     * Whether QEMU still runs. A daemonized QEMU that exited stays a zombie until whatever adopted it reaps it (in a
     * container that can take a second or more), and a zombie counts as alive to ProcessHandle: its state says.
     */
    private static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /** Stops QEMU as pulling the plug would: the disk's writes were a snapshot or go to an overlay. */
    static void stop(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return;
        }
        process.get().destroy();
        try {
            process.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.get().destroyForcibly();
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
