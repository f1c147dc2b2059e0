package dev.ocisi.core.vm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a disk was made from, written as {@code metadata.json} beside it: the image it holds, what went into the
 * disk (so that a new image or new settings make a new disk), and the SHA-256 of each file, checked before a boot.
 *
 * @param image         the image's name and tag
 * @param imageId       the image the filesystem was exported from
 * @param inputs        the digest of everything the disk depends on: the image id and the disk settings
 * @param disk          the disk's file name, in the same folder
 * @param format        raw or qcow2
 * @param filesystemBytes the ext4 filesystem's size
 * @param diskSha256    the disk file's digest
 * @param kernel        the kernel's file name, in the same folder
 * @param kernelSource  where the kernel came from: a path inside the image, or a host file
 * @param kernelVersion the kernel's version, when known
 * @param kernelSha256  the kernel's digest
 * @param initrd        the initrd's file name, or null when there is none
 * @param initrdSha256  its digest, or null
 * @param created       when the disk was made (ISO-8601)
 * @param seconds       how long it took
 * @param kernelElf     the kernel unpacked, an ELF file QEMU boots directly (PVH), or null when it cannot be
 * @param kernelElfSha256 its digest, or null
 * @param initProgram   what the image's /sbin/init is (a link's target, "a program", or "none"); null in disks made
 *                      before it was recorded
 */
public record VmMetadata(
        String image,
        String imageId,
        String inputs,
        String disk,
        String format,
        long filesystemBytes,
        String diskSha256,
        String kernel,
        String kernelSource,
        String kernelVersion,
        String kernelSha256,
        String initrd,
        String initrdSha256,
        String created,
        double seconds,
        String kernelElf,
        String kernelElfSha256,
        String initProgram) {

    public static final String FILE_NAME = "metadata.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the image's /sbin/init is, when the disk recorded it. */
    public Optional<String> init() {
        return Optional.ofNullable(initProgram);
    }

    public Optional<String> initrdFile() {
        return Optional.ofNullable(initrd);
    }

    void write(Path folder) throws IOException {
        JSON.writeValue(folder.resolve(FILE_NAME).toFile(), this);
    }

    /** The metadata in {@code folder}, or empty when there is none or it cannot be read (an older or broken disk). */
    static Optional<VmMetadata> read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), VmMetadata.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
