package dev.ocisi.core.history;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.problem.StateException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

    @TempDir
    Path state;

    @Test
    // the resource is held, not used: closing it at the end of the block is the point
    @SuppressWarnings("try")
    void aSecondRunOnTheSameHierarchyWaitsThenRefusesWithTheHolder() throws Exception {
        List<Path> files = List.of(Path.of("/h/ocisictl.yaml"));
        RecordingLog log = new RecordingLog();
        try (RunLock first = RunLock.acquire(state, files, Duration.ofSeconds(5), log)) {
            StateException refused = assertThrows(
                    StateException.class, () -> RunLock.acquire(state, files, Duration.ofMillis(300), log));
            assertTrue(
                    refused.getMessage()
                            .startsWith("another ocisi run is still building this hierarchy (pid "
                                    + ProcessHandle.current().pid()),
                    refused.getMessage());
            assertTrue(
                    log.contains("Another ocisi run is building this hierarchy"),
                    log.lines().toString());
            try (RunLock other = RunLock.acquire(state, List.of(Path.of("/other.yaml")), Duration.ZERO, log)) {
                // another hierarchy is not held up
            }
        }
        try (RunLock again = RunLock.acquire(state, files, Duration.ZERO, log)) {
            // released with the first
        }
    }

    @Test
    void theKeyIgnoresFileOrder() {
        assertTrue(RunLock.key(List.of(Path.of("/a"), Path.of("/b")))
                .equals(RunLock.key(List.of(Path.of("/b"), Path.of("/a")))));
        assertNotEquals(RunLock.key(List.of(Path.of("/a"))), RunLock.key(List.of(Path.of("/b"))));
    }
}
