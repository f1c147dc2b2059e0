package dev.ocisi.core.doctor;

import dev.ocisi.core.plan.RunUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What rootless podman needs from the machine and the user, checked before anything runs: the setuid helpers that
 * map the image's users into the user's ranges, the ranges themselves, a runtime folder of the user's own, and a
 * network for RUN steps (slirp4netns or pasta, which need /dev/net/tun). Each finding says the fix, since these are
 * set once by root and otherwise fail half-way through a build with podman's own words.
 */
final class RootlessCheck {

    /** What a user's image needs at least: uid 0 to 65535 inside the container (Debian's nobody is 65534). */
    private static final long RANGE_NEEDED = 65_536;

    private final Path root;
    private final RunUser user;
    private final Map<String, String> environment;

    /**
     * @param root the machine's root folder ("/"; a test gives a folder of its own)
     */
    RootlessCheck(Path root, RunUser user, Map<String, String> environment) {
        this.root = root;
        this.user = user;
        this.environment = environment;
    }

    List<Finding> all() {
        List<Finding> findings = new ArrayList<>();
        findings.add(helper("newuidmap"));
        findings.add(helper("newgidmap"));
        findings.add(range("subuid", "--add-subuids"));
        findings.add(range("subgid", "--add-subgids"));
        findings.add(runtimeFolder());
        findings.add(network());
        return findings;
    }

    /** newuidmap or newgidmap: installed, and setuid root (or, as on Fedora, with file capabilities). */
    Finding helper(String name) {
        Path file = root.resolve("usr/bin").resolve(name);
        if (!Files.isRegularFile(file)) {
            return Finding.problem(
                    name,
                    "missing: rootless podman cannot map the image's users",
                    "as root: apt-get install uidmap (Fedora: dnf install shadow-utils)");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            boolean setuid = ((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 04000) != 0;
            int owner = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (setuid && owner == 0 && permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return Finding.ok(name, file + ", setuid root");
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Finding.warning(
                    name,
                    "cannot read the mode of " + file + ": " + e.getMessage(),
                    "ls -l " + file + " should show -rwsr-xr-x root");
        }
        return Finding.warning(
                name,
                file + " is not setuid root: it works only with file capabilities (Fedora's " + "way; getcap " + file
                        + " shows them)",
                "as root: chmod u+s " + file + ", or reinstall uidmap");
    }

    /** The user's range in /etc/subuid or /etc/subgid, by name or by uid. */
    Finding range(String file, String usermodOption) {
        String subject = "/etc/" + file;
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve("etc").resolve(file));
        } catch (IOException e) {
            lines = List.of();
        }
        long total = 0;
        for (String line : lines) {
            String[] fields = line.strip().split(":");
            if (fields.length == 3 && (fields[0].equals(user.name()) || fields[0].equals(user.uid()))) {
                try {
                    total += Long.parseLong(fields[2]);
                } catch (NumberFormatException e) {
                    // a line podman skips too
                }
            }
        }
        String fix = "as root: usermod " + usermodOption + " 100000-165535 " + user.name() + " (pick a range no "
                + "other user has in " + subject + "; useradd gives new users one), then: podman system migrate";
        if (total == 0) {
            return Finding.problem(
                    subject,
                    "no range for " + user.name() + " (uid " + user.uid() + "): rootless "
                            + "podman cannot map the image's users to yours",
                    fix);
        }
        if (total < RANGE_NEEDED) {
            return Finding.warning(
                    subject,
                    total + " ids for " + user.name() + ", fewer than the " + RANGE_NEEDED
                            + " an image's users may need (Debian's nobody is 65534)",
                    fix);
        }
        return Finding.ok(subject, total + " ids for " + user.name());
    }

    /** XDG_RUNTIME_DIR: set, a folder of the user's own, where podman keeps its runtime state. */
    Finding runtimeFolder() {
        String value = environment.get("XDG_RUNTIME_DIR");
        String fix = "a login session sets it (/run/user/" + user.uid() + "); else: export XDG_RUNTIME_DIR=$HOME/"
                + ".cache/run with that folder made with mode 0700";
        if (value == null || value.isBlank()) {
            return Finding.problem("XDG_RUNTIME_DIR", "not set: rootless podman keeps its runtime state there", fix);
        }
        Path folder = Path.of(value);
        try {
            if (!Files.isDirectory(folder)
                    || !String.valueOf(Files.getAttribute(folder, "unix:uid")).equals(user.uid())
                    || !Files.isWritable(folder)) {
                return Finding.problem(
                        "XDG_RUNTIME_DIR", value + " is not a folder " + user.name() + " owns and " + "can write", fix);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Finding.problem("XDG_RUNTIME_DIR", "cannot read " + value + ": " + e.getMessage(), fix);
        }
        return Finding.ok("XDG_RUNTIME_DIR", value);
    }

    /** A network for RUN steps: slirp4netns or pasta installed, and /dev/net/tun open to the user. */
    Finding network() {
        List<String> found = new ArrayList<>();
        for (String program : List.of("pasta", "slirp4netns")) {
            if (Files.isExecutable(root.resolve("usr/bin").resolve(program))) {
                found.add(program);
            }
        }
        if (found.isEmpty()) {
            return Finding.problem(
                    "rootless network",
                    "neither slirp4netns nor pasta is installed: a RUN step " + "that uses the network fails",
                    "as root: apt-get install slirp4netns (or passt)");
        }
        Path tun = root.resolve("dev/net/tun");
        if (!Files.isReadable(tun) || !Files.isWritable(tun)) {
            return Finding.problem(
                    "rootless network",
                    found.get(0) + " is installed, but " + user.name()
                            + " cannot open /dev/net/tun, which it needs (\"open /dev/net/tun: Permission denied\" at the "
                            + "first RUN step)",
                    "as root: chmod 0666 /dev/net/tun (a workstation has it so); in a container, "
                            + "give it the device: --device /dev/net/tun");
        }
        return Finding.ok("rootless network", String.join(" and ", found) + "; /dev/net/tun opens");
    }
}
