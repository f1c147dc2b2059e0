package dev.ocisi.core.doctor;

import dev.ocisi.core.config.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whether the kernel runs another platform's programs: a {@code binfmt_misc} handler per platform, registered for
 * QEMU's user-mode emulator with the F flag (the kernel opens the interpreter when it is registered, so a container
 * whose root lacks {@code /usr/bin/qemu-aarch64-static} still finds it). Without one, the first RUN step of that
 * platform fails with "Exec format error", after every image before it was built.
 *
 * Read from files only: {@code process} runs it before every build of another platform.
 */
final class EmulationCheck {

    static final Path BINFMT = Path.of("/proc/sys/fs/binfmt_misc");

    private final Path binfmt;
    private final Path root;

    /**
     * @param binfmt where {@code binfmt_misc} is mounted
     * @param root   the root the interpreters' paths are read against
     */
    EmulationCheck(Path binfmt, Path root) {
        this.binfmt = binfmt;
        this.root = root;
    }

    List<Finding> check(Collection<Platform> platforms) {
        List<Finding> findings = new ArrayList<>();
        for (Platform platform : platforms) {
            if (platform.isForeign()) {
                findings.add(check(platform));
            }
        }
        return findings;
    }

    private Finding check(Platform platform) {
        String subject = "emulation of " + platform;
        String install = "install QEMU's user-mode emulators, which register their handlers: apt-get install "
                + "qemu-user-static (Fedora: dnf install qemu-user-static; where systemd does not run, register them"
                + " from /usr/lib/binfmt.d/ into " + binfmt + "/register)";
        if (!Files.exists(binfmt.resolve("status"))) {
            return Finding.problem(
                    subject,
                    "binfmt_misc is not mounted at " + binfmt + ", so the kernel runs no other platform's programs",
                    "as root: mount -t binfmt_misc binfmt_misc " + binfmt + " (systemd mounts it at boot); then "
                            + install);
        }
        Path handler = binfmt.resolve("qemu-" + platform.qemuName());
        Optional<List<String>> lines = read(handler);
        if (lines.isEmpty()) {
            return Finding.problem(
                    subject, "no binfmt_misc handler qemu-" + platform.qemuName() + " in " + binfmt, install);
        }
        if (!lines.get().contains("enabled")) {
            return Finding.problem(subject, handler + " is disabled", "as root: echo 1 > " + handler);
        }
        String interpreter = value(lines.get(), "interpreter ");
        String flags = value(lines.get(), "flags: ");
        if (!flags.contains("F")) {
            return Finding.problem(
                    subject,
                    handler + " is registered without the F flag (flags: " + flags + "), so the kernel looks for "
                            + interpreter + " inside each container, which has none",
                    "register it with the F flag, as Debian's and Fedora's qemu-user-static do: as root, echo -1 > "
                            + handler + ", then " + install);
        }
        if (!interpreter.isEmpty() && !Files.exists(root.resolve(interpreter.substring(1)))) {
            return Finding.problem(subject, handler + "'s interpreter " + interpreter + " does not exist", install);
        }
        return Finding.ok(subject, "QEMU " + interpreter + " (binfmt_misc, flags " + flags + ")");
    }

    private static Optional<List<String>> read(Path file) {
        try {
            return Optional.of(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip())
                .findFirst()
                .orElse("");
    }
}
