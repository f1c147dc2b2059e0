package dev.ocisi.maven;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageSelector;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.vm.VmImages;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Makes the bootable disk of each image with a {@code vm} section from the image as built: its filesystem as ext4
 * (qcow2 or raw), its kernel and initrd, and a metadata.json. An unchanged image reuses its disk; a new disk replaces
 * the old one only once it is complete.
 */
@Mojo(name = "vm", defaultPhase = LifecyclePhase.PACKAGE, aggregator = true, requiresProject = false, threadSafe = true)
public class VmMojo extends AbstractOcisiMojo {

    /** The images to make disks of, by name or name:tag, separated by commas; by default every VM image. */
    @Parameter(property = "ocisi.image")
    String image;

    @Override
    void run(Log log) throws OcisiException {
        HierarchyGraph hierarchy = readHierarchy(log);
        List<ImageSpec> images = VmImages.select(hierarchy, ImageSelector.split(image), "-Docisi.image");
        if (images.isEmpty()) {
            log.info("No disk to make: no enabled image has a 'vm' section");
            return;
        }
        try (Engines engines = new Engines(engineSettings(), System.getenv(), log)) {
            diskMaker(engines, log).makeAll(images);
        }
    }
}
