package dev.ocisi.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.config.Platform;
import dev.ocisi.core.engine.EngineInfo;
import dev.ocisi.core.engine.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binfmt_misc handlers read from a folder laid out as the kernel's, each way one can be missing. */
class EmulationCheckTest {

    @TempDir
    Path dir;

    private static final Platform OTHER =
            Platform.machine().equals(Platform.parse("linux/arm64").orElseThrow())
                    ? Platform.parse("linux/amd64").orElseThrow()
                    : Platform.parse("linux/arm64").orElseThrow();

    private Finding check() {
        List<Finding> findings =
                new EmulationCheck(dir.resolve("binfmt"), dir).check(List.of(Platform.machine(), OTHER));
        assertEquals(1, findings.size(), "the machine's own platform needs no emulator");
        return findings.get(0);
    }

    private void handler(String flags, String status) throws Exception {
        Files.createDirectories(dir.resolve("binfmt"));
        Files.writeString(dir.resolve("binfmt/status"), "enabled\n");
        Files.writeString(
                dir.resolve("binfmt/qemu-" + OTHER.qemuName()),
                status + "\ninterpreter /usr/libexec/qemu-binfmt/" + OTHER.qemuName() + "-binfmt-P\nflags: " + flags
                        + "\noffset 0\nmagic 7f454c46\n");
    }

    @Test
    void saysWhatIsMissingAndHowToGetIt() throws Exception {
        Finding unmounted = check();
        assertEquals(Finding.Status.PROBLEM, unmounted.status());
        assertTrue(unmounted.detail().contains("binfmt_misc is not mounted"), unmounted.describe());
        assertTrue(unmounted.fix().orElseThrow().startsWith("as root: mount -t binfmt_misc binfmt_misc "));

        Files.createDirectories(dir.resolve("binfmt"));
        Files.writeString(dir.resolve("binfmt/status"), "enabled\n");
        Finding none = check();
        assertTrue(none.detail().contains("no binfmt_misc handler qemu-" + OTHER.qemuName()), none.describe());
        assertTrue(none.fix().orElseThrow().contains("apt-get install qemu-user-static"));

        handler("POC", "enabled");
        Finding noF = check();
        assertTrue(noF.detail().contains("without the F flag (flags: POC)"), noF.describe());

        handler("POCF", "disabled");
        assertTrue(check().detail().endsWith(" is disabled"), check().describe());

        handler("POCF", "enabled");
        Finding noInterpreter = check();
        assertTrue(noInterpreter.detail().contains("-binfmt-P does not exist"), noInterpreter.describe());

        Path interpreter = dir.resolve("usr/libexec/qemu-binfmt/" + OTHER.qemuName() + "-binfmt-P");
        Files.createDirectories(interpreter.getParent());
        Files.writeString(interpreter, "");
        Finding ok = check();
        assertEquals(Finding.Status.OK, ok.status(), ok.describe());
        assertEquals("emulation of " + OTHER, ok.subject());
    }

    @Test
    void anEngineOfAnotherPlatformIsAProblemOnlyWhenTheHierarchyNamesPlatforms() {
        Platform other = Platform.machine().equals(Platform.parse("linux/arm64").orElseThrow())
                ? Platform.parse("linux/amd64").orElseThrow()
                : Platform.parse("linux/arm64").orElseThrow();
        EngineInfo remote = new EngineInfo("podman CLI, remote", "ssh://pi@board", "4.3.1", "4.3.1", other.toString());
        Finding finding = Doctor.enginePlatform("podman CLI", remote, true).orElseThrow();
        assertEquals(Finding.Status.PROBLEM, finding.status());
        assertTrue(
                finding.describe().contains("ssh://pi@board runs on " + other + ", ocisi on " + Platform.machine())
                        && finding.describe().contains("run ocisi on a machine of " + other),
                finding.describe());
        assertTrue(Doctor.enginePlatform("podman CLI", remote, false).isEmpty(), "without platforms: its own builds");
        EngineInfo local = new EngineInfo(
                "podman CLI", "podman", "4.3.1", "4.3.1", Platform.machine().toString());
        assertTrue(Doctor.enginePlatform("podman CLI", local, true).isEmpty());
        EngineInfo silent = new EngineInfo("podman CLI", "podman", "4.3.1", "4.3.1", "");
        assertTrue(Doctor.enginePlatform("podman CLI", silent, true).isEmpty(), "an engine that does not say");
    }

    @Test
    void emulationIsCheckedHereOnlyForPodmanHere() {
        EngineSettings here = EngineSettings.defaults();
        assertFalse(here.podmanElsewhere());
        assertFalse(here.withPodmanHost(Optional.of("unix:///run/podman/podman.sock"))
                .podmanElsewhere());
        assertTrue(here.withPodmanHost(Optional.of("ssh://me@builder/run/podman/podman.sock"))
                .podmanElsewhere());
        assertTrue(here.withPodmanConnection(Optional.of("builder")).podmanElsewhere());
    }
}
