package dev.ocisi.core.vm;

import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.problem.ToolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The kernel as QEMU boots it fastest. A distribution's kernel is a bzImage: a compressed kernel behind code that
 * unpacks it, which under software emulation takes about two seconds of every boot (xz, Debian's choice, is the
 * slowest to unpack). A kernel built with PVH support (Debian's and Fedora's are) also boots as the plain ELF file
 * inside, straight into 64-bit code, so ocisi unpacks it once, when it makes the disk, and boots that.
 */
final class KernelImage {

    /** The ELF note of the PVH entry point (Xen's XEN_ELFNOTE_PHYS32_ENTRY), which QEMU needs to boot an ELF kernel. */
    private static final int PVH_NOTE = 18;

    private static final int PT_NOTE = 4;

    private final CommandRunner runner;

    KernelImage(CommandRunner runner) {
        this.runner = runner;
    }

    /** How the kernel's payload is compressed, and the program that unpacks it into a file when Java cannot. */
    @SuppressWarnings("ImmutableEnumChecker") // set here and only read: the magic is compared, the tool copied
    enum Compression {
        GZIP(new byte[] {0x1f, (byte) 0x8b}, null),
        XZ(
                new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0},
                List.of("xz", "--decompress", "--single-stream", "--stdout")),
        ZSTD(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, List.of("zstd", "--decompress", "--quiet", "--stdout")),
        LZ4(new byte[] {0x02, 0x21, 0x4c, 0x18}, List.of("lz4", "--decompress", "--quiet", "--stdout"));

        private final byte[] magic;
        private final List<String> tool;

        Compression(byte[] magic, List<String> tool) {
            this.magic = magic;
            this.tool = tool;
        }

        static Optional<Compression> of(byte[] payload) {
            for (Compression compression : values()) {
                if (payload.length >= compression.magic.length
                        && Arrays.equals(
                                payload, 0, compression.magic.length, compression.magic, 0, compression.magic.length)) {
                    return Optional.of(compression);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Writes the ELF kernel inside {@code bzImage} to {@code target} when it can be booted directly.
     *
     * @return why not, or empty when {@code target} was written
     */
    Optional<String> unpack(Path bzImage, Path target) throws IOException {
        byte[] image = Files.readAllBytes(bzImage);
        Optional<byte[]> payload = payload(image);
        if (payload.isEmpty()) {
            return Optional.of("not a bzImage of boot protocol 2.08 or later");
        }
        Optional<Compression> compression = Compression.of(payload.get());
        if (compression.isEmpty()) {
            return Optional.of("its payload is compressed in a way ocisi does not unpack (gzip, xz, zstd and lz4 are)");
        }
        Path packed = target.resolveSibling(target.getFileName() + ".packed");
        try {
            if (compression.get() == Compression.GZIP) {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(payload.get()));
                        OutputStream out = Files.newOutputStream(target)) {
                    in.transferTo(out);
                }
            } else {
                // the kernel's build appends the unpacked size to these formats, which their programs take for a
                // second, broken stream
                Files.write(packed, Arrays.copyOf(payload.get(), payload.get().length - 4));
                Optional<String> failed = runTool(compression.get(), packed, target);
                if (failed.isPresent()) {
                    Files.deleteIfExists(target);
                    return failed;
                }
            }
        } finally {
            Files.deleteIfExists(packed);
        }
        boolean pvh;
        // mapped, not read: the unpacked kernel is some 66 MB, of which the check reads the headers and the notes
        try (FileChannel file = FileChannel.open(target, StandardOpenOption.READ)) {
            pvh = hasPvhNote(file.map(FileChannel.MapMode.READ_ONLY, 0, file.size()));
        }
        if (!pvh) {
            Files.deleteIfExists(target);
            return Optional.of("the kernel has no PVH entry point (CONFIG_PVH)");
        }
        return Optional.empty();
    }

    private Optional<String> runTool(Compression compression, Path packed, Path target) throws IOException {
        List<String> command = new java.util.ArrayList<>(compression.tool);
        command.add(packed.toString());
        try {
            CommandRunner.Result result = runner.runToFile(command, target);
            return result.ok()
                    ? Optional.empty()
                    : Optional.of(compression.tool.get(0) + " failed: " + FilesystemTools.tail(result.stderr()));
        } catch (ToolException e) {
            return Optional.of(compression.tool.get(0) + " is not installed (" + e.getMessage() + ")");
        }
    }

    /** The compressed kernel inside a bzImage, as its setup header locates it. */
    static Optional<byte[]> payload(byte[] image) {
        if (image.length < 0x250
                || image[0x202] != 'H'
                || image[0x203] != 'd'
                || image[0x204] != 'r'
                || image[0x205] != 'S') {
            return Optional.empty();
        }
        ByteBuffer header = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (Short.toUnsignedInt(header.getShort(0x206)) < 0x0208) {
            return Optional.empty();
        }
        int setupSectors = Byte.toUnsignedInt(image[0x1f1]);
        long start = (long) ((setupSectors == 0 ? 4 : setupSectors) + 1) * 512
                + Integer.toUnsignedLong(header.getInt(0x248));
        long length = Integer.toUnsignedLong(header.getInt(0x24c));
        if (length < 8 || start + length > image.length) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(image, (int) start, (int) (start + length)));
    }

    /** Whether a 64-bit little-endian ELF file carries the PVH entry note QEMU boots it by. */
    static boolean hasPvhNote(ByteBuffer elf) {
        long length = elf.limit();
        if (length < 64
                || elf.get(0) != 0x7f
                || elf.get(1) != 'E'
                || elf.get(2) != 'L'
                || elf.get(3) != 'F'
                || elf.get(4) != 2
                || elf.get(5) != 1) {
            return false;
        }
        ByteBuffer file = elf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long headers = file.getLong(0x20);
        int size = Short.toUnsignedInt(file.getShort(0x36));
        int count = Short.toUnsignedInt(file.getShort(0x38));
        for (int i = 0; i < count; i++) {
            long at = headers + (long) i * size;
            if (at + 0x28 > length || file.getInt((int) at) != PT_NOTE) {
                continue;
            }
            long offset = file.getLong((int) at + 8);
            long end = Math.min(length, offset + file.getLong((int) at + 0x20));
            while (offset + 12 <= end) {
                int nameSize = file.getInt((int) offset);
                int descSize = file.getInt((int) offset + 4);
                int type = file.getInt((int) offset + 8);
                long name = offset + 12;
                if (nameSize < 0 || descSize < 0 || name + nameSize > end) {
                    break;
                }
                if (type == PVH_NOTE
                        && nameSize == 4
                        && file.get((int) name) == 'X'
                        && file.get((int) name + 1) == 'e'
                        && file.get((int) name + 2) == 'n') {
                    return true;
                }
                offset = name + align4(nameSize) + align4(descSize);
            }
        }
        return false;
    }

    private static long align4(int size) {
        return (size + 3L) & ~3L;
    }
}
