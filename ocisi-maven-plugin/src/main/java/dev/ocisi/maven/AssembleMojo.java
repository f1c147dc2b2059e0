package dev.ocisi.maven;

import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.OcisiException;
import java.util.Set;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Assembles the distroboxes of the enabled images that ask for one, from a distrobox.ini ocisi writes from the
 * hierarchy file: creates the missing ones, recreates those whose image or settings changed, leaves the rest alone.
 * {@code process} does the same after building.
 */
@Mojo(
        name = "assemble",
        defaultPhase = LifecyclePhase.INSTALL,
        aggregator = true,
        requiresProject = false,
        threadSafe = true)
public class AssembleMojo extends AbstractOcisiMojo {

    @Override
    void run(Log log) throws OcisiException {
        HierarchyGraph hierarchy = readHierarchy(log);
        try (Engines engines = new Engines(engineSettings(), System.getenv(), log)) {
            boxAssembler(engines, log).assembleAndReport(hierarchy, boxOptions(Set.of()));
        }
    }
}
