package dev.ocisi.core.vm;

/**
 * What one QEMU run waits for on the serial console: a boot line, or a command's exit status. The booter feeds it
 * the console's lines as they come and asks whether it is reached; the goal says how long it may take and what went
 * wrong when the VM stops or the time runs out first.
 */
interface ConsoleGoal {

    /** Takes one complete line of the console (escape codes removed), seen {@code nanos} after QEMU started. */
    void accept(String line, long nanos);

    /** Whether the VM has done what it was started for; {@code console} is all it printed so far. */
    boolean reached(String console);

    /** Until when the VM may run towards the goal, in {@link System#nanoTime()}'s terms. */
    long deadline(long started);

    /** Why the VM stopped (QEMU exited) before the goal, for the message that leads the console's last lines. */
    String stoppedEarly();

    /** Why the time ran out, for the message that leads the console's last lines. */
    String timedOut();

    /** What to do when the kernel found no init to start: the image's own, or the shell the fast init runs. */
    default String missingInit() {
        return "install one in the image (Debian: systemd-sysv), or name it with init=... in 'vm.cmdline'";
    }
}
