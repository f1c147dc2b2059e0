package dev.ocisi.core.vm;

import dev.ocisi.core.log.Log;
import java.time.Duration;

/** Waits for the boot line (a login prompt, by default); every console line goes to the log. */
final class BootLineGoal implements ConsoleGoal {

    private final String bootLine;
    private final Duration timeout;
    private final Log log;

    BootLineGoal(String bootLine, Duration timeout, Log log) {
        this.bootLine = bootLine;
        this.timeout = timeout;
        this.log = log;
    }

    @Override
    public void accept(String line, long nanos) {
        log.info("  | " + line);
    }

    @Override
    public boolean reached(String console) {
        // a login prompt ends without a newline: the whole text is searched, not the complete lines
        return console.contains(bootLine);
    }

    @Override
    public long deadline(long started) {
        return started + timeout.toNanos();
    }

    @Override
    public String stoppedEarly() {
        return "stopped before its console showed '" + bootLine + "'";
    }

    @Override
    public String timedOut() {
        return "did not show '" + bootLine + "' on its console within " + VmBooter.format(timeout) + "; the VM was "
                + "stopped. Raise 'vm.boot_timeout', or set 'vm.boot_line' to a line this image prints";
    }
}
