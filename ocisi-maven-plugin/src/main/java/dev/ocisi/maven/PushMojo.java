package dev.ocisi.maven;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageSelector;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.run.BuildReport;
import dev.ocisi.core.run.Publisher;
import dev.ocisi.core.run.PushResult;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Pushes the enabled images as the stores hold them now, without building, each to its registry under its inputs
 * tag and its own tag. Images the registry already holds upload nothing.
 */
@Mojo(name = "push", aggregator = true, requiresProject = false, threadSafe = true)
public class PushMojo extends AbstractOcisiMojo {

    /** Only these images (name or name:tag, comma-separated) and the images they need. */
    @Parameter(property = "ocisi.only")
    String only;

    @Override
    void run(Log log) throws OcisiException, MojoExecutionException {
        HierarchyGraph hierarchy = readHierarchy(log);
        List<ImageSpec> images = Planner.plan(hierarchy, ImageSelector.split(only)).images().stream()
                .map(p -> p.node().spec()).toList();
        if (images.isEmpty()) {
            log.info("Nothing to push: no image of the hierarchy is enabled");
            return;
        }
        List<PushResult> pushes;
        try (Engines engines = new Engines(engineSettings(), System.getenv(), log)) {
            Registries registries = Registries.of(registryOptions(hierarchy).withPush(true), engines.environment(),
                    log);
            pushes = new Publisher(engines, registries, log).pushCurrent(images);
        }
        BuildReport report = new BuildReport(List.of(), pushes);
        log.info("");
        report.pushTable().forEach(report.failedPushes().isEmpty() ? log::info : log::error);
        report.checkPushes();
        if (pushes.isEmpty()) {
            log.warn("No image has a registry: set 'registry:' in the hierarchy file, or -Docisi.registry");
        }
    }
}
