package dev.ocisi.core.config;

import dev.ocisi.core.problem.Problems;
import dev.ocisi.core.problem.Suggestions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code vm:}: the item's keys over those of {@code defaults}, each checked. */
final class VmKeys {

    static final String VM = "vm";

    static final String FORMAT = "format";
    static final String SIZE = "size";
    static final String KERNEL = "kernel";
    static final String INITRD = "initrd";
    static final String CMDLINE = "cmdline";
    static final String MEMORY = "memory";
    static final String CPUS = "cpus";
    static final String BOOT_LINE = "boot_line";
    static final String BOOT_TIMEOUT = "boot_timeout";
    static final String PROCESS = "process";
    static final String INIT = "init";
    static final String SMOKE = "smoke";
    static final String RUN_TIMEOUT = "run_timeout";

    static final List<String> ALL = List.of(
            FORMAT,
            SIZE,
            KERNEL,
            INITRD,
            CMDLINE,
            MEMORY,
            CPUS,
            BOOT_LINE,
            BOOT_TIMEOUT,
            PROCESS,
            INIT,
            SMOKE,
            RUN_TIMEOUT);

    /** A kernel or initrd taken from the image; the default, written out for clarity. */
    private static final String FROM_IMAGE = "image";

    private static final String NONE = "none";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*(s|m|min|h)?");
    private static final long SMALLEST_DISK = 16L << 20;
    private static final HostResources HOST = HostResources.current();
    /** What QEMU's default x86 machine takes: 255 processors, 1 TiB (TCG's 40-bit physical addresses). */
    private static final int MOST_CPUS = 255;

    private static final long MOST_MEMORY = 1L << 40;

    private VmKeys() {}

    static YamlFields fields(YamlFields owner) {
        return owner.section(VM, ALL, "VM settings such as 'format' and 'memory'");
    }

