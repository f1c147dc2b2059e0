package dev.ocisi.core.vm;

import dev.ocisi.core.config.VmSettings;
import dev.ocisi.core.log.Log;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Follows a command run in the guest: the boot's lines go to the debug log, the command's own output (between the
 * wrapper's start line and its exit line) to the log as it comes, and the exit line gives the status.
 */
final class CommandGoal implements ConsoleGoal {

    private static final int TAIL = 30;

    private final GuestScript script;
    private final VmSettings settings;
    private final VmSettings.Init init;
    private final Log log;
    private final Deque<String> tail = new ArrayDeque<>();
    private long startedNanos = -1;
    private long firstOutputNanos = -1;
    private long lastLineNanos = -1;
    private Optional<GuestScript.Exit> exit = Optional.empty();

    CommandGoal(GuestScript script, VmSettings settings, VmSettings.Init init, Log log) {
        this.script = script;
        this.settings = settings;
        this.init = init;
        this.log = log;
    }

    @Override
    public void accept(String line, long nanos) {
        if (exit.isPresent()) {
            log.debug("  | " + line);
            return;
        }
        if (startedNanos < 0) {
            if (line.equals(script.startLine())) {
                startedNanos = nanos;
            } else {
                log.debug("  | " + line);
            }
            return;
        }
        Optional<GuestScript.Exit> end = script.exit(line);
        String output = end.map(GuestScript.Exit::before).orElse(line);
        if (end.isEmpty() || !output.isEmpty()) {
            if (firstOutputNanos < 0) {
                firstOutputNanos = nanos;
            }
            log.info("  | " + output);
            tail.addLast(output);
            if (tail.size() > TAIL) {
                tail.removeFirst();
            }
        }
        lastLineNanos = nanos;
        exit = end;
    }

    @Override
    public boolean reached(String console) {
        return exit.isPresent();
    }

    @Override
    public long deadline(long started) {
        return startedNanos < 0
                ? started + settings.bootTimeout().toNanos()
                : started + startedNanos + settings.runTimeout().toNanos();
    }

    @Override
    public String stoppedEarly() {
        if (startedNanos >= 0) {
            return "stopped while the command ran, before it reported its exit status (the guest crashed, or the "
                    + "command powered it off)";
        }
        return "stopped before the command started";
    }

    @Override
    public String missingInit() {
        return init == VmSettings.Init.FAST
                ? "the fast init runs /bin/sh in place of the image's init, so the image needs a shell at /bin/sh"
                : ConsoleGoal.super.missingInit();
    }

    @Override
    public String timedOut() {
        if (startedNanos >= 0) {
            return "ran the command longer than 'vm.run_timeout' (" + VmBooter.format(settings.runTimeout())
                    + ") allows; the VM was stopped";
        }
        return "did not start the command within 'vm.boot_timeout' (" + VmBooter.format(settings.bootTimeout())
                + "); the VM was stopped"
                + (init == VmSettings.Init.SYSTEM
                        ? ". 'vm.init: system' hands the command to the image's init through systemd.run= on the "
                                + "kernel command line, which only systemd reads: for another init, use 'vm.init: fast'"
                        : "");
    }

    int status() {
        return exit.orElseThrow().status();
    }

    /** From QEMU's start to the command's start, when it started. */
    Optional<Duration> untilStart() {
        return startedNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(startedNanos));
    }

    /** From QEMU's start to the command's first line of output, when it printed one. */
    Optional<Duration> untilFirstOutput() {
        return firstOutputNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(firstOutputNanos));
    }

    /** How long the command ran, as the console saw it. */
    Duration commandTime() {
        return startedNanos < 0 ? Duration.ZERO : Duration.ofNanos(lastLineNanos - startedNanos);
    }

    List<String> tail() {
        return List.copyOf(tail);
    }
}
