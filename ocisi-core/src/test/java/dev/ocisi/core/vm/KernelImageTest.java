package dev.ocisi.core.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.engine.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kernel's ELF found inside a bzImage by its setup header, unpacked, and kept only with a PVH entry note. */
class KernelImageTest {

    @TempDir
    Path dir;

    private final KernelImage kernels = new KernelImage(new CommandRunner(ProcessBuilder::new));

    /** A 64-bit ELF file with one note segment holding one note. */
    static byte[] elf(String noteName, int noteType) {
        ByteBuffer elf = ByteBuffer.allocate(0x100).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        elf.putLong(0x20, 0x40).putShort(0x36, (short) 0x38).putShort(0x38, (short) 1);
        elf.putInt(0x40, 4).putLong(0x48, 0xa0).putLong(0x60, 0x20);
        byte[] name = (noteName + "\0").getBytes(StandardCharsets.UTF_8);
        elf.putInt(0xa0, name.length).putInt(0xa4, 4).putInt(0xa8, noteType);
        elf.put(0xac, name);
        return elf.array();
    }

    /** A bzImage: 5 sectors of setup (4 after the boot sector), then the payload at offset 16 of the kernel part. */
    static byte[] bzImage(byte[] payload) {
        ByteBuffer image = ByteBuffer.allocate(5 * 512 + 16 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        image.put(0x1f1, (byte) 4)
                .put(0x202, (byte) 'H')
                .put(0x203, (byte) 'd')
                .put(0x204, (byte) 'r')
                .put(0x205, (byte) 'S')
                .putShort(0x206, (short) 0x020f)
                .putInt(0x248, 16)
                .putInt(0x24c, payload.length);
        image.put(5 * 512 + 16, payload);
        return image.array();
    }

    @Test
    void aGzipKernelWithAPvhNoteIsUnpacked() throws Exception {
        byte[] elf = elf("Xen", 18);
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(elf);
        }
        Path image = Files.write(dir.resolve("vmlinuz"), bzImage(gzip.toByteArray()));
        assertEquals(Optional.empty(), kernels.unpack(image, dir.resolve("vmlinux")));
        assertArrayEquals(elf, Files.readAllBytes(dir.resolve("vmlinux")));
    }

    @Test
    void anXzKernelIsUnpackedByXzDespiteTheSizeTheKernelsBuildAppends() throws Exception {
        byte[] elf = elf("Xen", 18);
        Path plain = Files.write(dir.resolve("plain"), elf);
        new ProcessBuilder(List.of("xz", "--check=crc32", plain.toString()))
                .start()
                .waitFor();
        byte[] xz = Files.readAllBytes(dir.resolve("plain.xz"));
        byte[] withSize = java.util.Arrays.copyOf(xz, xz.length + 4);
        ByteBuffer.wrap(withSize).order(ByteOrder.LITTLE_ENDIAN).putInt(xz.length, elf.length);
        Path image = Files.write(dir.resolve("vmlinuz"), bzImage(withSize));
        assertEquals(Optional.empty(), kernels.unpack(image, dir.resolve("vmlinux")));
        assertArrayEquals(elf, Files.readAllBytes(dir.resolve("vmlinux")));
    }

    @Test
    void aKernelWithoutThePvhNoteOrNotABzImageStaysAsItIs() throws Exception {
        assertTrue(KernelImage.hasPvhNote(ByteBuffer.wrap(elf("Xen", 18))));
        assertFalse(KernelImage.hasPvhNote(ByteBuffer.wrap(elf("Xen", 17))), "another Xen note");
        assertFalse(KernelImage.hasPvhNote(ByteBuffer.wrap(elf("GNU", 18))), "another owner's note of the same number");
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(elf("GNU", 3));
        }
        Path image = Files.write(dir.resolve("vmlinuz"), bzImage(gzip.toByteArray()));
        assertEquals(
                Optional.of("the kernel has no PVH entry point (CONFIG_PVH)"),
                kernels.unpack(image, dir.resolve("vmlinux")));
        assertFalse(Files.exists(dir.resolve("vmlinux")));
        Path text = Files.writeString(dir.resolve("text"), "not a kernel");
        assertEquals(
                Optional.of("not a bzImage of boot protocol 2.08 or later"),
                kernels.unpack(text, dir.resolve("vmlinux")));
    }
}
