package dev.ocisi.maven;

import dev.ocisi.core.config.ImageSpec;
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
 * line on the serial console; then leaves the VM running, or powers it off with {@code -Docisi.vm.smoke}.
 */
@Mojo(name = "boot", defaultPhase = LifecyclePhase.INTEGRATION_TEST, aggregator = true, requiresProject = false,
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

    /** Seconds a guest may stay silent under KVM before KVM counts as not working on this machine. */
    @Parameter(property = "ocisi.vm.kvmWait", defaultValue = "15")
    int kvmWait;

    @Override
    void run(Log log) throws OcisiException, IOException {
        Optional<Accelerator> accelerator = Accelerator.parse(accel).orElseThrow(() -> new ConfigurationException(
                Location.option("-Docisi.vm.accel"), "'" + accel + "' is not auto, kvm or tcg"));
        BootOptions.DiskMode mode;
        try {
            mode = BootOptions.DiskMode.valueOf(disk.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(Location.option("-Docisi.vm.disk"), "'" + disk + "' is neither snapshot "
                    + "(writes dropped when the VM stops) nor overlay (writes kept beside the disk)");
        }
        HierarchyGraph hierarchy = readHierarchy(log);
        ImageSpec spec = VmImages.one(hierarchy, ImageSelector.split(image), "-Docisi.image");
        VmDisk vmDisk;
        try (Engines engines = new Engines(engineSettings(), System.getenv(), log)) {
            vmDisk = diskMaker(engines, log).make(spec);
        }
        new VmBooter(new CommandRunner(ProcessBuilder::new), log).boot(spec, vmDisk.disk(),
                new BootOptions(accelerator, mode, smoke, Duration.ofSeconds(kvmWait), vmRoot()));
    }
}
