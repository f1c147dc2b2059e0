package dev.ocisi.core.vm;

import dev.ocisi.core.config.VmSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The argument vector of one QEMU run. QEMU daemonizes once the guest is set up: the serial console goes to a socket
 * a user can attach to and, through the chardev's log file, to a file ocisi watches for the boot line.
 */
final class QemuCommand {

    static final String QEMU = "qemu-system-x86_64";

    private QemuCommand() {
    }

    /**
     * @param drive   the file QEMU opens as the guest's disk (the cached disk, or its overlay)
     * @param sshPort the host port forwarded to the guest's port 22
     */
    static List<String> of(String name, DiskCache.CachedDisk disk, Path drive, String driveFormat, boolean snapshot,
            VmSettings settings, Accelerator accelerator, RunFiles run, int sshPort) {
        List<String> command = new ArrayList<>(List.of(QEMU,
                "-name", "ocisi-" + name,
                "-accel", accelerator.id(),
                "-cpu", accelerator == Accelerator.KVM ? "host" : "max",
                "-m", settings.memoryMib() + "M",
                "-smp", Integer.toString(settings.cpus()),
                "-kernel", disk.kernel().toString()));
        disk.initrd().ifPresent(initrd -> command.addAll(List.of("-initrd", initrd.toString())));
        command.addAll(List.of("-append", settings.cmdline(),
                "-drive", "file=" + escape(drive) + ",if=virtio,format=" + driveFormat + (snapshot ? ",snapshot=on" : ""),
                "-nic", "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:" + sshPort + "-:22",
                "-chardev", "socket,id=console,path=" + escape(run.socket()) + ",server=on,wait=off,logfile="
                        + escape(run.consoleLog()),
                "-serial", "chardev:console",
                "-display", "none",
                "-monitor", "none",
                "-no-reboot",
                "-daemonize",
                "-pidfile", run.pidFile().toString()));
        return command;
    }

    /** QEMU's option syntax takes a comma in a value as two commas. */
    static String escape(Path path) {
        return path.toString().replace(",", ",,");
    }
}
