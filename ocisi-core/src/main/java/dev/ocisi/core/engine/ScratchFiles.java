package dev.ocisi.core.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scratch files in the temp folder (podman's image id file, a build context's tar) named after the process that
 * made them, {@code <prefix><pid>-<random><suffix>}. A process killed outright (SIGKILL, an OOM kill) cannot remove
 * its own: the next process that makes one of the same kind removes those whose process is gone.
 */
public final class ScratchFiles {

    private static final Set<String> SWEPT = ConcurrentHashMap.newKeySet();

    private ScratchFiles() {}

    public static Path create(String prefix, String suffix) throws IOException {
        if (SWEPT.add(prefix)) {
            sweep(Path.of(System.getProperty("java.io.tmpdir")), prefix, suffix);
        }
        return Files.createTempFile(prefix + ProcessHandle.current().pid() + "-", suffix);
    }

    /** Removes the files of this kind whose process has ended. */
    static void sweep(Path folder, String prefix, String suffix) {
        Pattern name = Pattern.compile(Pattern.quote(prefix) + "(\\d+)-\\d+" + Pattern.quote(suffix));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, prefix + "*")) {
            for (Path file : files) {
                Matcher matcher = name.matcher(file.getFileName().toString());
                if (matcher.matches()
                        && ProcessHandle.of(Long.parseLong(matcher.group(1)))
                                .map(p -> !p.isAlive())
                                .orElse(true)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            // what is not swept now is swept by a later run
        }
    }
}
