package dev.ocisi.maven;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.VmSettings;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageSelector;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.vm.Accelerator;
import dev.ocisi.core.vm.BootOptions;
import dev.ocisi.core.vm.GuestCommandFailedException;
import dev.ocisi.core.vm.GuestRun;
import dev.ocisi.core.vm.VmBooter;
import dev.ocisi.core.vm.VmDisk;
import dev.ocisi.core.vm.VmImages;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
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
    void run(Log log) throws OcisiException, IOException {
        Optional<Accelerator> accelerator = Accelerator.parse(accel)
                .orElseThrow(() -> new ConfigurationException(
                        Location.option("-Docisi.vm.accel"), "'" + accel + "' is not auto, kvm or tcg"));
        Optional<VmSettings.Init> initChoice = Optional.empty();
        if (init != null && !init.isBlank()) {
            initChoice = Optional.of(VmSettings.Init.parse(init)
                    .orElseThrow(() -> new ConfigurationException(
                            Location.option("-Docisi.vm.init"),
                            "'" + init + "' is neither system (the image's own init, "
                                    + "systemd) nor fast (a shell of ocisi's in its place)")));
        }
        if (command != null && smoke) {
            throw new ConfigurationException(
                    Location.option("-Docisi.vm.smoke"),
                    "give either -Docisi.vm.run (the "
                            + "command's exit status is the verdict; the VM powers off after it) or -Docisi.vm.smoke (a boot to "
                            + "the login prompt, then off), not both");
        }
        if (init != null && !init.isBlank() && command == null) {
            throw new ConfigurationException(
                    Location.option("-Docisi.vm.init"),
                    "it chooses what runs the command "
                            + "of -Docisi.vm.run, and none is given: a boot without a command starts the image's own init; "
                            + "give the command, or leave -Docisi.vm.init out");
        }
        if (command != null && command.isBlank()) {
            throw new ConfigurationException(
                    Location.option("-Docisi.vm.run"),
                    "the command is empty: give the "
                            + "shell command to run in the VM, e.g. -Docisi.vm.run=\"uname -r\"");
        }
        BootOptions.DiskMode mode;
        try {
            mode = BootOptions.DiskMode.valueOf(disk.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    Location.option("-Docisi.vm.disk"),
                    "'" + disk + "' is neither snapshot "
                            + "(writes dropped when the VM stops) nor overlay (writes kept beside the disk)");
        }
        HierarchyGraph hierarchy = readHierarchy(log);
        ImageSpec spec = VmImages.one(hierarchy, ImageSelector.split(image), "-Docisi.image");
        VmDisk vmDisk;
        try (Engines engines = new Engines(engineSettings(), System.getenv(), log)) {
            vmDisk = diskMaker(engines, log).make(spec);
        }
        VmBooter booter = new VmBooter(new CommandRunner(ProcessBuilder::new), log);
        BootOptions options = new BootOptions(accelerator, mode, smoke, Duration.ofSeconds(kvmWait), vmRoot());
        if (command == null) {
            booter.boot(spec, vmDisk.disk(), options);
            return;
        }
        GuestRun run = booter.run(
                spec,
                vmDisk.disk(),
                options,
                command,
                initChoice.orElse(spec.vm().orElseThrow().init()));
        if (!run.passed()) {
            throw new GuestCommandFailedException(run.failure(spec.id().toString()));
        }
    }
}
