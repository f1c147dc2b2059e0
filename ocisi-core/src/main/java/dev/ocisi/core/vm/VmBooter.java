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
        String qemuVersion = qemuVersion();
        verify(spec, disk);
        RunFiles run = new RunFiles(new DiskCache(options.root(), spec.id()).runFolder());
        refuseSecondRun(spec, run);
        Files.createDirectories(run.folder());
        Path drive = disk.disk();
        String format = disk.metadata().format();
        boolean snapshot = options.disk() == BootOptions.DiskMode.SNAPSHOT;
        if (!snapshot) {
            drive = overlay(disk);
            format = "qcow2";
        }
        KvmRecord record = new KvmRecord(options.root(), hostKernel(), qemuVersion);
        Accelerator accelerator = options.accelerator().orElseGet(record::choice);
        if (options.accelerator().isEmpty() && accelerator == Accelerator.TCG) {
            log.info("Accelerator: " + Accelerator.TCG.description() + ": " + record.whyNot());
        } else {
            log.info("Accelerator: " + accelerator.description());
        }
        int sshPort = freePort();
        Launch launch = new Launch(spec, disk, drive, format, snapshot, settings, run, sshPort);
        Watch watch = start(launch, accelerator,
                options.accelerator().isEmpty() && accelerator == Accelerator.KVM ? options.kvmWait() : null);
        if (watch.silentKvm) {
            record.record(false);
            log.warn("KVM opened but the guest printed nothing in " + options.kvmWait().toSeconds() + " s: KVM "
                    + "cannot run it on this machine (recorded in " + record.file() + "; -Docisi.vm.accel=kvm tries "
                    + "again). Booting with " + Accelerator.TCG.description());
            accelerator = Accelerator.TCG;
            watch = start(launch, accelerator, null);
        } else if (accelerator == Accelerator.KVM && options.accelerator().isEmpty()) {
            record.record(true);
        }
        double seconds = Math.round(watch.seconds * 10) / 10.0;
        log.info(String.format("%s booted in %.1f s with %s: the console showed '%s'", spec.id(), seconds,
                accelerator.description(), settings.bootLine()));
        if (options.smoke()) {
            stop(watch.pid);
            log.info("Powered off (smoke test); the console is in " + run.consoleLog());
            return new BootResult(accelerator, seconds, run.consoleLog(), run.socket(), OptionalLong.empty(), sshPort);
        }
        log.info("The VM keeps running (pid " + watch.pid + "):");
        log.info("  console: socat -,raw,echo=0 UNIX-CONNECT:" + run.socket() + "   (log: " + run.consoleLog() + ")");
        log.info("  ssh:     ssh -p " + sshPort + " root@127.0.0.1   (when the image runs sshd)");
        log.info("  stop:    kill " + watch.pid + "   (or power it off inside the VM)");
        return new BootResult(accelerator, seconds, run.consoleLog(), run.socket(), OptionalLong.of(watch.pid),
                sshPort);
    }

    /** What every attempt to boot launches: the image, its disk and the drive QEMU opens, the run's files, a port. */
    private record Launch(ImageSpec spec, DiskCache.CachedDisk disk, Path drive, String format, boolean snapshot,
            VmSettings settings, RunFiles run, int sshPort) {
    }

    /** The outcome of one QEMU start: the boot line seen, or KVM silent (QEMU then stopped). */
    private record Watch(long pid, double seconds, boolean silentKvm) {
    }

    /**
     * Starts QEMU and follows the console until the boot line.
     *
     * @param kvmWait how long to wait for a first byte before giving up on KVM, or null to wait for the boot line
     */
    private Watch start(Launch launch, Accelerator accelerator, Duration kvmWait) throws VmException, IOException {
        ImageSpec spec = launch.spec();
        VmSettings settings = launch.settings();
        RunFiles run = launch.run();
        Files.deleteIfExists(run.consoleLog());
        Files.deleteIfExists(run.pidFile());
        Files.deleteIfExists(run.socket());
        List<String> command = QemuCommand.of(spec.id().name(), launch.disk(), launch.drive(), launch.format(),
                launch.snapshot(), settings, accelerator, run, launch.sshPort());
        log.debug("Running " + String.join(" ", command));
        long started = System.nanoTime();
        CommandRunner.Result launched = run(command);
        if (!launched.ok()) {
            if (kvmWait != null) {
                log.debug("QEMU with KVM failed: " + launched.stderr().strip());
                return new Watch(0, 0, true);
            }
            throw new VmException("QEMU did not start the VM of " + spec.id() + ": "
                    + FilesystemTools.tail(launched.stderr()));
        }
        long pid = Long.parseLong(Files.readString(run.pidFile()).strip());
        long deadline = started + settings.bootTimeout().toNanos();
        Console console = new Console(run.consoleLog());
        while (true) {
            String text = console.poll(line -> log.info("  | " + line));
            if (console.plain().contains(settings.bootLine())) {
                return new Watch(pid, (System.nanoTime() - started) / 1e9, false);
            }
            // KVM that aborts (QEMU exits) or runs a guest that never prints: not usable here
            if (kvmWait != null && console.plain().isEmpty()
                    && (!alive(pid) || System.nanoTime() - started > kvmWait.toNanos())) {
                stop(pid);
                return new Watch(pid, 0, true);
            }
            if (!alive(pid)) {
                console.poll(line -> log.info("  | " + line));
                if (console.plain().contains(settings.bootLine())) {
                    return new Watch(pid, (System.nanoTime() - started) / 1e9, false);
                }
                throw new VmException("the VM of " + spec.id() + " stopped before its console showed '"
                        + settings.bootLine() + "'" + diagnosis(console.plain()) + "\nLast lines of the console ("
                        + run.consoleLog() + "):\n" + console.tail(TAIL_LINES));
            }
            if (System.nanoTime() > deadline) {
                stop(pid);
                throw new VmException("the console of " + spec.id() + " did not show '" + settings.bootLine()
                        + "' within " + format(settings.bootTimeout()) + " with " + accelerator.description() + "; the "
                        + "VM was stopped. Raise 'vm.boot_timeout', or set 'vm.boot_line' to a line this image "
                        + "prints" + diagnosis(console.plain()) + "\nLast lines of the console (" + run.consoleLog()
                        + "):\n" + (text.isEmpty() && console.plain().isEmpty() ? "(nothing)"
                                : console.tail(TAIL_LINES)));
            }
            sleep();
        }
    }

    /** What the console says went wrong, when it is one of the failures users meet. */
    static String diagnosis(String console) {
        if (console.contains("VFS: Unable to mount root") || console.contains("Cannot open root device")
                || console.contains("ALERT!  /dev/vda does not exist")) {
            return ".\nThe kernel could not mount /dev/vda: its initrd lacks the virtio_blk or ext4 modules, or the "
                    + "command line names another root. Install initramfs-tools in the image (Debian) so that the "
                    + "kernel package makes a full initrd, and keep 'root=/dev/vda' in 'vm.cmdline'";
        }
        if (console.contains("No working init found") || console.contains("Requested init")
                && console.contains("failed")) {
            return ".\nThe kernel mounted the disk but found no init: install one in the image (Debian: "
                    + "systemd-sysv), or name it with init=... in 'vm.cmdline'";
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
        check(spec, disk.disk(), metadata.diskSha256());
        check(spec, disk.kernel(), metadata.kernelSha256());
        if (disk.initrd().isPresent()) {
            check(spec, disk.initrd().get(), metadata.initrdSha256());
        }
    }

    private static void check(ImageSpec spec, Path file, String expected) throws VmException, IOException {
        String actual = DiskMaker.sha256(file);
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

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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

    private static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
