package dev.ocisi.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.plan.RunUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rootless checks against a machine's files laid out in a folder of the test's own. */
class RootlessCheckTest {

    @TempDir
    Path root;

    private final RunUser user = new RunUser("alice", "1234", "1234");

    private RootlessCheck check(Map<String, String> environment) {
        return new RootlessCheck(root, user, environment);
    }

    @Test
    void aUserWithoutRangesIsToldSoWithTheFix() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/subuid"), "bob:100000:65536\n");
        Finding missing = check(Map.of()).range("subuid", "--add-subuids");
        assertEquals(Finding.Status.PROBLEM, missing.status());
        assertEquals(
                "/etc/subuid: no range for alice (uid 1234): rootless podman cannot map the image's users to "
                        + "yours\n    fix: as root: usermod --add-subuids 100000-165535 alice (pick a range no other user "
                        + "has in /etc/subuid; useradd gives new users one), then: podman system migrate",
                missing.describe());
        assertEquals(
                Finding.Status.PROBLEM,
                check(Map.of()).range("subgid", "--add-subgids").status(),
                "no /etc/subgid at all");

        Files.writeString(root.resolve("etc/subuid"), "bob:100000:65536\n1234:165536:1000\n");
        assertEquals(
                Finding.Status.WARNING,
                check(Map.of()).range("subuid", "--add-subuids").status(),
                "by uid, and too small");
        Files.writeString(root.resolve("etc/subuid"), "alice:165536:65536\n");
        assertEquals(
                Finding.ok("/etc/subuid", "65536 ids for alice"),
                check(Map.of()).range("subuid", "--add-subuids"));
    }

    @Test
    void theHelpersMustBeThereAndSetuid() throws Exception {
        Path bin = Files.createDirectories(root.resolve("usr/bin"));
        assertEquals(Finding.Status.PROBLEM, check(Map.of()).helper("newuidmap").status());
        Path helper = Files.writeString(bin.resolve("newuidmap"), "");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Finding plain = check(Map.of()).helper("newuidmap");
        assertEquals(Finding.Status.WARNING, plain.status());
        assertTrue(plain.detail().contains("not setuid root"), plain.detail());
    }

    @Test
    void theRuntimeFolderMustBeTheUsers() throws Exception {
        assertEquals(Finding.Status.PROBLEM, check(Map.of()).runtimeFolder().status());
        Path other = Files.createDirectories(root.resolve("run/user/9"));
        Finding notOwn = check(Map.of("XDG_RUNTIME_DIR", other.toString())).runtimeFolder();
        assertEquals(Finding.Status.PROBLEM, notOwn.status(), "the test's folder belongs to the test's user, not 1234");
        assertTrue(
                notOwn.fix().orElseThrow().contains("/run/user/1234"),
                notOwn.fix().orElseThrow());
    }

    @Test
    void aNetworkHelperAndTheTunDeviceAreNeeded() throws Exception {
        assertTrue(check(Map.of()).network().detail().startsWith("neither slirp4netns nor pasta"));
        Path slirp = Files.writeString(
                Files.createDirectories(root.resolve("usr/bin")).resolve("slirp4netns"), "");
        Files.setPosixFilePermissions(slirp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Finding noTun = check(Map.of()).network();
        assertEquals(Finding.Status.PROBLEM, noTun.status());
        assertTrue(
                noTun.fix().orElseThrow().startsWith("as root: chmod 0666 /dev/net/tun"),
                noTun.fix().get());
        Files.writeString(Files.createDirectories(root.resolve("dev/net")).resolve("tun"), "");
        assertEquals(
                Finding.ok("rootless network", "slirp4netns; /dev/net/tun opens"),
                check(Map.of()).network());
    }

    @Test
    void allChecksEveryPart() {
        assertEquals(
                List.of("newuidmap", "newgidmap", "/etc/subuid", "/etc/subgid", "XDG_RUNTIME_DIR", "rootless network"),
                check(Map.of()).all().stream().map(Finding::subject).toList());
    }
}
