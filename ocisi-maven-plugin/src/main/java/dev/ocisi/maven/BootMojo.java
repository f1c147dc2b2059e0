package dev.ocisi.maven;

import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageSelector;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.vm.BootRequest;
import dev.ocisi.core.vm.VmBoot;
import dev.ocisi.core.vm.VmBooter;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Boots an image's disk in QEMU (making the disk first when it is missing or out of date) and waits for its boot
 * line on the serial console; then leaves the VM running, or powers it off with {@code -Docisi.vm.smoke}. With
 * {@code -Docisi.vm.run=CMD} it runs the command in the VM instead, streams its output, powers off, and fails when
 * the command fails.
 */
@Mojo(
        name = "boot",
        defaultPhase = LifecyclePhase.INTEGRATION_TEST,
        aggregator = true,
        requiresProject = false,
        threadSafe = true)
public class BootMojo extends AbstractOcisiMojo {

    /** The image to boot, by name or name:tag; may be left out when the hierarchy has one VM image. */
    @Parameter(property = "ocisi.image")
    String image;

    /** Powers the VM off once it has booted: a smoke test. */
    @Parameter(property = "ocisi.vm.smoke", defaultValue = "false")
    boolean smoke;

    /** {@code auto} (KVM when it works here, else software emulation), {@code kvm} or {@code tcg}. */
    @Parameter(property = "ocisi.vm.accel", defaultValue = "auto")
    String accel;

    /**
     * How the disk is opened: {@code snapshot} (writes are dropped when the VM stops) or {@code overlay} (writes are
     * kept in overlay.qcow2 beside the disk for the next boot). The cached disk itself is never written.
     */
    @Parameter(property = "ocisi.vm.disk", defaultValue = "snapshot")
    String disk;

    /**
     * A shell command to run in the VM (any text, several lines too): its output goes to the log, the VM powers off
     * after it, and the goal fails with the command's exit status and last lines when that is not 0.
     */
    @Parameter(property = "ocisi.vm.run")
    String command;

    /**
     * For {@code -Docisi.vm.run}: {@code system} (the image's systemd runs the command) or {@code fast} (a shell of
     * ocisi's in place of the image's init, seconds sooner, for any image with /bin/sh); by default the item's
     * {@code vm.init}, else system.
     */
    @Parameter(property = "ocisi.vm.init")
    String init;

    /** Seconds a guest may stay silent under KVM before KVM counts as not working on this machine. */
    @Parameter(property = "ocisi.vm.kvmWait", defaultValue = "15")
    int kvmWait;

    @Override
    void run(Log log) throws OcisiException {
        BootRequest request = BootRequest.of(ImageSelector.split(image), smoke, accel, disk, command, init, kvmWait);
        HierarchyGraph hierarchy = readHierarchy(log);
        try (Engines engines = new Engines(engineSettings(), System.getenv(), log)) {
            new VmBoot(diskMaker(engines, log), new VmBooter(new CommandRunner(ProcessBuilder::new), log), vmRoot())
                    .run(hierarchy, request);
        }
    }
}
