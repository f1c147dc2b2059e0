package dev.ocisi.core.rootfs;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RootfsSettings;
import dev.ocisi.core.engine.BuildFailedException;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.OutputTail;
import dev.ocisi.core.engine.ToolException;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.problem.StateException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Makes the image of an item with {@code rootfs:}: imports its tarball (whose digest {@link TarballPins} checked
 * before the run built anything), or runs debootstrap into a staging folder, packs it and imports that. The image is
 * imported untagged, like a build, so the caller moves the tag only once it exists.
 */
public final class RootfsImport {

    /** The mirror when the item names none and apt's sources name no Debian mirror. */
    static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";

    private final CommandRunner runner;
    private final Path workFolder;
    private final Path aptSources;

    /**
     * @param workFolder where debootstrap works and its package cache stays (under the state folder)
     * @param aptSources the folder of apt's configuration ({@code /etc/apt}), for the machine's own mirror
     */
    public RootfsImport(CommandRunner runner, Path workFolder, Path aptSources) {
        this.runner = runner;
        this.workFolder = workFolder;
        this.aptSources = aptSources;
    }

    /** @return the new image's id */
    public String make(ImageSpec spec, Map<String, String> labels, ContainerEngine engine, RunUser user,
            Consumer<String> output) throws EngineException, ToolException, StateException {
        RootfsSettings settings = spec.rootfs().orElseThrow();
        List<String> changes = settings.cmd().map(cmd -> List.of("CMD " + cmd)).orElse(List.of());
        if (settings.source() instanceof RootfsSettings.Tarball tarball) {
            output.accept("importing " + tarball.file() + " (sha256 " + tarball.sha256() + ", checked)");
            return engine.importRootfs(tarball.file(), labels, changes);
        }
        RootfsSettings.Debootstrap debootstrap = (RootfsSettings.Debootstrap) settings.source();
        if (!user.uid().equals("0")) {
            throw new BuildFailedException("debootstrap runs only as root (it makes device nodes and chroots into "
                    + "the new system): run ocisi as root, or make the root filesystem once as root and give it as "
                    + "'tarball:' with its 'sha256'", List.of());
        }
        try {
            Files.createDirectories(workFolder);
            Path staging = Files.createTempDirectory(workFolder, spec.id().name() + "-");
            try {
                Path root = staging.resolve("root");
                Files.createDirectory(root);
                bootstrap(debootstrap, root, output);
                Path tarball = staging.resolve("rootfs.tar");
                pack(root, tarball);
                return engine.importRootfs(tarball, labels, changes);
            } finally {
                removeStaging(staging);
            }
        } catch (IOException e) {
            throw new StateException("cannot stage the root filesystem of " + spec.id() + " under " + workFolder
                    + ": " + e.getMessage(), e);
        }
    }

    /** debootstrap's argument vector: the package cache is kept per suite, so that a second run downloads nothing. */
    static List<String> command(RootfsSettings.Debootstrap debootstrap, Path root, Path cache, String mirror) {
        List<String> command = new ArrayList<>(List.of("debootstrap"));
        if (!debootstrap.variant().isEmpty()) {
            command.add("--variant=" + debootstrap.variant());
        }
        command.add("--components=" + String.join(",", debootstrap.components()));
        if (!debootstrap.packages().isEmpty()) {
            command.add("--include=" + String.join(",", debootstrap.packages()));
        }
        command.add("--cache-dir=" + cache);
        command.addAll(List.of(debootstrap.suite(), root.toString(), mirror));
        return command;
    }

    /** The item's mirror; else the first Debian mirror in apt's sources (a machine without internet has one). */
    String mirror(RootfsSettings.Debootstrap debootstrap) {
        return debootstrap.mirror().orElseGet(() -> AptSources.debianMirror(aptSources).orElse(DEFAULT_MIRROR));
    }

    private void bootstrap(RootfsSettings.Debootstrap debootstrap, Path root, Consumer<String> output)
            throws BuildFailedException, ToolException, IOException {
        String mirror = mirror(debootstrap);
        Path cache = workFolder.resolve("debs-" + debootstrap.suite());
        Files.createDirectories(cache);
        List<String> command = command(debootstrap, root, cache, mirror);
        output.accept(String.join(" ", command));
        OutputTail tail = new OutputTail(output);
        int exit;
        // two images of the same suite share the package cache: one debootstrap writes to it at a time
        try (FileChannel channel = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            exit = runner.stream(command, tail);
        }
        if (exit != 0) {
            throw new BuildFailedException("debootstrap " + debootstrap.suite() + " from " + mirror + " failed (exit "
                    + exit + "): " + tail.lastMeaningful() + debootstrapHint(tail.lines()), tail.lines());
        }
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
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".bin")).toList()) {
                Files.delete(file);
            }
        } catch (NoSuchFileException e) {
            // a variant without apt
        }
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
        List<String> command = List.of("tar", "--create", "--file", tarball.toString(), "--directory",
                root.toString(), "--numeric-owner", "--xattrs", "--xattrs-include=*", ".");
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
            throw new ToolException("cannot remove " + staging + ": " + result.stderr().strip());
        }
    }
}
