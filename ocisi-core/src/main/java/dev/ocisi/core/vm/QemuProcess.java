package dev.ocisi.core.vm;

import dev.ocisi.core.log.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A daemonized QEMU, known by its pid: whether it runs, waiting for its guest's power-off, stopping it. */
final class QemuProcess {

    private QemuProcess() {}

    /**
     * A guest that printed its exit status powers off at once; one that does not is stopped. Polled: QEMU is no
     * child of this process once it daemonized, and waiting on a stranger's exit is what ProcessHandle does slowest.
     */
    static void waitForPowerOff(long pid, Log log) throws VmException {
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

    /**
     * Whether QEMU still runs. A daemonized QEMU that exited stays a zombie until whatever adopted it reaps it (in a
     * container that can take a second or more), and a zombie counts as alive to ProcessHandle: its state says.
     */
    static boolean alive(long pid) {
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
}
