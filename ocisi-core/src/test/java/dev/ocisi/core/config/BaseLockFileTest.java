package dev.ocisi.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.problem.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock file beside a hierarchy file: its name, what it holds, and a broken one reported with the fix. */
class BaseLockFileTest {

    @TempDir
    Path dir;

    @Test
    void theLockSitsBesideTheHierarchyFileAndReadsBackWhatWasWritten() throws Exception {
        Path yaml = dir.resolve("toolchains.yml");
        assertEquals(dir.resolve("toolchains.lock"), BaseLock.fileFor(yaml));
        BaseLock none = BaseLock.read(yaml, dir);
        assertTrue(!none.exists() && none.pins().isEmpty());
        BaseLock.Pin pin =
                new BaseLock.Pin("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "2026-11-22T07:00:00Z");
        BaseLock.Pin local = new BaseLock.Pin("", "sha256:" + "c".repeat(64), "2026-11-22T07:00:00Z");
        none.write(Map.of("docker.io/library/debian:bookworm", pin, "quay.io/x/y:1", local), "toolchains.yml");
        BaseLock read = BaseLock.read(yaml, dir);
        assertEquals(Map.of("docker.io/library/debian:bookworm", pin, "quay.io/x/y:1", local), read.pins());
        assertTrue(Files.readString(read.file()).startsWith("# The external base images of toolchains.yml, pinned"));
    }

    @Test
    void aBrokenLockFileNamesItselfAndTheFix() throws Exception {
        Path yaml = dir.resolve("ocisictl.yaml");
        Files.writeString(dir.resolve("ocisictl.lock"), "bases:\n  x:1: {id: nope}\n");
        ConfigurationException bad = assertThrows(ConfigurationException.class, () -> BaseLock.read(yaml, dir));
        assertEquals(
                "ocisictl.lock:1:1: the pin of x:1 needs 'id' (and may have 'digest') as sha256: and 64 hex "
                        + "digits; run `mvn ocisi:lock` to write it anew",
                bad.problems().get(0).line());
        Files.writeString(dir.resolve("ocisictl.lock"), "- just a list\n");
        assertEquals(
                "ocisictl.lock:1:1: the lock file holds no 'bases' mapping; delete it and run `mvn ocisi:lock` to "
                        + "write it anew",
                assertThrows(ConfigurationException.class, () -> BaseLock.read(yaml, dir))
                        .problems()
                        .get(0)
                        .line());
    }
}
