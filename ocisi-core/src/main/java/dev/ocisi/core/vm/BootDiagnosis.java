package dev.ocisi.core.vm;

/**
 * Why a VM stopped or timed out before its goal, in the words of the failures users meet, followed by the console's
 * last lines.
 */
final class BootDiagnosis {

    private static final int TAIL_LINES = 15;

    private BootDiagnosis() {}

    /** The diagnosis when there is one, then the console's last lines (or that it printed nothing). */
    static String explain(Console console, ConsoleGoal goal, RunFiles run) {
        return diagnosis(console.plain(), goal) + "\nLast lines of the console (" + run.consoleLog() + "):\n"
                + (console.plain().isEmpty() ? "(nothing)" : console.tail(TAIL_LINES));
    }

    /** What the console says went wrong, when it is one of the failures users meet. */
    static String diagnosis(String console, ConsoleGoal goal) {
        if (console.contains("VFS: Unable to mount root")
                || console.contains("Cannot open root device")
                || console.contains("ALERT!  /dev/vda does not exist")) {
            return ".\nThe kernel could not mount /dev/vda: its initrd lacks the virtio_blk or ext4 modules, or the "
                    + "command line names another root. Install initramfs-tools in the image (Debian) so that the "
                    + "kernel package makes a full initrd, and keep 'root=/dev/vda' in 'vm.cmdline'";
        }
        // the kernel's words, and initramfs-tools' when the init it was told to start is missing from the disk
        if (console.contains("No working init found")
                || (console.contains("Requested init") && console.contains("failed"))
                || console.contains("No init found")) {
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
}
