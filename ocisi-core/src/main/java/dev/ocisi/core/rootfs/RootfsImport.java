package dev.ocisi.core.rootfs;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.config.RootfsSettings;
import dev.ocisi.core.engine.BuildFailedException;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.OutputTail;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.problem.ToolException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Makes the image of an item with {@code rootfs:}: imports its tarball (whose digest {@link TarballPins} checked
 * before the run built anything), or runs debootstrap into a staging folder, packs it and imports that. The image is
 * imported untagged, like a build, so the caller moves the tag only once it exists.
 */
public final class RootfsImport {

    /** This process's hold on each package cache, under the file lock that other processes see. */
    private static final Map<Path, ReentrantLock> CACHE_LOCKS = new ConcurrentHashMap<>();

    /** The mirror when the item names none and apt's sources name no Debian mirror. */
    static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";

    private final CommandRunner runner;
    private final Log log;
    private final Path workFolder;
    private final Path aptSources;

    /**
     * @param workFolder where debootstrap works and its package cache stays (under the state folder)
     * @param aptSources the folder of apt's configuration ({@code /etc/apt}), for the machine's own mirror
     */
    public RootfsImport(CommandRunner runner, Log log, Path workFolder, Path aptSources) {
        this.runner = runner;
        this.log = log;
        this.workFolder = workFolder;
        this.aptSources = aptSources;
    }

    /** @return the new image's id */
    /** The platform to record on the image, when the hierarchy names its platforms. */
    private static Optional<Platform> platformOf(ImageSpec spec) {
        return spec.hasPlatforms() ? Optional.of(spec.platform()) : Optional.empty();
    }

    public String make(
            ImageSpec spec, Map<String, String> labels, ContainerEngine engine, RunUser user, Consumer<String> output)
            throws EngineException, ToolException, StateException {
        RootfsSettings settings = spec.rootfs().orElseThrow();
        List<String> changes = settings.cmd().map(cmd -> List.of("CMD " + cmd)).orElse(List.of());
        if (settings.source() instanceof RootfsSettings.Tarball tarball) {
            output.accept("importing " + tarball.file() + " (sha256 " + tarball.sha256() + ", checked)");
            Map<String, String> closed = RootModes.closed(tarball.file());
            if (!closed.isEmpty()) {
                log.warn(spec.id() + ": " + RootModes.warning(tarball.file(), closed));
            }
            return engine.importRootfs(tarball.file(), labels, changes, platformOf(spec));
        }
        RootfsSettings.Debootstrap debootstrap = (RootfsSettings.Debootstrap) settings.source();
        boolean root = user.uid().equals("0");
        try {
            Files.createDirectories(workFolder);
            Path staging = Files.createTempDirectory(workFolder, spec.id().name() + "-");
            try {
                Path tarball = staging.resolve("rootfs.tar");
                if (root) {
                    Path tree = staging.resolve("root");
                    Files.createDirectory(tree);
                    // the image's / as every system has it, whatever this process's umask: others traverse it
                    Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxr-xr-x"));
                    bootstrap(debootstrap, tree, false, output);
                    pack(tree, tarball);
                } else {
                    // debootstrap needs root (device nodes, chroot); mmdebstrap makes the same system in the
                    // user's namespace and writes it as a tarball
                    bootstrap(debootstrap, tarball, true, output);
                }
                return engine.importRootfs(tarball, labels, changes, platformOf(spec));
            } finally {
                removeStaging(staging);
            }
        } catch (IOException e) {
            throw new StateException(
                    "cannot stage the root filesystem of " + spec.id() + " under " + workFolder + ": " + e.getMessage(),
                    e);
        }
    }

    /** debootstrap's argument vector: the package cache is kept per suite, so that a second run downloads nothing. */
    static List<String> command(RootfsSettings.Debootstrap debootstrap, Path root, Path cache, String mirror) {
        List<String> command = new ArrayList<>(List.of("debootstrap"));
        command.addAll(selection(debootstrap));
        command.add("--cache-dir=" + cache);
        command.addAll(List.of(debootstrap.suite(), root.toString(), mirror));
        return command;
    }

    /** The variant, components and packages, which debootstrap and mmdebstrap take alike. */
    private static List<String> selection(RootfsSettings.Debootstrap debootstrap) {
        List<String> options = new ArrayList<>();
        if (!debootstrap.variant().isEmpty()) {
            options.add("--variant=" + debootstrap.variant());
        }
        // another platform's packages run their scripts under QEMU (binfmt_misc with the F flag reaches into the
        // chroot), so one stage does it, as on that platform
        debootstrap.architecture().ifPresent(a -> options.add("--arch=" + a));
        options.add("--components=" + String.join(",", debootstrap.components()));
        if (!debootstrap.packages().isEmpty()) {
            options.add("--include=" + String.join(",", debootstrap.packages()));
        }
        return options;
    }

