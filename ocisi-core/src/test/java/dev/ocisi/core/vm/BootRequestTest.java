package dev.ocisi.core.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.config.VmSettings;
import dev.ocisi.core.problem.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ocisi:boot's flags, checked before a disk is made: each wrong one named, with the fix. */
class BootRequestTest {

    @Test
    void theDefaultsBootWithKvmWhenItWorksOnASnapshot() throws Exception {
        BootRequest request = BootRequest.of(List.of(), false, "auto", "snapshot", null, null, 15);
        assertEquals(Optional.empty(), request.accelerator());
        assertEquals(BootOptions.DiskMode.SNAPSHOT, request.disk());
        assertEquals(Optional.empty(), request.command());
        assertEquals(Optional.empty(), request.init());
        assertEquals(Duration.ofSeconds(15), request.kvmWait());
    }

    @Test
    void aCommandWithItsInitAndTheOtherChoicesAreKept() throws Exception {
        BootRequest request = BootRequest.of(List.of("vm:latest"), false, " TCG ", "Overlay", "uname -r", "fast", 3);
        assertEquals(List.of("vm:latest"), request.images());
        assertEquals(Optional.of(Accelerator.TCG), request.accelerator());
        assertEquals(BootOptions.DiskMode.OVERLAY, request.disk());
        assertEquals(Optional.of("uname -r"), request.command());
        assertEquals(Optional.of(VmSettings.Init.FAST), request.init());
    }

    @Test
    void eachWrongFlagIsNamedWithTheFix() {
        assertWrong(
                "-Docisi.vm.accel", "'hvf' is not auto, kvm or tcg", List.of(), false, "hvf", "snapshot", null, null);
        assertWrong(
                "-Docisi.vm.init",
                "'openrc' is neither system",
                List.of(),
                false,
                "auto",
                "snapshot",
                "true",
                "openrc");
        assertWrong("-Docisi.vm.smoke", "not both", List.of(), true, "auto", "snapshot", "true", null);
        assertWrong("-Docisi.vm.init", "give the command", List.of(), false, "auto", "snapshot", null, "fast");
        assertWrong("-Docisi.vm.run", "the command is empty", List.of(), false, "auto", "snapshot", "  ", null);
        assertWrong("-Docisi.vm.disk", "'copy' is neither snapshot", List.of(), false, "auto", "copy", null, null);
    }

    private static void assertWrong(
            String flag,
            String says,
            List<String> images,
            boolean smoke,
            String accel,
            String disk,
            String command,
            String init) {
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> BootRequest.of(images, smoke, accel, disk, command, init, 15));
        assertTrue(e.getMessage().contains(flag), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }
}
