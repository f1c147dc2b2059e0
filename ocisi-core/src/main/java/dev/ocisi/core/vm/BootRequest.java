package dev.ocisi.core.vm;

import dev.ocisi.core.config.VmSettings;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code ocisi:boot} was asked, checked: which image, how to boot it, and either a boot (left running, or powered
 * off once it booted with {@code smoke}) or a command run in it.
 *
 * @param images      the image named, or none when the hierarchy has one VM image
 * @param accelerator KVM or TCG, or empty for KVM when it works
 * @param command     a shell command to run in the VM instead of a boot
 * @param init        what runs the command, when the user said; else the item's {@code vm.init}
 */
public record BootRequest(
        List<String> images,
        Optional<Accelerator> accelerator,
        BootOptions.DiskMode disk,
        boolean smoke,
        Optional<String> command,
        Optional<VmSettings.Init> init,
        Duration kvmWait) {

    public BootRequest {
        images = List.copyOf(images);
    }

    /** The goal's parameters as given ({@code null} for one not given), each checked, with the fix when wrong. */
    public static BootRequest of(
            List<String> images, boolean smoke, String accel, String disk, String command, String init, int kvmWait)
            throws ConfigurationException {
        Optional<Accelerator> accelerator = Accelerator.parse(accel)
                .orElseThrow(() -> new ConfigurationException(
                        Location.option("-Docisi.vm.accel"), "'" + accel + "' is not auto, kvm or tcg"));
        boolean initGiven = init != null && !init.isBlank();
        Optional<VmSettings.Init> initChoice = Optional.empty();
        if (initGiven) {
            initChoice = Optional.of(VmSettings.Init.parse(init)
                    .orElseThrow(() -> new ConfigurationException(
                            Location.option("-Docisi.vm.init"),
                            "'" + init + "' is neither system (the image's own init, systemd) nor fast (a shell of "
                                    + "ocisi's in its place)")));
        }
        if (command != null && smoke) {
            throw new ConfigurationException(
                    Location.option("-Docisi.vm.smoke"),
                    "give either -Docisi.vm.run (the command's exit status is the verdict; the VM powers off after "
                            + "it) or -Docisi.vm.smoke (a boot to the login prompt, then off), not both");
        }
        if (initGiven && command == null) {
            throw new ConfigurationException(
                    Location.option("-Docisi.vm.init"),
                    "it chooses what runs the command of -Docisi.vm.run, and none is given: a boot without a command "
                            + "starts the image's own init; give the command, or leave -Docisi.vm.init out");
        }
        if (command != null && command.isBlank()) {
            throw new ConfigurationException(
                    Location.option("-Docisi.vm.run"),
                    "the command is empty: give the shell command to run in the VM, e.g. -Docisi.vm.run=\"uname -r\"");
        }
        BootOptions.DiskMode mode;
        try {
            mode = BootOptions.DiskMode.valueOf(disk.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    Location.option("-Docisi.vm.disk"),
                    "'" + disk + "' is neither snapshot (writes dropped when the VM stops) nor overlay (writes kept "
                            + "beside the disk)");
        }
        return new BootRequest(
                images,
                accelerator,
                mode,
                smoke,
                Optional.ofNullable(command),
                initChoice,
                Duration.ofSeconds(kvmWait));
    }
}
