package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchFilesTest {

    @TempDir
    Path dir;

    @Test
    void theFilesOfAProcessThatIsGoneAreSweptAndNoOthers() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertEquals(0, ended.waitFor());
        long me = ProcessHandle.current().pid();
        Path dead = Files.createFile(dir.resolve("ocisi-iid-" + ended.pid() + "-123.txt"));
        Path alive = Files.createFile(dir.resolve("ocisi-iid-" + me + "-456.txt"));
        Path otherKind = Files.createFile(dir.resolve("ocisi-context-" + ended.pid() + "-789.tar"));
        Path notOurs = Files.createFile(dir.resolve("ocisi-iid-notes.txt"));
        ScratchFiles.sweep(dir, "ocisi-iid-", ".txt");
        assertTrue(Files.notExists(dead), "a killed run's file goes");
        assertTrue(Files.exists(alive), "a running process's file stays");
        assertTrue(Files.exists(otherKind) && Files.exists(notOurs), "only files of this kind and form");
    }
}
