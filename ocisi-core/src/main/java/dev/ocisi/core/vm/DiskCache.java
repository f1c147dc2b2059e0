package dev.ocisi.core.vm;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.Trees;
import dev.ocisi.core.log.Log;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the disks of one image live. Each disk is a folder of its own ({@code v-<image id>-<inputs>-<time>}: disk, kernel,
 * initrd, metadata.json); {@code current} is a symbolic link to the one in use. A new disk is made in a staging folder
 * beside them and becomes current by replacing the link in one rename, so a reader sees the old disk or the new one,
 * never half of either, and a failed build leaves {@code current} as it was.
 */
public final class DiskCache {

    static final String CURRENT = "current";
    static final String VERSION_PREFIX = "v-";
    static final String STAGING_PREFIX = ".staging-";
    /** A persistent overlay holds a user's changes to a disk: that disk stays until the user removes it. */
    static final String OVERLAY = "overlay.qcow2";

    private final Path folder;

    /**
     * @param root the folder that holds every image's disks; each image's is {@code name@tag}, which no other name
     *             and tag give, since neither holds an '@'
     */
    public DiskCache(Path root, ImageName image) {
        this.folder = root.resolve(image.name() + "@" + image.tag());
        adoptLegacyFolder(root.resolve(image.name() + "_" + image.tag()), image);
    }

    /**
     * Versions before 0.1 named the folder {@code name_tag}, which two images could share ({@code x_y:z} and
     * {@code x:y_z}). Such a folder becomes this image's only when neither name nor tag holds a '_', so that it can
     * have been no other image's; else it stays where it is.
     */
    private void adoptLegacyFolder(Path legacy, ImageName image) {
        if (image.name().contains("_")
                || image.tag().contains("_")
                || Files.exists(folder)
                || !Files.isDirectory(legacy, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.move(legacy, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // another run moved it first, or the move is not possible: the disk is made anew
        }
    }

    public Path folder() {
        return folder;
    }

    /** The folder QEMU's console log, socket and pid file go to. */
    public Path runFolder() {
        return folder.resolve("run");
    }

    /** The current disk's folder and what it holds, when there is one whose metadata can be read. */
    public Optional<CachedDisk> current() {
        Path link = folder.resolve(CURRENT);
        if (!Files.isDirectory(link)) {
            return Optional.empty();
        }
        try {
            Path target = link.toRealPath();
            return VmMetadata.read(target)
                    .filter(m -> Files.isRegularFile(target.resolve(m.disk())))
                    .map(m -> new CachedDisk(target, m));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Holds this image's disks for one run that makes a disk, so that two runs neither make the same disk twice nor
     * take each other's staging folder for an abandoned one. Waits while another run holds them.
     */
    FileLock lock(Log log) throws IOException {
        Files.createDirectories(folder);
        FileChannel channel =
                FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            log.info("Waiting for another run that is making a disk in " + folder);
            lock = channel.lock();
        }
        return lock;
    }

    /** A new, empty staging folder for a disk being made. */
    Path stage() throws IOException {
        Files.createDirectories(folder);
        return Files.createTempDirectory(folder, STAGING_PREFIX);
    }

    /**
     * Makes the staged disk current: moves its folder to its version name, then replaces the link in one rename.
     *
     * @return the disk's folder
     */
    Path promote(Path staging, VmMetadata metadata) throws IOException {
        String version = VERSION_PREFIX + Sha256.shortForm(metadata.imageId()) + "-"
                + metadata.inputs().substring(0, 8) + "-" + System.currentTimeMillis();
        Path target = folder.resolve(version);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        Path link = folder.resolve(CURRENT);
        Path newLink = folder.resolve(".current-" + ProcessHandle.current().pid());
        Files.deleteIfExists(newLink);
        Files.createSymbolicLink(newLink, Path.of(version));
        try {
            Files.move(newLink, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "the file system of " + folder + " cannot replace a link atomically: " + e.getMessage(), e);
        }
        return target;
    }

    /**
     * Removes the disks that are no longer current, except those a persistent overlay is built on.
     *
     * @return the folders kept for their overlay
     */
    List<Path> removeOld(Log log) throws IOException {
        Path current = folder.resolve(CURRENT).toRealPath();
        List<Path> kept = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, VERSION_PREFIX + "*")) {
            for (Path entry : entries) {
                if (entry.toRealPath().equals(current)) {
                    continue;
                }
                if (Files.exists(entry.resolve(OVERLAY))) {
                    kept.add(entry);
                    continue;
                }
                log.info("Removing the previous disk " + entry);
                Trees.delete(entry);
            }
        }
        return kept;
    }

    /** Staging folders left by a run that was killed: nothing refers to them. */
    void removeAbandonedStaging(FilesystemTools tools) throws IOException, VmException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, STAGING_PREFIX + "*")) {
            for (Path entry : entries) {
                tools.remove(entry);
            }
        }
    }

    /** A disk in the cache: its folder and its metadata. */
    public record CachedDisk(Path folder, VmMetadata metadata) {
        public Path disk() {
            return folder.resolve(metadata.disk());
        }

        public Path kernel() {
            return folder.resolve(metadata.kernel());
        }

        public Optional<Path> initrd() {
            return metadata.initrdFile().map(folder::resolve);
        }

        /** The unpacked kernel QEMU boots without unpacking it in the guest, when the disk has one. */
        public Optional<Path> kernelElf() {
            return Optional.ofNullable(metadata.kernelElf()).map(folder::resolve);
        }

        /** The kernel QEMU boots: the unpacked one when there is one, else the kernel as the image has it. */
        public Path bootKernel() {
            return kernelElf().orElse(kernel());
        }
    }
}
