package dev.ocisi.core.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.config.RootfsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of making images from root filesystems: debootstrap's arguments, apt's mirror, mount points. */
class RootfsPartsTest {

    @TempDir
    Path dir;

    @Test
    void debootstrapGetsExactlyTheItemsSettings() {
        RootfsSettings.Debootstrap full = new RootfsSettings.Debootstrap(
                "bookworm", "minbase", List.of("main", "contrib"), List.of("git", "jq"), Optional.empty());
        assertEquals(
                List.of(
                        "debootstrap",
                        "--variant=minbase",
                        "--components=main,contrib",
                        "--include=git,jq",
                        "--cache-dir=/c",
                        "bookworm",
                        "/r",
                        "http://m/debian"),
                RootfsImport.command(full, Path.of("/r"), Path.of("/c"), "http://m/debian"));
        RootfsSettings.Debootstrap plain =
                new RootfsSettings.Debootstrap("trixie", "", List.of("main"), List.of(), Optional.empty());
        assertEquals(
                List.of("debootstrap", "--components=main", "--cache-dir=/c", "trixie", "/r", "http://m/debian"),
                RootfsImport.command(plain, Path.of("/r"), Path.of("/c"), "http://m/debian"),
                "variant 'default' leaves debootstrap's own; no packages, no --include");
    }

    @Test
    void mmdebstrapGetsTheSameSettingsInTheUsersNamespaceAndTheCacheOnlyAtAPlainPath() {
        RootfsSettings.Debootstrap full = new RootfsSettings.Debootstrap(
                "bookworm", "minbase", List.of("main", "contrib"), List.of("git", "jq"), Optional.empty());
        List<String> cleanUp = List.of(
                "--skip=cleanup/apt",
                "--customize-hook=find \"$1\"/var/lib/apt/lists \"$1\"/var/cache/apt -type f -delete");
        List<String> expected = new java.util.ArrayList<>(List.of(
                "mmdebstrap",
                "--mode=unshare",
                "--quiet",
                "--variant=minbase",
                "--components=main,contrib",
                "--include=git,jq",
                "--setup-hook=mkdir -p \"$1\"/var/cache/apt/archives/",
                "--setup-hook=sync-in /c/debs /var/cache/apt/archives/",
                "--customize-hook=sync-out /var/cache/apt/archives /c/debs"));
        expected.addAll(cleanUp);
        expected.addAll(List.of("bookworm", "/r/rootfs.tar", "http://m/debian"));
        assertEquals(
                expected,
                RootfsImport.unsharedCommand(full, Path.of("/r/rootfs.tar"), Path.of("/c/debs"), "http://m/debian"));
        // mmdebstrap splits its sync hooks on spaces: a cache path with one is not handed to them
        List<String> spaced =
                RootfsImport.unsharedCommand(full, Path.of("/r/rootfs.tar"), Path.of("/my cache"), "http://m/debian");
        assertEquals(List.of(), spaced.stream().filter(a -> a.contains("sync-")).toList(), spaced.toString());
    }

    @Test
    void theMirrorIsTheItemsElseAptsDebianMirrorElseDebians() throws Exception {
        Path apt = Files.createDirectories(dir.resolve("apt/sources.list.d"));
        Files.writeString(apt.resolve("debian.sources"), """
                Types: deb
                # http://snapshot.debian.org/archive/debian/20250520T000000Z
                URIs: http://mirror.example/debian-security/
                Suites: bookworm-security

                Types: deb
                URIs: http://mirror.example/debian/
                Suites: bookworm bookworm-updates
                """);
        RootfsImport importer = new RootfsImport(null, null, dir, dir.resolve("apt"));
        RootfsSettings.Debootstrap own = new RootfsSettings.Debootstrap(
                "bookworm", "minbase", List.of("main"), List.of(), Optional.of("https://own.example/debian"));
        RootfsSettings.Debootstrap machines =
                new RootfsSettings.Debootstrap("bookworm", "minbase", List.of("main"), List.of(), Optional.empty());
        assertEquals("https://own.example/debian", importer.mirror(own));
        assertEquals("http://mirror.example/debian", importer.mirror(machines), "not the security archive");

        Files.delete(apt.resolve("debian.sources"));
        Files.writeString(
                dir.resolve("apt/sources.list"),
                "# deb http://old.example/debian bookworm main\n"
                        + "deb [arch=amd64 signed-by=/k.gpg] http://list.example/debian bookworm main\n");
        assertEquals("http://list.example/debian", importer.mirror(machines), "one-line sources with options");
        Files.delete(dir.resolve("apt/sources.list"));
        assertEquals(RootfsImport.DEFAULT_MIRROR, importer.mirror(machines));
    }

    @Test
    void mountsUnderTheStagingFolderComeDeepestFirst() {
        List<String> mountinfo = List.of(
                "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw",
                "90 22 0:5 / /var/s/x/root/proc rw - proc proc rw",
                "91 90 0:6 / /var/s/x/root/proc/sys/fs/binfmt_misc rw - binfmt_misc b rw",
                "92 22 0:7 / /var/s/x\\040y/root/sys rw - sysfs sysfs rw",
                "93 22 0:8 / /var/s/xx/root/dev rw - devtmpfs d rw");
        assertEquals(
                List.of("/var/s/x/root/proc/sys/fs/binfmt_misc", "/var/s/x/root/proc"),
                MountPoints.under(Path.of("/var/s/x"), mountinfo),
                "a sibling with a longer name is not under it");
        assertEquals(List.of("/var/s/x y/root/sys"), MountPoints.under(Path.of("/var/s/x y"), mountinfo));
    }
}
