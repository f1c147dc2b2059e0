package dev.ocisi.maven;

import dev.ocisi.core.config.Platform;
import dev.ocisi.core.doctor.Doctor;
import dev.ocisi.core.doctor.Finding;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.OcisiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Checks this machine for what ocisi needs: the engines (reached, versions, a test container), podman's API service,
 * distrobox, QEMU, qemu-img, mkfs.ext4 and KVM, and free disk; each problem with its fix. Fails when something the
 * builds need (an engine, a container that runs) is broken; what only some goals need is a warning.
 */
@Mojo(
        name = "doctor",
        defaultPhase = LifecyclePhase.VALIDATE,
        aggregator = true,
        requiresProject = false,
        threadSafe = true)
public class DoctorMojo extends AbstractOcisiMojo {

    @Override
    void run(Log log) throws OcisiException {
        Doctor doctor = new Doctor(engineSettings(), System.getenv(), new CommandRunner(ProcessBuilder::new));
        List<Finding> findings = new ArrayList<>(doctor.all(distrobox, vmRoot()));
        findings.addAll(doctor.emulation(wantedPlatforms(log)));
        for (Finding finding : findings) {
            String line = "[" + finding.status().name().toLowerCase(Locale.ROOT) + "] " + finding.describe();
            switch (finding.status()) {
                case OK -> log.info(line);
                case WARNING -> log.warn(line);
                default -> log.error(line);
            }
        }
        long problems = findings.stream()
                .filter(f -> f.status() == Finding.Status.PROBLEM)
                .count();
        if (problems > 0) {
            throw new EngineException(
                    problems + " problem" + (problems == 1 ? "" : "s") + " on this machine (the " + "fixes are above)");
        }
        log.info("ocisi can build here"
                + (findings.stream().anyMatch(f -> f.status() == Finding.Status.WARNING)
                        ? "; the warnings above concern only some goals"
                        : ""));
    }

    /** The platforms the hierarchy's images are built for, when there is a hierarchy here; none without one. */
    private List<Platform> wantedPlatforms(Log log) {
        try {
            return readHierarchy(log).enabledImages().stream()
                    .filter(n -> !n.spec().isRootfs())
                    .map(n -> n.spec().platform())
                    .distinct()
                    .toList();
        } catch (OcisiException e) {
            log.debug("no hierarchy to read the platforms of: " + e.getMessage());
            return List.of();
        }
    }
}
