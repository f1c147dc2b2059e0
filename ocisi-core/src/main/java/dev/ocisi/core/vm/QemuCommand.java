package dev.ocisi.core.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The argument vector of one QEMU run. QEMU daemonizes once the guest is set up: the serial console goes to a socket
 * a user can attach to and, through the chardev's log file, to a file ocisi watches.
 */
final class QemuCommand {

    static final String QEMU = "qemu-system-x86_64";

    private QemuCommand() {}

    /**
     * Without QEMU's default devices (VGA, floppy, CD-ROM, its default network card), which the guest would probe
     * for the better part of a second with TCG: the VM has its disk, a command's disk when it runs one, the serial
     * console and, when it is booted to stay up, a network card that forwards a host port to its ssh.
     */
    static List<String> of(VmBooter.Launch launch, Accelerator accelerator) {
        List<String> command = new ArrayList<>(List.of(
                QEMU,
                "-name",
                "ocisi-" + launch.name(),
                "-nodefaults",
                "-accel",
                accelerator.id(),
                "-cpu",
                accelerator == Accelerator.KVM ? "host" : "max",
                "-m",
                launch.settings().memoryMib() + "M",
                "-smp",
                Integer.toString(launch.settings().cpus()),
                "-kernel",
                launch.disk().bootKernel().toString()));
        launch.disk().initrd().ifPresent(initrd -> command.addAll(List.of("-initrd", initrd.toString())));
        command.addAll(List.of(
                "-append",
                launch.cmdline(),
                "-drive",
                "file=" + escape(launch.drive()) + ",if=virtio,format=" + launch.format()
                        + (launch.snapshot() ? ",snapshot=on" : "")));
        launch.commandDrive()
                .ifPresent(drive -> command.addAll(
                        List.of("-drive", "file=" + escape(drive) + ",if=virtio,format=raw,readonly=on")));
        launch.sshPort()
                .ifPresent(port -> command.addAll(
                        List.of("-nic", "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:" + port + "-:22")));
        RunFiles run = launch.run();
        command.addAll(List.of(
                "-chardev",
                "socket,id=console,path=" + escape(run.socket()) + ",server=on,wait=off,logfile="
                        + escape(run.consoleLog()),
                "-serial",
                "chardev:console",
                "-display",
                "none",
                "-monitor",
                "none",
                "-no-reboot",
                "-daemonize",
                "-pidfile",
                run.pidFile().toString()));
        return command;
    }

    /** QEMU's option syntax takes a comma in a value as two commas. */
    static String escape(Path path) {
        return path.toString().replace(",", ",,");
    }
}