    /**
     * mmdebstrap's argument vector, for a user without root: the same suite, variant, components, packages and
     * mirror as debootstrap's, written as a tarball. The package cache is shared with debootstrap's through
     * mmdebstrap's sync hooks, when its path needs no quoting (the hooks are split on spaces).
     */
    static List<String> unsharedCommand(
            RootfsSettings.Debootstrap debootstrap, Path tarball, Path cache, String mirror) {
        List<String> command = new ArrayList<>(List.of("mmdebstrap", "--mode=unshare", "--quiet"));
        command.addAll(selection(debootstrap));
        if (cache.toString().matches("[A-Za-z0-9/._+-]+")) {
            command.add("--setup-hook=mkdir -p \"$1\"/var/cache/apt/archives/");
            command.add("--setup-hook=sync-in " + cache + " /var/cache/apt/archives/");
            command.add("--customize-hook=sync-out /var/cache/apt/archives " + cache);
        }
        // the package lists and downloaded packages go, as Debian's images and the debootstrap path leave them
        // out; mmdebstrap's own clean-up runs apt-get, which leaves the lists' lock behind
        command.add("--skip=cleanup/apt");
        command.add("--customize-hook=find \"$1\"/var/lib/apt/lists \"$1\"/var/cache/apt -type f -delete");
        command.addAll(List.of(debootstrap.suite(), tarball.toString(), mirror));
        return command;
    }

    /** The item's mirror; else the first Debian mirror in apt's sources (a machine without internet has one). */
    String mirror(RootfsSettings.Debootstrap debootstrap) {
        return debootstrap
                .mirror()
                .orElseGet(() -> AptSources.debianMirror(aptSources).orElse(DEFAULT_MIRROR));
    }

    /**
     * Runs debootstrap into the folder {@code target} (as root) or mmdebstrap into the tarball {@code target} (a user
     * without root), with the suite's package cache held for the run.
     */
    // the resource is held, not used: closing it at the end of the block is the point
    @SuppressWarnings("try")
    private void bootstrap(
            RootfsSettings.Debootstrap debootstrap, Path target, boolean unshared, Consumer<String> output)
            throws BuildFailedException, ToolException, IOException {
        String mirror = mirror(debootstrap);
        // per architecture: each platform's packages are others, and the platforms' roots are made at once
        Path cache = workFolder.resolve("debs-" + debootstrap.suite()
                + debootstrap.architecture().map(a -> "-" + a).orElse(""));
        Files.createDirectories(cache);
        List<String> command = unshared
                ? unsharedCommand(debootstrap, target, cache, mirror)
                : command(debootstrap, target, cache, mirror);
        output.accept(String.join(" ", command));
        OutputTail tail = new OutputTail(output);
        int exit;
        // two images of the same suite share the package cache: one bootstrap writes to it at a time, of this
        // process (a file lock is the whole process's: a second one of it would throw) and of any other
        ReentrantLock own = CACHE_LOCKS.computeIfAbsent(cache.toAbsolutePath().normalize(), k -> new ReentrantLock());
        own.lock();
        try (FileChannel channel =
                        FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            exit = runner.stream(command, tail);
        } catch (ToolException e) {
            if (!unshared || !e.getMessage().startsWith("cannot run")) {
                throw e;
            }
            throw new BuildFailedException(
                    "mmdebstrap is missing: a user without root makes a debootstrap item "
                            + "with it (debootstrap itself needs root). Install it: apt-get install mmdebstrap (Debian 12 "
                            + "has 1.3), or run ocisi as root",
                    List.of());
        } finally {
            own.unlock();
        }
        if (exit != 0) {
            throw new BuildFailedException(
                    command.get(0) + " " + debootstrap.suite() + " from " + mirror
                            + " failed (exit " + exit + "): " + tail.lastMeaningful()
                            + (unshared ? unsharedHint(tail.lines()) : debootstrapHint(tail.lines())),
                    tail.lines());
        }
        if (unshared) {
            return;
        }
        Path root = target;
        // what Debian's own images leave out: package lists and downloaded packages, which apt fetches again
        for (String folder : List.of("var/lib/apt/lists", "var/cache/apt/archives")) {
            Path dir = root.resolve(folder);
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
        try (var files = Files.list(root.resolve("var/cache/apt"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".bin"))
                    .toList()) {
                Files.delete(file);
            }
        } catch (NoSuchFileException e) {
            // a variant without apt
        }
    }

    private static String unsharedHint(List<String> lines) {
        String text = String.join("\n", lines);
        return text.contains("newuidmap") || text.contains("subuid")
                ? "\nIts user namespace needs your subordinate ids: mvn ocisi:doctor checks them"
                : "";
    }

    private static String debootstrapHint(List<String> lines) {
        String all = String.join("\n", lines);
        if (all.contains("Failed getting release file") || all.contains("Couldn't download")) {
            return "; check the suite's name and that the mirror is reachable, or set 'mirror:' under 'debootstrap'";
        }
        if (all.contains("Couldn't find these debs")) {
            return "; a name in 'packages' is no package of that suite";
        }
        return "";
    }

    private void pack(Path root, Path tarball) throws ToolException {
        List<String> command = List.of(
                "tar",
                "--create",
                "--file",
                tarball.toString(),
                "--directory",
                root.toString(),
                "--numeric-owner",
                "--xattrs",
                "--xattrs-include=*",
                ".");
        CommandRunner.Result result = runner.run(command);
        if (!result.ok()) {
            throw new ToolException("cannot pack the root filesystem (tar exited with " + result.exitCode() + "): "
                    + result.stderr().strip());
        }
    }

    /**
     * Removes the staging folder: debootstrap's mounts (a failed run can leave /proc mounted) first, then the files,
     * never crossing into another filesystem.
     */
    private void removeStaging(Path staging) throws ToolException {
        for (String mount : MountPoints.under(staging)) {
            runner.run(List.of("umount", "--lazy", mount));
        }
        CommandRunner.Result result = runner.run(List.of("rm", "-rf", "--one-file-system", staging.toString()));
        if (!result.ok()) {
            throw new ToolException(
                    "cannot remove " + staging + ": " + result.stderr().strip());
        }
    }
}
