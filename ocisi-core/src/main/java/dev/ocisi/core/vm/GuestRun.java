package dev.ocisi.core.vm;

import dev.ocisi.core.config.VmSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A command that ran in a VM to its end.
 *
 * @param command          the command, as given
 * @param init             what ran it: the image's init or ocisi's fast one
 * @param exitStatus       its exit status
 * @param untilStart       from QEMU's start to the command's start (the boot)
 * @param untilFirstOutput from QEMU's start to the command's first line of output, when it printed one
 * @param commandTime      how long the command ran
 * @param total            from QEMU's start to its exit after the power-off
 * @param tail             the command's last lines of output
 * @param consoleLog       the whole console, boot included
 */
public record GuestRun(
        String command,
        VmSettings.Init init,
        Accelerator accelerator,
        int exitStatus,
        Duration untilStart,
        Optional<Duration> untilFirstOutput,
        Duration commandTime,
        Duration total,
        List<String> tail,
        Path consoleLog) {

    public GuestRun {
        tail = List.copyOf(tail);
    }

    public boolean passed() {
        return exitStatus == 0;
    }

    /** The exit status, and what it usually means when a shell sets it. */
    public String describeStatus() {
        String meaning = switch (exitStatus) {
            case 0 -> "";
            case 126 -> ": the command was found but could not be run (not executable?)";
            case 127 -> ": the command was not found in the image (see its output)";
            default -> exitStatus > 128 && exitStatus < 160 ? ": killed by signal " + (exitStatus - 128) : "";
        };
        return "exit status " + exitStatus + meaning;
    }

    /** Why the command failed with its last lines, for a message or a test report. */
    public String failure(String image) {
        return "the command in the VM of " + image + " ended with " + describeStatus() + " after "
                + VmBooter.runTime(commandTime) + " (booted in " + VmBooter.seconds(untilStart) + " with "
                + accelerator.description() + ", " + init.id() + " init)"
                + (tail.isEmpty() ? "; it printed nothing" : "; its last lines:\n" + String.join("\n", tail))
                + "\nThe whole console: " + consoleLog;
    }
}
