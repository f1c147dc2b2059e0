package dev.ocisi.core.vm;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.config.VmSettings;
import dev.ocisi.core.config.VmSettings.BootFile;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.ConfigurationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the bootable disk of one image: exports the image's filesystem through its engine, unpacks it, takes the
 * kernel and initrd out of it (or from the files the settings name), makes an ext4 filesystem of the tree, converts
 * it to qcow2 when asked, and writes the metadata. A disk made from the same image and settings before is reused;
 * a new one is made beside it and swapped in only when complete.
 */
public final class DiskMaker {

    /** Bumped when the way disks are made changes, so that older disks are made again. */
    private static final int LAYOUT = 2;

    private static final long MIB = 1L << 20;

    private final Engines engines;
    private final FilesystemTools tools;
    private final KernelImage kernels;
    private final Path root;
    private final Log log;

    /**
     * @param root    the folder that holds every image's disks
     * @param runner  runs tar, mkfs.ext4 and qemu-img
     * @param unshare whether the user is not root and tar and mkfs.ext4 run in {@code podman unshare}
     */
    public DiskMaker(Engines engines, CommandRunner runner, boolean unshare, Path root, Log log) {
        this.engines = engines;
        this.tools = new FilesystemTools(runner, unshare);
        this.kernels = new KernelImage(runner);
        this.root = root;
        this.log = log;
    }

    /** Makes (or reuses) the disk of each image, in order; fails at the first that cannot be made. */
    public List<VmDisk> makeAll(List<ImageSpec> specs) throws ConfigurationException, EngineException, VmException {
        List<VmDisk> disks = new ArrayList<>();
        for (ImageSpec spec : specs) {
            disks.add(make(spec));
        }
        return disks;
    }

    /** The disk of the image as it is built now: the cached one when nothing changed, else a new one, now current. */
    public VmDisk make(ImageSpec spec) throws ConfigurationException, EngineException, VmException {
        try (Candidate candidate = prepare(spec)) {
            return candidate.isNew() ? candidate.promote() : candidate.disk();
        }
    }

    /**
     * The disk of the image as it is built now, not yet current when it is new: the caller may check it (boot it)
     * before {@link Candidate#promote}; closing the candidate without promoting drops a new disk and leaves the
     * current one as it was. The candidate holds the image's disks until closed.
     */
    public Candidate prepare(ImageSpec spec) throws ConfigurationException, EngineException, VmException {
        VmSettings settings = spec.vm()
                .orElseThrow(() -> new ConfigurationException(
                        spec.origin().item(),
                        "image '" + spec.id()
                                + "' has no 'vm' section: add one (e.g. 'vm: {format: qcow2}') to make a disk "
                                + "of it"));
        ContainerEngine engine = engines.forManager(spec.manager());
        ImageDetails image = engine.inspect(spec.id().localReference())
                .orElseThrow(() -> new VmException("image " + spec.id().localReference() + " is not in "
                        + spec.manager() + "'s store: build it first " + "(mvn ocisi:process -Docisi.only="
                        + spec.id().name() + ")"));
        String inputs;
        try {
            inputs = inputs(image.id(), settings);
        } catch (IOException e) {
            throw VmException.cannot("read the kernel or initrd file that 'vm' of " + spec.id() + " names", e);
        }
        DiskCache cache = new DiskCache(root, spec.id());
        FileLock lock;
        try {
            lock = cache.lock(log);
        } catch (IOException e) {
            throw VmException.cannot("lock the disks of " + spec.id() + " in " + cache.folder(), e);
        }
        Candidate candidate = new Candidate(spec, cache, lock);
        try {
            candidate.prepare(settings, engine, image, inputs);
            return candidate;
        } catch (IOException e) {
            candidate.close();
            throw VmException.cannot("make the disk of " + spec.id() + " in " + cache.folder(), e);
        } catch (ConfigurationException | EngineException | VmException | RuntimeException e) {
            candidate.close();
            throw e;
        }
    }

    /** The disk of one image while its disks are held: the current one, or a new one in its staging folder. */
    public final class Candidate implements AutoCloseable {
        private final ImageSpec spec;
        private final DiskCache cache;
        private final FileLock lock;
        private Optional<DiskCache.CachedDisk> previous = Optional.empty();
        private VmDisk disk;
        private Path staging;

        private Candidate(ImageSpec spec, DiskCache cache, FileLock lock) {
            this.spec = spec;
            this.cache = cache;
            this.lock = lock;
        }

