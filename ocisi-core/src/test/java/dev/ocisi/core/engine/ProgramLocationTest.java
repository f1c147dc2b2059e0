package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's PATH lacks /usr/sbin, where Debian keeps mkfs.ext4 and debootstrap: programs are found there too. */
class ProgramLocationTest {

    @TempDir
    Path dir;

    private Path program(String folder, String name) throws Exception {
        Path file = Files.createDirectories(dir.resolve(folder)).resolve(name);
        Files.writeString(file, "#!/bin/sh\necho " + folder + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void pathFirstThenTheSystemFoldersElseTheNameAsItWas() throws Exception {
        program("bin", "both");
        Path sbinBoth = program("sbin", "both");
        Path onlySbin = program("sbin", "mkfs.ext4");
        List<Path> system = List.of(dir.resolve("sbin"));
        String path = dir.resolve("missing") + "::" + dir.resolve("bin");
        assertEquals("both", CommandRunner.locate("both", path, system), "PATH wins, as a shell would have it");
        assertEquals(onlySbin.toString(), CommandRunner.locate("mkfs.ext4", path, system));
        assertEquals("nowhere", CommandRunner.locate("nowhere", path, system));
        assertEquals("./both", CommandRunner.locate("./both", null, system), "a path is taken as it is");
        assertEquals(sbinBoth.toString(), CommandRunner.locate("both", null, system));
    }

    @Test
    void aProgramOnlyInASystemFolderRunsWithAUsersPath() throws Exception {
        Path onlySbin = program("sbin", "tool");
        CommandRunner runner = new CommandRunner(command -> {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("PATH", "/usr/bin:/bin");
            return builder;
        });
        // the production folders do not hold this tool: the system folder is the test's
        assertEquals(onlySbin.toString(), CommandRunner.locate("tool", "/usr/bin:/bin", List.of(dir.resolve("sbin"))));
        CommandRunner.Result mkfs = runner.run(List.of("mkfs.ext4", "-V"));
        assertEquals(0, mkfs.exitCode(), "mkfs.ext4 from /usr/sbin with PATH=/usr/bin:/bin: " + mkfs.stderr());
    }
}
