package dev.ocisi.core.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How one boot runs.
 *
 * @param accelerator  KVM or TCG as the user asked, or empty for KVM when it works
 * @param disk         how the disk is opened
 * @param smoke        whether to power the VM off once it has booted (else it keeps running)
 * @param kvmWait      how long a KVM guest may stay silent before KVM counts as not working here
 * @param root         the folder that holds the disks (and the record of whether KVM works)
 */
public record BootOptions(
        Optional<Accelerator> accelerator, DiskMode disk, boolean smoke, Duration kvmWait, Path root) {

    /** How long a guest may stay silent under KVM before KVM counts as not working here, unless the user says. */
    public static final Duration KVM_WAIT = Duration.ofSeconds(15);

    /** How QEMU opens the disk. Neither mode changes the cached disk, whose digest is checked before each boot. */
    public enum DiskMode {
        /** Writes go to a temporary file QEMU drops when the VM stops. */
        SNAPSHOT,
        /** Writes go to {@code overlay.qcow2} beside the disk and stay for the next boot of the same disk. */
        OVERLAY
    }
}
