package dev.ocisi.maven;

import dev.ocisi.core.bases.BaseLocks;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.problem.OcisiException;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Pins the external base images of the hierarchy (those a FROM takes from a registry) in a lock file beside each
 * hierarchy file, {@code ocisictl.yaml} -> {@code ocisictl.lock}: pulls each and records the digest the registry
 * served and the image's id. {@code process} then builds on exactly those images. Run it to move the pins, e.g. weekly.
 */
@Mojo(
        name = "lock",
        defaultPhase = LifecyclePhase.VALIDATE,
        aggregator = true,
        requiresProject = false,
        threadSafe = true)
public class LockMojo extends AbstractOcisiMojo {

    /** Pins what the image stores have, without pulling. */
    @Parameter(property = "ocisi.offline", defaultValue = "false")
    boolean offline;

    @Override
    void run(Log log) throws OcisiException {
        HierarchyGraph hierarchy = readHierarchy(log);
        List<BaseLocks.Change> changes;
        try (Engines engines = new Engines(engineSettings(), System.getenv(), log)) {
            changes = BaseLocks.lock(Planner.plan(hierarchy, List.of()), engines, offline, log);
        }
        if (changes.isEmpty()) {
            log.info("No image of the hierarchy builds on an image from a registry: nothing to pin");
            return;
        }
        changes.forEach(change -> log.info(change.describe()));
        long moved = changes.stream().filter(BaseLocks.Change::moved).count();
        log.info(
                moved == 0
                        ? "Every pin holds"
                        : moved + " pin(s) changed; commit "
                                + String.join(
                                        ", ",
                                        changes.stream()
                                                .map(c -> workingDirectory()
                                                        .relativize(c.lockFile())
                                                        .toString())
                                                .distinct()
                                                .toList()));
    }
}
