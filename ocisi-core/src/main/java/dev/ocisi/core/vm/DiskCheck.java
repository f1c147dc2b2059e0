package dev.ocisi.core.vm;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers which of a disk's files were found to match their recorded SHA-256, with the file's identity and change
 * time, so that a boot hashes a file (a gigabyte of disk: two seconds) only when it may have changed. The change time
 * (ctime) moves with every write and no program can set it back, so an unchanged stamp means unchanged contents.
 */
final class DiskCheck {

    static final String FILE_NAME = ".verified";

    private final Path record;
    private final Map<String, String> verified = new LinkedHashMap<>();

    DiskCheck(Path folder) throws IOException {
        this.record = folder.resolve(FILE_NAME);
        if (Files.isRegularFile(record)) {
            for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    verified.put(line.substring(0, space), line.substring(space + 1));
                }
            }
        }
    }

    /**
     * Checks a disk's files against the digests recorded when it was made, so that what boots is what was built;
     * hashes only the files that may have changed since the last check.
     */
    static void verify(ImageSpec spec, DiskCache.CachedDisk disk, Log log) throws VmException, IOException {
        VmMetadata metadata = disk.metadata();
        DiskCheck known = new DiskCheck(disk.folder());
        known.check(spec, disk.disk(), metadata.diskSha256());
        known.check(spec, disk.kernel(), metadata.kernelSha256());
        if (disk.initrd().isPresent()) {
            known.check(spec, disk.initrd().get(), metadata.initrdSha256());
        }
        if (disk.kernelElf().isPresent()) {
            known.check(spec, disk.kernelElf().get(), metadata.kernelElfSha256());
        }
        try {
            known.save();
        } catch (IOException e) {
            log.debug("Cannot record the checked files in " + disk.folder() + " (the next boot checks them again): "
                    + e.getMessage());
        }
    }

    private void check(ImageSpec spec, Path file, String expected) throws VmException, IOException {
        if (known(file, expected)) {
            return;
        }
        String actual = hash(file);
        if (!actual.equals(expected)) {
            throw new VmException(file + " changed since ocisi made it (SHA-256 " + Sha256.shortForm(actual)
                    + " instead of " + Sha256.shortForm(expected) + "): remove " + file.getParent()
                    + " and run mvn ocisi:vm -Docisi.image=" + spec.id().name() + " to make the disk again");
        }
    }

    /** Whether {@code file} was found to have {@code sha256} and has not changed since. */
    boolean known(Path file, String sha256) throws IOException {
        return stamp(file)
                .map(s -> (s + " " + sha256)
                        .equals(verified.get(file.getFileName().toString())))
                .orElse(false);
    }

    /**
     * Hashes the file and records its digest with the stamp it had before: a write while it is hashed moves the
     * stamp, so that the next check hashes it again.
     *
     * @return the file's SHA-256
     */
    String hash(Path file) throws IOException {
        Optional<String> before = stamp(file);
        String sha256 = DiskMaker.sha256(file);
        if (before.isPresent() && before.equals(stamp(file))) {
            verified.put(file.getFileName().toString(), before.get() + " " + sha256);
        }
        return sha256;
    }

    /** Writes the record (by rename, so that a reader never sees half of it). */
    void save() throws IOException {
        StringBuilder text = new StringBuilder();
        verified.forEach(
                (name, value) -> text.append(name).append(' ').append(value).append('\n'));
        Path temporary =
                record.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid());
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file's device and inode, size, and modification and change times; empty where ctime cannot be read. */
    private static Optional<String> stamp(Path file) throws IOException {
        Map<String, Object> unix;
        try {
            unix = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(unix.get("dev") + ":" + unix.get("ino") + ":" + unix.get("size") + ":"
                + nanos(unix.get("lastModifiedTime")) + ":" + nanos(unix.get("ctime")));
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
