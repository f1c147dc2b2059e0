package dev.ocisi.core.doctor;

import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.Trees;
import dev.ocisi.core.problem.ToolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Runs a container with podman, as every RUN step of a build does, and names the machine's problem when it fails.
 * The container's root is a folder holding only a static busybox, so the check needs no image and no registry and
 * leaves nothing in the store.
 */
final class PodmanContainerCheck {

    static final String SUBJECT = "podman test container";
    /** The settings that machines like ocisi's CI need (Debian 12 in a container: runc, cgroupfs, lower limits). */
    static final String CONTAINERS_CONF = "[containers]\n"
            + "    default_ulimits = [\"nofile=20000:20000\", \"nproc=32768:32768\"]\n"
            + "    [engine]\n"
            + "    runtime = \"runc\"\n"
            + "    cgroup_manager = \"cgroupfs\"";

    private static final List<Path> STATIC_BUSYBOX = List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"));

    private final CommandRunner runner;
    private final String podman;

    PodmanContainerCheck(CommandRunner runner, String podman) {
        this.runner = runner;
        this.podman = podman;
    }

    Finding run() {
        Path busybox =
                STATIC_BUSYBOX.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (busybox == null) {
            return Finding.warning(
                    SUBJECT, "not run: it needs a static busybox on this machine", "apt-get install busybox-static");
        }
        Path root;
        Finding finding;
        try {
            root = Files.createTempDirectory("ocisi-doctor-");
        } catch (IOException e) {
            return Finding.problem(SUBJECT, "could not be run: " + e.getMessage(), "check the temp folder");
        }
        try {
            Files.createDirectories(root.resolve("bin"));
            Files.copy(busybox, root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            CommandRunner.Result result = runner.run(List.of(
                    podman, "run", "--rm", "--network", "none", "--rootfs", root.toString(), "/bin/busybox", "true"));
            finding = result.ok() ? Finding.ok(SUBJECT, "runs") : diagnose(result.stderr() + result.stdout());
        } catch (IOException | ToolException e) {
            finding = Finding.problem(SUBJECT, "could not be run: " + e.getMessage(), "see podman's own message above");
        }
        // podman fills the folder (dev, etc/hosts, proc, ...): all of it goes
        try {
            Trees.delete(root);
            return finding;
        } catch (IOException e) {
            return new Finding(
                    finding.subject(),
                    finding.status(),
                    finding.detail() + " (its scratch folder " + root + " could not be removed: " + e.getMessage()
                            + ")",
                    finding.fix());
        }
    }

    /** The failures this kind of machine shows, each with the settings that fix it. */
    static Finding diagnose(String output) {
        String last = output.strip().lines().reduce((a, b) -> b).orElse("(no output)");
        String where = "in /etc/containers/containers.conf (root), ~/.config/containers/containers.conf (a user), "
                + "or a file named by $CONTAINERS_CONF";
        if (output.contains("rlimit")) {
            return Finding.problem(
                    SUBJECT,
                    "fails: podman's default ulimits are above this machine's hard limits " + "(" + last
                            + "); every RUN step of a build fails the same way",
                    "lower them " + where + ":\n    " + CONTAINERS_CONF);
        }
        if (output.contains("cgroup") || output.contains("crun")) {
            return Finding.problem(
                    SUBJECT,
                    "fails: the OCI runtime cannot set up this machine's cgroups (" + last
                            + "); every RUN step of a build fails the same way",
                    "use runc with cgroupfs " + where + ":\n    " + CONTAINERS_CONF);
        }
        return Finding.problem(
                SUBJECT,
                "fails: " + last,
                "check podman's message; on machines like ocisi's CI, " + "these settings " + where
                        + " are needed:\n    " + CONTAINERS_CONF);
    }
}
