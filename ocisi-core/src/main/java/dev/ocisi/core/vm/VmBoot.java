package dev.ocisi.core.vm;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.problem.ConfigurationException;
import java.nio.file.Path;

/**
 * {@code ocisi:boot}: the image's disk made when it is missing or out of date, then booted (and left running, or
 * powered off once it booted), or a command run in it, whose failure is the goal's.
 */
public final class VmBoot {

    private final DiskMaker disks;
    private final VmBooter booter;
    private final Path vmRoot;

    public VmBoot(DiskMaker disks, VmBooter booter, Path vmRoot) {
        this.disks = disks;
        this.booter = booter;
        this.vmRoot = vmRoot;
    }

    /** @throws GuestCommandFailedException when the command ran and failed, with its status and last lines */
    public void run(HierarchyGraph hierarchy, BootRequest request)
            throws ConfigurationException, EngineException, VmException, GuestCommandFailedException {
        ImageSpec spec = VmImages.one(hierarchy, request.images(), "-Docisi.image");
        VmDisk disk = disks.make(spec);
        BootOptions options =
                new BootOptions(request.accelerator(), request.disk(), request.smoke(), request.kvmWait(), vmRoot);
        if (request.command().isEmpty()) {
            booter.boot(spec, disk.disk(), options);
            return;
        }
        GuestRun run = booter.run(
                spec,
                disk.disk(),
                options,
                request.command().get(),
                request.init().orElse(spec.vm().orElseThrow().init()));
        if (!run.passed()) {
            throw new GuestCommandFailedException(run.failure(spec.id().toString()));
        }
    }
}
