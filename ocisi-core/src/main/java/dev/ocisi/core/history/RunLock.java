package dev.ocisi.core.history;

import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.StateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One {@code process} at a time per hierarchy: a file lock the operating system drops when the holder dies, so a
 * killed run never leaves the hierarchy locked. A second run waits for the first, saying so, up to a limit.
 */
public final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static RunLock acquire(Path stateFolder, List<Path> hierarchyFiles, Duration wait, Log log)
            throws StateException {
        Path file = stateFolder.resolve("locks").resolve(key(hierarchyFiles) + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            Instant deadline = Instant.now().plus(wait);
            boolean said = false;
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    String holder = "pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n";
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
                    return new RunLock(channel, lock);
                }
                if (!said) {
                    log.info("Another ocisi run is building this hierarchy (" + holder(file) + "); waiting up to "
                            + wait.toSeconds() + " s for it to finish");
                    said = true;
                }
                if (Instant.now().isAfter(deadline)) {
                    channel.close();
                    throw new StateException("another ocisi run is still building this hierarchy (" + holder(file)
                            + ", lock " + file + ") after " + wait.toSeconds() + " s; let it finish, or wait longer "
                            + "with -Docisi.lockWait=SECONDS");
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StateException("cannot lock " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while waiting for another ocisi run");
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another run in this same JVM
        }
    }

    private static String holder(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? "holder unknown" : text;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    public static String key(List<Path> files) {
        StringBuilder text = new StringBuilder();
        files.stream()
                .map(p -> p.toAbsolutePath().normalize().toString())
                .sorted()
                .forEach(p -> text.append(p).append('\n'));
        return Sha256.ofText(text.toString()).substring(0, 16);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the process
            }
        }
    }
}
