package dev.ocisi.core.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Root filesystems whose /, /usr or /bin others cannot traverse, found in tar's own listing. */
class RootModesTest {

    @TempDir
    Path dir;

    @Test
    void foldersOthersCannotTraverseAreNamedWithTheirModes() {
        List<String> listing = List.of(
                "drwx------ 0/0               0 2026-12-05 08:50 ./",
                "lrwxrwxrwx 0/0               0 2026-12-05 08:50 ./bin -> usr/bin",
                "drwxr-xr-x 0/0               0 2026-12-05 08:50 ./usr/",
                "drwxr-x--- 0/0               0 2026-12-05 08:50 ./usr/bin/",
                "drwx------ 0/0               0 2026-12-05 08:50 ./root/",
                "drwxrwxrwt 0/0               0 2026-12-05 08:50 ./tmp/",
                "-rwx------ 0/0              12 2026-12-05 08:50 ./usr/bin/secret");
        assertEquals(
                Map.of("", "drwx------", "usr/bin", "drwxr-x---"),
                RootModes.closed(listing),
                "/root may be closed; a link is judged by its target");
        assertEquals(
                Map.of(),
                RootModes.closed(List.of(
                        "drwxr-xr-x 0/0 0 2026-12-05 08:50 ./",
                        "drwxr-xr-x 0/0 0 2026-12-05 08:50 usr/",
                        "drwxrwxrwt 0/0 0 2026-12-05 08:50 ./bin/")));
    }

    @Test
    void aTarballPackedFromAPrivateFolderIsFoundWhateverItsCompression() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.writeString(root.resolve("usr/bin/sh"), "#!/bin/true\n");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        Path plain = tar(root, "plain.tar", "--create");
        Path gzip = tar(root, "packed.tar.gz", "--create", "--gzip");
        assertEquals(Map.of("", "drwx------"), RootModes.closed(plain));
        assertEquals(Map.of("", "drwx------"), RootModes.closed(gzip));
        String warning = RootModes.warning(plain, RootModes.closed(plain));
        assertTrue(warning.contains("/ (drwx------)") && warning.contains("chmod 755 ROOT"), warning);

        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(Map.of(), RootModes.closed(tar(root, "open.tar", "--create")));
        assertEquals(Map.of(), RootModes.closed(dir.resolve("missing.tar")), "tar cannot say: nothing to warn of");
    }

    private Path tar(Path root, String name, String... options) throws Exception {
        Path tarball = dir.resolve(name);
        List<String> command = new java.util.ArrayList<>(List.of("tar"));
        command.addAll(List.of(options));
        command.addAll(List.of("--file", tarball.toString(), "--directory", root.toString(), "."));
        assertEquals(0, new ProcessBuilder(command).inheritIO().start().waitFor());
        return tarball;
    }
}
