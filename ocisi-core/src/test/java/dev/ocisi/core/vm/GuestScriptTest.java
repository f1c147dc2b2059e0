package dev.ocisi.core.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.VmSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuestScriptTest {

    private final GuestScript script = new GuestScript("echo \"it's\" | tr a-z A-Z\nexit 3", "c0ffee01");

    @Test
    void theCommandGoesOnItsDiskAsItIsPaddedWithNewlinesToWhole64KiB() {
        byte[] drive = script.drive();
        assertEquals(64 * 1024, drive.length);
        String text = new String(drive, StandardCharsets.UTF_8);
        String command = "echo \"it's\" | tr a-z A-Z\nexit 3\n";
        assertTrue(text.startsWith(command), text.substring(0, 40));
        assertTrue(text.substring(command.length()).chars().allMatch(c -> c == '\n'));
        assertEquals(128 * 1024, new GuestScript("x".repeat(70_000), "t").drive().length);
    }

    @Test
    void theFastInitIsAShellThatMountsRunsReportsAndPowersOffWithoutAQuote() {
        String arguments = script.kernelArguments("console=ttyS0 root=/dev/vda rw panic=-1", VmSettings.Init.FAST);
        assertEquals("quiet init=/bin/sh -- -c \"" + script.wrapper(true) + "\"", arguments);
        String wrapper = script.wrapper(true);
        assertFalse(
                wrapper.contains("\"") || wrapper.contains("'") || wrapper.contains("\n") || wrapper.contains("%"),
                wrapper);
        assertTrue(wrapper.contains("[ -e /proc/self ] || mount -t proc proc /proc; "), wrapper);
        assertTrue(wrapper.contains("[ -b /dev/vdb ] || mount -t devtmpfs devtmpfs /dev; "), wrapper);
        assertTrue(wrapper.contains("echo ocisi-run-c0ffee01; sh /dev/vdb; echo ocisi-exit-c0ffee01=$?; "), wrapper);
        assertTrue(wrapper.endsWith("echo o >/proc/sysrq-trigger; sleep 60"), wrapper);
    }

    @Test
    void systemRunsTheWrapperAsSystemdsCommandAndLetsSystemdPowerOff() {
        String arguments = script.kernelArguments("console=ttyS0 root=/dev/vda quiet", VmSettings.Init.SYSTEM);
        assertEquals(
                "panic=-1 systemd.run=\"/bin/sh -c '" + script.wrapper(false) + "'\" "
                        + "systemd.run_success_action=poweroff-force systemd.run_failure_action=poweroff-force",
                arguments,
                "quiet is not added twice; a panic ends the run at once");
        assertTrue(
                script.kernelArguments("console=ttyS0 panic=30 quiet", VmSettings.Init.SYSTEM)
                        .startsWith("systemd.run="),
                "the image's own panic setting stays");
        assertFalse(
                script.wrapper(false).contains("mount") || script.wrapper(false).contains("sysrq"));
        assertTrue(
                script.kernelArguments("console=ttyS0 loglevel=7", VmSettings.Init.SYSTEM)
                        .startsWith("panic=-1 systemd.run="),
                "loglevel= sets the verbosity: no quiet");
    }

    @Test
    void onlyAWholeMarkerLineWithTheTokenEndsTheRun() {
        assertEquals(Optional.of(new GuestScript.Exit(3, "")), script.exit("ocisi-exit-c0ffee01=3"));
        assertEquals(
                Optional.of(new GuestScript.Exit(0, "no newline")), script.exit("no newlineocisi-exit-c0ffee01=0"));
        assertEquals(Optional.empty(), script.exit("ocisi-exit-c0ffee02=0"), "another run's token");
        assertEquals(Optional.empty(), script.exit("[    0.0] Kernel command line: echo ocisi-exit-c0ffee01=$?"));
        assertEquals(Optional.empty(), script.exit("ocisi-exit-c0ffee01=3 and more"));
    }

    @Test
    void theCommandLineCannotPassItsOwnInitArgumentsNorGrowPastTheKernelsLimit() {
        assertTrue(GuestScript.passesArgumentsToInit("root=/dev/vda -- single"));
        assertFalse(GuestScript.passesArgumentsToInit("root=/dev/vda a--b"));
        assertTrue(GuestScript.lengthOver("x".repeat(2047)).isEmpty());
        assertEquals(2048, GuestScript.lengthOver("x".repeat(2048)).getAsInt());
    }

    @Test
    void theGoalLogsTheBootAtDebugTheCommandsOutputAtInfoAndKeepsTheStatus() {
        RecordingLog log = new RecordingLog();
        VmSettings settings = new VmSettings(
                VmSettings.DiskFormat.QCOW2,
                java.util.OptionalLong.empty(),
                VmSettings.BootFile.FROM_IMAGE,
                VmSettings.BootFile.FROM_IMAGE,
                VmSettings.DEFAULT_CMDLINE,
                1024,
                2,
                "login:",
                Duration.ofSeconds(60),
                false,
                VmSettings.Init.FAST,
                Optional.empty(),
                Duration.ofSeconds(90));
        CommandGoal goal = new CommandGoal(script, settings, VmSettings.Init.FAST, log);
        goal.accept("[    1.0] Run /init as init process", 1_000);
        assertEquals(60_000_000_000L + 5, goal.deadline(5), "the boot timeout until the command starts");
        goal.accept("ocisi-run-c0ffee01", 2_000);
        assertEquals(2_000 + 90_000_000_000L + 5, goal.deadline(5), "then the run timeout from its start");
        goal.accept("IT'S", 3_000);
        assertFalse(goal.reached(""));
        goal.accept("ocisi-exit-c0ffee01=3", 4_000);
        assertTrue(goal.reached(""));
        assertEquals(3, goal.status());
        assertEquals(List.of("IT'S"), goal.tail());
        assertEquals(Optional.of(Duration.ofNanos(3_000)), goal.untilFirstOutput());
        assertEquals(Duration.ofNanos(2_000), goal.commandTime());
        assertEquals(
                List.of("INFO   | IT'S", "DEBUG   | [    1.0] Run /init as init process").stream()
                        .sorted()
                        .toList(),
                log.lines().stream().sorted().toList(),
                "the markers are not logged");
    }
}