        private void prepare(VmSettings settings, ContainerEngine engine, ImageDetails image, String inputs)
                throws ConfigurationException, EngineException, VmException, IOException {
            previous = cache.current();
            if (previous.isPresent() && previous.get().metadata().inputs().equals(inputs)) {
                log.info("Disk of " + spec.id() + " is current: "
                        + previous.get().disk() + " (image " + Sha256.shortForm(image.id()) + ", made "
                        + previous.get().metadata().created() + ")");
                disk = new VmDisk(previous.get(), false, "image and settings unchanged");
                return;
            }
            String why = previous.isEmpty()
                    ? "no disk yet"
                    : !previous.get().metadata().imageId().equals(image.id())
                            ? "its image changed ("
                                    + Sha256.shortForm(previous.get().metadata().imageId()) + " -> "
                                    + Sha256.shortForm(image.id()) + ")"
                            : "its vm settings changed, or the way ocisi makes disks did";
            log.info("Making the disk of " + spec.id() + ": " + why);
            long started = System.nanoTime();
            cache.removeAbandonedStaging(tools);
            staging = cache.stage();
            VmMetadata metadata = build(spec, settings, engine, image, inputs, staging, started);
            disk = new VmDisk(new DiskCache.CachedDisk(staging, metadata), true, why);
        }

        /** Whether the disk was made now (and is not current until promoted). */
        public boolean isNew() {
            return staging != null;
        }

        /** The disk: the current one, or the new one in its staging folder. */
        public VmDisk disk() {
            return disk;
        }

        /** The disk that was current before, if any: it stays current unless the new one is promoted. */
        public Optional<DiskCache.CachedDisk> previous() {
            return previous;
        }

        /** Makes the new disk current and removes the older ones; returns it in its version folder. */
        public VmDisk promote() throws VmException {
            VmMetadata metadata = disk.disk().metadata();
            Path folder;
            List<Path> kept;
            try {
                folder = cache.promote(staging, metadata);
                staging = null;
                kept = cache.removeOld(log);
            } catch (IOException e) {
                throw VmException.cannot("make the new disk of " + spec.id() + " current in " + cache.folder(), e);
            }
            for (Path keptFolder : kept) {
                log.warn("Kept the previous disk " + keptFolder
                        + ": it has an overlay with changes made in a VM; remove "
                        + "the folder when you no longer need them");
            }
            log.info(String.format(
                    "Disk of %s ready in %.1f s: %s (%s, %d MiB filesystem)",
                    spec.id(),
                    metadata.seconds(),
                    folder.resolve(metadata.disk()),
                    metadata.format(),
                    metadata.filesystemBytes() / MIB));
            disk = new VmDisk(new DiskCache.CachedDisk(folder, metadata), true, disk.why());
            return disk;
        }

        /** Drops a new disk that was not promoted, and lets other runs make this image's disks again. */
        @Override
        // the channel is closed, not used: closing it releases the lock
        @SuppressWarnings("try")
        public void close() throws VmException {
            try (FileChannel channel = lock.channel()) {
                if (staging != null) {
                    tools.remove(staging);
                    staging = null;
                }
            } catch (IOException e) {
                throw VmException.cannot("release the disks of " + spec.id() + " in " + cache.folder(), e);
            }
        }
    }

    private VmMetadata build(
            ImageSpec spec,
            VmSettings settings,
            ContainerEngine engine,
            ImageDetails image,
            String inputs,
            Path staging,
            long started)
            throws VmException, EngineException, IOException, ConfigurationException {
        Path tarball = staging.resolve("filesystem.tar");
        log.info("  exporting the filesystem of " + Sha256.shortForm(image.id()));
        engine.exportFilesystem(image.id(), tarball);
        Path tree = staging.resolve("rootfs");
        Files.createDirectories(tree);
        tools.extract(tarball, tree);
        Files.delete(tarball);
        addMountPoints(tree);

        Optional<KernelFiles> found = KernelFiles.find(tree);
        String kernelSource;
        String kernelVersion = null;
        Path kernel = staging.resolve("vmlinuz");
        if (settings.kernel().source() == BootFile.Source.FILE) {
            Files.copy(settings.kernel().file().orElseThrow(), kernel);
            kernelSource = settings.kernel().file().orElseThrow().toString();
        } else {
            KernelFiles files = found.orElseThrow(() -> new ConfigurationException(
                    spec.origin().of("vm"),
                    "image " + spec.id() + " has no kernel: neither /boot/vmlinuz-* nor /usr/lib/modules/*/vmlinuz. "
                            + "Install one in its Containerfile (Debian: RUN apt-get install -y linux-image-amd64 "
                            + "initramfs-tools systemd-sysv) or set 'vm.kernel' to a kernel file"));
            Files.copy(files.kernel(), kernel);
            kernelSource = "/" + tree.relativize(files.kernel());
            kernelVersion = files.version();
        }
        Path initrd = staging.resolve("initrd.img");
        switch (settings.initrd().source()) {
            case FILE -> Files.copy(settings.initrd().file().orElseThrow(), initrd);
            case NONE -> initrd = null;
            case IMAGE -> {
                Path inImage = found.flatMap(KernelFiles::initrd)
                        .orElseThrow(() -> new ConfigurationException(
                                spec.origin().of("vm"),
                                "image " + spec.id() + " has a kernel but no initrd beside it ("
                                        + found.map(f -> "/boot/initrd.img-" + f.version())
                                                .orElse("/boot/initrd.img-*")
                                        + "), and the kernels distributions ship need one to mount a virtio disk. Install "
                                        + "initramfs-tools (Debian) or dracut in the image so that the kernel package makes "
                                        + "one, set 'vm.initrd' to an initrd file, or write 'initrd: none' for a kernel "
                                        + "with virtio and ext4 built in"));
                Files.copy(inImage, initrd);
            }
            default -> throw new IllegalStateException();
        }

        String initProgram = initProgram(tree);
        Path kernelElf = staging.resolve("vmlinux");
        Optional<String> notUnpacked = kernels.unpack(kernel, kernelElf);
        if (notUnpacked.isPresent()) {
            kernelElf = null;
            log.info("  the kernel boots as it is, unpacking itself in the guest: " + notUnpacked.get());
        }
        long bytes = settings.size().isPresent() ? settings.size().getAsLong() : autoSize(tree);
        Path raw = staging.resolve("disk.raw");
        log.info("  making a " + bytes / MIB + " MiB ext4 filesystem of its files");
        CommandRunner.Result mkfs = tools.makeExt4(tree, raw, bytes, "ocisi-root");
        if (!mkfs.ok()) {
            String output = FilesystemTools.tail(mkfs.stderr() + mkfs.stdout());
            boolean full = output.contains("Could not allocate")
                    || output.contains("No space left")
                    || output.contains("too small")
                    || output.contains("Not enough space");
            throw new VmException("mkfs.ext4 could not make the disk of " + spec.id() + ": " + output
                    + (full
                            ? "\nThe image's files do not fit in " + bytes / MIB + " MiB: raise 'vm.size' or remove "
                                    + "it to size the disk from the files"
                            : ""));
        }
        tools.remove(tree);
        Path disk = raw;
        if (settings.format() == VmSettings.DiskFormat.QCOW2) {
            disk = staging.resolve("disk.qcow2");
            tools.convert(raw, disk);
            Files.delete(raw);
        }
        double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
        VmMetadata metadata = new VmMetadata(
                spec.id().toString(),
                image.id(),
                inputs,
                disk.getFileName().toString(),
                settings.format().id(),
                bytes,
                sha256(disk),
                kernel.getFileName().toString(),
                kernelSource,
                kernelVersion,
                sha256(kernel),
                initrd == null ? null : initrd.getFileName().toString(),
                initrd == null ? null : sha256(initrd),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                seconds,
                kernelElf == null ? null : kernelElf.getFileName().toString(),
                kernelElf == null ? null : sha256(kernelElf),
                initProgram);
        metadata.write(staging);
        return metadata;
    }

