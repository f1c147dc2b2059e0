package dev.ocisi.core.vm;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A VM that reached its boot line.
 *
 * @param seconds    from starting QEMU to the boot line
 * @param consoleLog the serial console's file
 * @param pid        QEMU's process while the VM runs; empty after a smoke test powered it off
 * @param sshPort    the host port forwarded to the guest's port 22
 */
public record BootResult(
        Accelerator accelerator, double seconds, Path consoleLog, Path consoleSocket, OptionalLong pid, int sshPort) {}
