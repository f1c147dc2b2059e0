package dev.ocisi.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a bootable disk is made from an image and how it boots, written under {@code vm:} on the item (keys missing
 * there come from {@code vm:} in {@code defaults}).
 *
 * @param format      the disk's format
 * @param size        the filesystem's size in bytes; empty to size it from the image's files
 * @param kernel      where the kernel comes from
 * @param initrd      where the initial ramdisk comes from
 * @param cmdline     the kernel command line
 * @param memoryMib   the VM's memory in MiB
 * @param cpus        its virtual CPUs
 * @param bootLine    the text on the serial console that says the VM has booted
 * @param bootTimeout how long to wait for it
 * @param withProcess whether {@code process} makes the disk after building the image
 * @param init        what the guest runs first when it boots to run a command
 * @param smoke       the command {@code process} runs in each new disk before it becomes current, if any
 * @param runTimeout  how long a command in the guest may run
 */
public record VmSettings(
        DiskFormat format,
        OptionalLong size,
        BootFile kernel,
        BootFile initrd,
        String cmdline,
        long memoryMib,
        int cpus,
        String bootLine,
        Duration bootTimeout,
        boolean withProcess,
        Init init,
        Optional<String> smoke,
        Duration runTimeout) {

    public static final String DEFAULT_CMDLINE = "console=ttyS0 root=/dev/vda rw panic=-1";
    public static final long DEFAULT_MEMORY_MIB = 1024;
    public static final int DEFAULT_CPUS = 2;
    public static final String DEFAULT_BOOT_LINE = "login:";
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofMinutes(30);

    public VmSettings {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(smoke, "smoke");
        Objects.requireNonNull(runTimeout, "runTimeout");
    }

    /** What a guest booted to run a command starts as its first process. */
    public enum Init {
        /** The image's own init (systemd), which runs the command as its kernel command line asks. */
        SYSTEM("system"),
        /** A shell in place of the image's init: mounts what the command needs, runs it, powers off. */
        FAST("fast");

        private final String id;

        Init(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Optional<Init> parse(String text) {
            for (Init init : values()) {
                if (init.id.equals(text.strip())) {
                    return Optional.of(init);
                }
            }
            return Optional.empty();
        }
    }

    /** The disk formats ocisi writes: the raw ext4 filesystem, or it converted by {@code qemu-img}. */
    public enum DiskFormat {
        RAW("raw"),
        QCOW2("qcow2");

        private final String id;

        DiskFormat(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Optional<DiskFormat> parse(String text) {
            for (DiskFormat format : values()) {
                if (format.id.equals(text)) {
                    return Optional.of(format);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A kernel or initrd: found in the image's own files, read from a file on the host, or (for an initrd) none.
     *
     * @param file the host file, for {@link Source#FILE}
     */
    public record BootFile(Source source, Optional<Path> file) {
        public enum Source {
            IMAGE,
            FILE,
            NONE
        }

        public static final BootFile FROM_IMAGE = new BootFile(Source.IMAGE, Optional.empty());
        public static final BootFile NONE = new BootFile(Source.NONE, Optional.empty());

        public static BootFile of(Path file) {
            return new BootFile(Source.FILE, Optional.of(file));
        }

        @Override
        public String toString() {
            return switch (source) {
                case IMAGE -> "from the image";
                case NONE -> "none";
                case FILE -> file.orElseThrow().toString();
            };
        }
    }
}
