package dev.ocisi.maven;

import dev.ocisi.core.clean.CleanReport;
import dev.ocisi.core.clean.Cleaner;
import dev.ocisi.core.clean.Removal;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.layers.LayerView;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.problem.OcisiException;
import java.time.Duration;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Removes the tags of the enabled intermediate images that are not assembled, children first, so that only the leaves
 * hold the shared layers: ocisictl's clean, touching only images ocisi built for this hierarchy and never one a
 * container uses unless forced.
 */
@Mojo(
        name = "clean",
        defaultPhase = LifecyclePhase.VERIFY,
        aggregator = true,
        requiresProject = false,
        threadSafe = true)
public class CleanMojo extends AbstractOcisiMojo {

    /** Also removes the old, untagged images ocisi built for this hierarchy. */
    @Parameter(property = "prune", defaultValue = "false")
    boolean prune;

    /**
     * Removes every image ocisi built for this hierarchy, leaves and assembled images too, and the old ones
     * ({@code -Dprune}): what takes a hierarchy off a machine. An image a container uses (a distrobox) stays.
     */
    @Parameter(property = "all", defaultValue = "false")
    boolean all;

    /** Lists what would be removed, and the bytes that would be freed; removes nothing. */
    @Parameter(property = "ocisi.dryRun", defaultValue = "false")
    boolean dryRun;

    /**
     * Removes the tag even when a container uses the image ({@code -Docisi.force} for every image,
     * {@code -Docisi.force=a,b:1} for some); the image itself stays for the container.
     */
    @Parameter(property = "ocisi.force")
    String force;

    /** Seconds to wait for another ocisi run on the same hierarchy. */
    @Parameter(property = "ocisi.lockWait", defaultValue = "1800")
    int lockWait;

    @Override
    void run(Log log) throws OcisiException {
        prune = bareFlag("prune", prune);
        all = bareFlag("all", all);
        HierarchyGraph hierarchy = readHierarchy(log);
        Cleaner.Options options = new Cleaner.Options(
                prune,
                dryRun,
                BuildOptions.Force.parse(force, hierarchy),
                BuildOptions.defaultStateFolder(System.getenv()),
                Duration.ofSeconds(lockWait),
                all);
        if (Cleaner.intermediates(hierarchy).isEmpty() && !prune && !all) {
            log.info("Nothing to clean: no enabled image that is not assembled has an enabled image built on it");
            return;
        }
        CleanReport report;
        try (Engines engines = new Engines(engineSettings(), System.getenv(), log)) {
            report = new Cleaner(engines, options, log).clean(hierarchy);
        }
        String verb = dryRun ? "would be " : "";
        log.info("");
        log.info("Clean" + (dryRun ? " (dry run, nothing removed)" : "") + ": "
                + (report.count(Removal.Action.TAG_REMOVED) + report.count(Removal.Action.TAG_ONLY)) + " tag(s) "
                + verb + "removed, " + report.count(Removal.Action.PRUNED) + " image(s) " + verb + "pruned, "
                + report.count(Removal.Action.KEPT) + " kept; " + LayerView.size(report.bytesFreed()) + " "
                + (dryRun ? "would be " : "") + "freed");
    }
}
