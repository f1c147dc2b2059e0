package dev.ocisi.core.vm;

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

    /** Whether {@code file} was found to have {@code sha256} and has not changed since. */
    boolean known(Path file, String sha256) throws IOException {
        return stamp(file).map(s -> (s + " " + sha256).equals(verified.get(file.getFileName().toString())))
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
        verified.forEach((name, value) -> text.append(name).append(' ').append(value).append('\n'));
        Path temporary = record.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid());
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
