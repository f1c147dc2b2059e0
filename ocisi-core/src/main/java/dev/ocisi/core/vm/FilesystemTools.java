package dev.ocisi.core.vm;

import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.problem.ToolException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The programs that turn an exported image into a disk: {@code tar} unpacks it with its owners, {@code mkfs.ext4 -d}
 * copies the tree into a new filesystem (no loop mount, no root beyond owning the files), {@code qemu-img} converts.
 * As root they run as they are. A user without root runs {@code tar}, {@code mkfs.ext4} and the removal inside
 * {@code podman unshare}, the user namespace rootless podman stores its images in: there the image's owners exist,
 * so the disk keeps root's files as root's.
 */
final class FilesystemTools {

    private final CommandRunner runner;
    private final List<String> prefix;

    /** @param unshare whether to run inside {@code podman unshare} (for users without root) */
    FilesystemTools(CommandRunner runner, boolean unshare) {
        this.runner = runner;
        this.prefix = unshare ? List.of("podman", "unshare") : List.of();
    }

    void extract(Path tarball, Path folder) throws VmException {
        run(
                List.of(
                        "tar",
                        "--extract",
                        "--file",
                        tarball.toString(),
                        "--directory",
                        folder.toString(),
                        "--numeric-owner",
                        "--same-owner",
                        "--preserve-permissions",
                        "--xattrs",
                        "--xattrs-include=*"),
                "unpack the image's files");
    }

    /** Makes a folder with the mode given in octal (as the user the tree's owners map to). */
    void makeFolder(Path folder, String mode) throws VmException {
        run(List.of("mkdir", "-m", mode, folder.toString()), "make " + folder);
    }

    /** Makes an ext4 filesystem of {@code bytes} holding the tree under {@code folder}. */
    CommandRunner.Result makeExt4(Path folder, Path disk, long bytes, String label) throws VmException {
        return runner(List.of(
                "mkfs.ext4", "-q", "-F", "-L", label, "-d", folder.toString(), disk.toString(), (bytes >> 10) + "k"));
    }

    void convert(Path raw, Path qcow2) throws VmException {
        runPlain(
                List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString()),
                "convert the disk to qcow2");
    }

    /** Removes a tree that may hold the image's files, owned by whomever the image says. */
    void remove(Path folder) throws VmException {
        if (Files.exists(folder)) {
            run(List.of("rm", "-rf", "--one-file-system", folder.toString()), "remove " + folder);
        }
    }

    private void run(List<String> command, String doing) throws VmException {
        check(runner(command), command, doing);
    }

    private void runPlain(List<String> command, String doing) throws VmException {
        try {
            check(runner.run(command), command, doing);
        } catch (ToolException e) {
            throw new VmException(e.getMessage(), e);
        }
    }

    private CommandRunner.Result runner(List<String> command) throws VmException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        if (!prefix.isEmpty()) {
            // podman unshare looks the program up on the user's PATH, which lacks /usr/sbin (mkfs.ext4)
            full.set(prefix.size(), CommandRunner.locate(command.get(0)));
        }
        try {
            return runner.run(full);
        } catch (ToolException e) {
            throw new VmException(e.getMessage(), e);
        }
    }

    private static void check(CommandRunner.Result result, List<String> command, String doing) throws VmException {
        if (!result.ok()) {
            throw new VmException("cannot " + doing + ": " + command.get(0) + " exited with " + result.exitCode() + ": "
                    + tail(result.stderr()));
        }
    }

    static String tail(String output) {
        List<String> lines = output.strip().lines().filter(l -> !l.isBlank()).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