    /**
     * The settings, or null when a value is wrong (reported).
     *
     * @param folder the YAML file's folder: kernel and initrd files are relative to it
     */
    static VmSettings settings(YamlFields vm, Path folder, Problems problems) {
        int before = problems.mark();
        VmSettings.DiskFormat format = VmSettings.DiskFormat.QCOW2;
        String formatText = vm.string(FORMAT);
        if (formatText != null) {
            Optional<VmSettings.DiskFormat> parsed = VmSettings.DiskFormat.parse(formatText);
            if (parsed.isEmpty()) {
                problems.error(
                        vm.valueLocation(FORMAT),
                        "disk format '" + formatText + "' is neither qcow2 nor raw"
                                + Suggestions.didYouMean(formatText, List.of("qcow2", "raw")));
            }
            format = parsed.orElse(format);
        }
        OptionalLong size = OptionalLong.empty();
        String sizeText = vm.string(SIZE);
        if (sizeText != null && !sizeText.equals("auto")) {
            Optional<Long> bytes = ByteSizes.parse(sizeText);
            if (bytes.isEmpty() || bytes.get() < SMALLEST_DISK) {
                problems.error(
                        vm.valueLocation(SIZE),
                        "disk size '" + sizeText + "' is not a size of at least 16M "
                                + "with a unit, e.g. 4G or 512M; or write 'auto' (the default) to fit the image's files");
            } else {
                size = OptionalLong.of(bytes.get());
            }
        }
        VmSettings.BootFile kernel = bootFile(vm, KERNEL, folder, false, problems);
        VmSettings.BootFile initrd = bootFile(vm, INITRD, folder, true, problems);
        String cmdline = vm.string(CMDLINE);
        if (cmdline != null && cmdline.isBlank()) {
            problems.error(
                    vm.valueLocation(CMDLINE),
                    "'cmdline' is empty: give the kernel command line, e.g. '" + VmSettings.DEFAULT_CMDLINE
                            + "' (the default), or remove the key");
        }
        long memory = VmSettings.DEFAULT_MEMORY_MIB;
        String memoryText = vm.string(MEMORY);
        if (memoryText != null) {
            Optional<Long> bytes = ByteSizes.parse(memoryText);
            if (bytes.isEmpty() || bytes.get() < (64L << 20)) {
                problems.error(
                        vm.valueLocation(MEMORY),
                        "memory '" + memoryText + "' is not a size of at least 64M " + "with a unit, e.g. 1G or 768M");
            } else if (bytes.get() > MOST_MEMORY) {
                problems.error(
                        vm.valueLocation(MEMORY),
                        "memory '" + memoryText + "' is more than the 1T QEMU's "
                                + "emulated x86 machine can address (this machine has " + HOST.memoryText()
                                + "): give less, "
                                + "e.g. 2G");
            } else {
                if (HOST.memoryBytes() > 0 && bytes.get() > HOST.memoryBytes()) {
                    problems.warning(
                            vm.valueLocation(MEMORY),
                            "memory '" + memoryText + "' is more than this " + "machine has (" + HOST.memoryText()
                                    + "): QEMU will not boot it here");
                }
                memory = bytes.get() >> 20;
            }
        }
        int cpus = VmSettings.DEFAULT_CPUS;
        String cpusText = vm.string(CPUS);
        if (cpusText != null) {
            if (!cpusText.matches("\\d{1,3}") || Integer.parseInt(cpusText) < 1) {
                problems.error(vm.valueLocation(CPUS), "cpus '" + cpusText + "' is not a whole number of at least 1");
            } else if (Integer.parseInt(cpusText) > MOST_CPUS) {
                problems.error(
                        vm.valueLocation(CPUS),
                        "cpus '" + cpusText + "' is more than the " + MOST_CPUS
                                + " QEMU's pc machine takes (this machine has " + HOST.cpus() + "): give at most "
                                + HOST.cpus() + " for a VM that runs here");
            } else {
                if (Integer.parseInt(cpusText) > HOST.cpus()) {
                    problems.warning(
                            vm.valueLocation(CPUS),
                            "cpus '" + cpusText + "' is more than the "
                                    + HOST.cpus()
                                    + " processors this machine has: the VM runs, but no faster than with "
                                    + HOST.cpus());
                }
                cpus = Integer.parseInt(cpusText);
            }
        }
        String bootLine = vm.string(BOOT_LINE);
        if (bootLine != null && bootLine.isBlank()) {
            problems.error(
                    vm.valueLocation(BOOT_LINE),
                    "'boot_line' is empty: give the text the serial console "
                            + "shows once the VM is up, e.g. 'login:' (the default)");
        }
        Duration timeout = duration(vm, BOOT_TIMEOUT, "boot timeout", VmSettings.DEFAULT_BOOT_TIMEOUT, problems);
        Duration runTimeout = duration(vm, RUN_TIMEOUT, "run timeout", VmSettings.DEFAULT_RUN_TIMEOUT, problems);
        VmSettings.Init init = VmSettings.Init.SYSTEM;
        String initText = vm.string(INIT);
        if (initText != null) {
            Optional<VmSettings.Init> parsed = VmSettings.Init.parse(initText);
            if (parsed.isEmpty()) {
                problems.error(
                        vm.valueLocation(INIT),
                        "init '" + initText + "' is neither system (the image's own "
                                + "init, systemd) nor fast (a shell of ocisi's in its place)"
                                + Suggestions.didYouMean(initText, List.of("system", "fast")));
            }
            init = parsed.orElse(init);
        }
        String smoke = vm.script(SMOKE);
        if (smoke != null && smoke.isBlank()) {
            problems.error(
                    vm.valueLocation(SMOKE),
                    "'smoke' is empty: give the shell command to run in the VM "
                            + "of each new disk, e.g. 'uname -r', or remove the key");
        }
        // a smoke test runs in process, so it makes process make the disk unless the item says otherwise
        Boolean process = vm.isAbsent(PROCESS) ? Boolean.valueOf(smoke != null) : vm.bool(PROCESS);
        if (Boolean.FALSE.equals(process) && smoke != null) {
            problems.error(
                    vm.valueLocation(PROCESS),
                    "'process: false' with 'smoke': the smoke test runs when "
                            + "mvn ocisi:process makes the disk, which this forbids. Remove 'process: false' (a smoke test "
                            + "makes process make the disk), or remove 'smoke'");
        }
        boolean wrong = process == null || problems.errorsSince(before);
        return wrong
                ? null
                : new VmSettings(
                        format,
                        size,
                        kernel,
                        initrd,
                        cmdline == null ? VmSettings.DEFAULT_CMDLINE : cmdline.strip(),
                        memory,
                        cpus,
                        bootLine == null ? VmSettings.DEFAULT_BOOT_LINE : bootLine,
                        timeout,
                        process,
                        init,
                        Optional.ofNullable(smoke),
                        runTimeout);
    }

    private static Duration duration(YamlFields vm, String key, String what, Duration fallback, Problems problems) {
        String text = vm.string(key);
        if (text == null) {
            return fallback;
        }
        Optional<Duration> parsed = duration(text);
        if (parsed.isEmpty()) {
            problems.error(
                    vm.valueLocation(key),
                    what + " '" + text + "' is not a duration above zero such as 90s, " + "5m or 1h");
        }
        return parsed.orElse(fallback);
    }

    private static VmSettings.BootFile bootFile(
            YamlFields vm, String key, Path folder, boolean noneAllowed, Problems problems) {
        String text = vm.string(key);
        if (text == null || text.equals(FROM_IMAGE)) {
            return VmSettings.BootFile.FROM_IMAGE;
        }
        if (text.equals(NONE) && noneAllowed) {
            return VmSettings.BootFile.NONE;
        }
        Path file = folder.resolve(text).normalize();
        if (!Files.isRegularFile(file)) {
            problems.error(
                    vm.valueLocation(key),
                    "'" + key + "' names " + file + ", which is not a file: give a "
                            + key + " file (relative to this YAML file), or 'image' to take it from the image's /boot"
                            + (noneAllowed ? ", or 'none' for a kernel that mounts its root without one" : ""));
        }
        return VmSettings.BootFile.of(file);
    }

    private static Optional<Duration> duration(String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        Duration duration = switch (unit) {
            case "s" -> Duration.ofSeconds(number);
            case "h" -> Duration.ofHours(number);
            default -> Duration.ofMinutes(number);
        };
        return duration.isZero() ? Optional.empty() : Optional.of(duration);
    }
}