    /**
     * What the disk depends on: the image and the settings that shape the disk (not those that shape a boot, such
     * as memory), with the contents of kernel and initrd files given on the host.
     */
    static String inputs(String imageId, VmSettings settings) throws IOException {
        String text = "layout " + LAYOUT + "\nimage " + imageId + "\nformat "
                + settings.format().id()
                + "\nsize " + (settings.size().isPresent() ? settings.size().getAsLong() : "auto")
                + "\nkernel " + describe(settings.kernel()) + "\ninitrd " + describe(settings.initrd()) + "\n";
        return Sha256.ofText(text);
    }

    private static String describe(BootFile file) throws IOException {
        return file.source() == BootFile.Source.FILE
                ? "file " + sha256(file.file().orElseThrow())
                : file.source().name();
    }

    /**
     * Room for the files as ext4 stores them (whole 4 KiB blocks, an inode each) and as much again, at least 512 MiB,
     * for the VM to write: the filesystem is sparse, so the room costs nothing until used.
     */
    static long autoSize(Path tree) throws IOException {
        long[] used = {0};
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                used[0] += (attributes.size() + 4095) / 4096 * 4096 + 256;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                used[0] += 4096 + 256;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return sizeFor(used[0]);
    }

    static long sizeFor(long usedBytes) {
        long total = usedBytes + Math.max(usedBytes, 512 * MIB);
        long step = 64 * MIB;
        return (total + step - 1) / step * step;
    }

    /**
     * The folders a kernel and an init mount things on, which a container image may lack (its engine makes them when
     * it starts a container): a busybox image holds only /bin. Folders the image has are left as they are.
     */
    private void addMountPoints(Path tree) throws VmException {
        for (String folder : List.of("dev", "proc", "sys", "run", "tmp")) {
            Path path = tree.resolve(folder);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                tools.makeFolder(path, folder.equals("tmp") ? "1777" : "0755");
            }
        }
    }

    /**
     * What the image's /sbin/init is: a link's target (systemd's, busybox's), "a program", or "none". Looked up
     * without following links out of the tree: /sbin is often a link to usr/sbin, so usr/sbin comes first.
     */
    static String initProgram(Path tree) throws IOException {
        for (String folder : List.of("usr/sbin", "sbin")) {
            Path parent = tree;
            boolean inTree = true;
            for (String part : folder.split("/")) {
                parent = parent.resolve(part);
                inTree &= Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS);
            }
            Path init = parent.resolve("init");
            if (!inTree || !Files.exists(init, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            return Files.isSymbolicLink(init) ? Files.readSymbolicLink(init).toString() : "a program";
        }
        return "none";
    }

    static String sha256(Path file) throws IOException {
        return Sha256.ofFile(file);
    }
}
