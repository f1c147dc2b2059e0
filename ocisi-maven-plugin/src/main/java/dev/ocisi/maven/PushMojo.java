package dev.ocisi.maven;

import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageSelector;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.process.PushRunner;
import java.time.Duration;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Pushes the enabled images as the stores hold them now, without building, each to its registry under its inputs
 * tag and its own tag. Images the registry already holds upload nothing.
 */
@Mojo(
        name = "push",
        defaultPhase = LifecyclePhase.DEPLOY,
        aggregator = true,
        requiresProject = false,
        threadSafe = true)
public class PushMojo extends AbstractPublishingMojo {

    /** Only these images (name or name:tag, comma-separated) and the images they need. */
    @Parameter(property = "ocisi.only")
    String only;

    /** Seconds to wait for an ocisi run on the same hierarchy. */
    @Parameter(property = "ocisi.lockWait", defaultValue = "1800")
    int lockWait;

    @Override
    void run(Log log) throws OcisiException, MojoExecutionException {
        HierarchyGraph hierarchy = readHierarchy(log);
        BuildPlan plan = Planner.plan(hierarchy, ImageSelector.split(only));
        if (plan.isEmpty()) {
            log.info("Nothing to push: no image of the hierarchy is enabled");
            return;
        }
        BuildOptions options = BuildOptions.in(BuildOptions.defaultStateFolder(System.getenv()))
                .lockWait(Duration.ofSeconds(lockWait))
                .registry(registryOptions(hierarchy).withPush(true))
                .build();
        new PushRunner(engineSettings(), System.getenv(), options, log).run(plan);
    }

    @Override
    boolean pushes() {
        return true;
    }
}
