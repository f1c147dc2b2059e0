package dev.ocisi.core.vm;

import dev.ocisi.core.config.VmSettings;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shell command to run in a guest, and how it gets there and back. The command goes in as a small read-only disk
 * ({@code /dev/vdb}) that the guest's shell reads as its script: any text of any length, nothing to quote for the
 * kernel command line, which cannot carry a double quote or a newline. A wrapper on the kernel command line runs it
 * with its output on the serial console between two marker lines that carry a random token (so that the command's
 * own output cannot fake them), the second with the exit status, and then the guest powers off.
 */
final class GuestScript {

    /** The command disk is the second virtio disk: QEMU numbers them in the order of its -drive options. */
    static final String DEVICE = "/dev/vdb";
    /** x86's COMMAND_LINE_SIZE, with the terminating NUL. */
    static final int MOST_KERNEL_COMMAND_LINE = 2047;
    /** Smaller devices make the kernel's partition scan report an unreadable block on the console. */
    private static final int DRIVE_UNIT = 64 * 1024;

    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final String command;
    private final String token;
    private final Pattern exitLine;

    GuestScript(String command, String token) {
        this.command = command;
        this.token = token;
        this.exitLine = Pattern.compile("^(.*)ocisi-exit-" + token + "=(\\d{1,3})$");
    }

    static GuestScript of(String command) {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return new GuestScript(command, HexFormat.of().formatHex(random));
    }

    String command() {
        return command;
    }

    /** The command disk's bytes: the command, then newlines (which a shell skips) up to a whole 64 KiB. */
    byte[] drive() {
        byte[] text = (command.endsWith("\n") ? command : command + "\n").getBytes(StandardCharsets.UTF_8);
        int size = (text.length + DRIVE_UNIT - 1) / DRIVE_UNIT * DRIVE_UNIT;
        byte[] drive = new byte[size];
        System.arraycopy(text, 0, drive, 0, text.length);
        Arrays.fill(drive, text.length, size, (byte) '\n');
        return drive;
    }

    /** The line the wrapper prints just before the command starts. */
    String startLine() {
        return "ocisi-run-" + token;
    }

    /**
     * The command's exit status, when {@code line} is the wrapper's last; with the text the command printed before it
     * on the same line (output without a final newline), which may be empty.
     */
    Optional<Exit> exit(String line) {
        Matcher matcher = exitLine.matcher(line);
        return matcher.matches()
                ? Optional.of(new Exit(Integer.parseInt(matcher.group(2)), matcher.group(1)))
                : Optional.empty();
    }

    /** The command's exit status, and what it printed on the marker's line before the marker. */
    record Exit(int status, String before) {}

    /**
     * What the kernel command line gets after the image's own: {@code quiet} unless the image's line sets the kernel's
     * verbosity itself; {@code panic=-1} unless it sets what a panic does, so that a guest that panics before the
     * command (no driver for its disk, no init) ends the run at once instead of at the boot timeout; and the wrapper
     * as init (fast) or as systemd's {@code systemd.run} (system), with systemd's power-off after it either way.
     */
    String kernelArguments(String cmdline, VmSettings.Init init) {
        String verbosity =
                hasWord(cmdline, "quiet") || cmdline.contains("loglevel=") || hasWord(cmdline, "debug") ? "" : "quiet ";
        String panic = hasSetting(cmdline, "panic") ? "" : "panic=-1 ";
        return switch (init) {
            case FAST -> verbosity + panic + "init=/bin/sh -- -c \"" + wrapper(true) + "\"";
            case SYSTEM ->
                verbosity + panic + "systemd.run=\"/bin/sh -c '" + wrapper(false)
                        + "'\" systemd.run_success_action=poweroff-force systemd.run_failure_action=poweroff-force";
        };
    }

    /**
     * The shell text around the command. As init (fast) it mounts what a command expects (proc, sys, a devtmpfs when
     * no initrd did, a tmpfs on /run) and powers off with the kernel's SysRq trigger, which needs no program in the
     * image; it must not exit, as init's exit is a panic. Under systemd everything is mounted and systemd powers off.
     * It holds no quote: it sits inside the kernel command line's double quotes and systemd's single quotes.
     */
    String wrapper(boolean asInit) {
        StringBuilder text = new StringBuilder("export PATH=" + PATH + "; ");
        if (asInit) {
            text.append("[ -e /proc/self ] || mount -t proc proc /proc; ")
                    .append("[ -e /sys/kernel ] || mount -t sysfs sysfs /sys; ")
                    .append("[ -b " + DEVICE + " ] || mount -t devtmpfs devtmpfs /dev; ")
                    .append("mount -t tmpfs tmpfs /run 2>/dev/null; ");
        }
        text.append("[ -c /dev/console ] && exec >/dev/console 2>&1 </dev/null; ")
                .append("echo; echo " + startLine() + "; sh " + DEVICE + "; echo ocisi-exit-" + token + "=$?");
        if (asInit) {
            text.append("; sync 2>/dev/null; echo o >/proc/sysrq-trigger; sleep 60");
        }
        return text.toString();
    }

    /**
     * What stops a command line from carrying the wrapper, or empty: arguments for init after {@code --} (the
     * wrapper puts its own there), or a line longer than the kernel takes.
     */
    static OptionalInt lengthOver(String fullCommandLine) {
        int length = fullCommandLine.getBytes(StandardCharsets.UTF_8).length;
        return length > MOST_KERNEL_COMMAND_LINE ? OptionalInt.of(length) : OptionalInt.empty();
    }

    static boolean passesArgumentsToInit(String cmdline) {
        return hasWord(cmdline, "--");
    }

    private static boolean hasSetting(String cmdline, String name) {
        return hasPart(cmdline, part -> part.startsWith(name + "="));
    }

    private static boolean hasWord(String cmdline, String word) {
        return hasPart(cmdline, word::equals);
    }

    private static boolean hasPart(String cmdline, Predicate<String> test) {
        return Arrays.stream(cmdline.strip().split("\\s+")).anyMatch(test);
    }
}
