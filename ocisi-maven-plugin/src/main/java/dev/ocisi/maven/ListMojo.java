package dev.ocisi.maven;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.GraphFiles;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageStatus;
import dev.ocisi.core.graph.ImageTable;
import dev.ocisi.core.graph.TreeView;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.layers.LayerListing;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.ShardAssignment;
import dev.ocisi.core.plan.ShardPlan;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.problem.StateFiles;
import dev.ocisi.core.report.PlanView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists the images of the hierarchy: ocisictl's tables ({@code -Dall}, {@code -Denabled}, {@code -Dassemble}) and the
 * hierarchy as a tree with DOT and Mermaid files ({@code -Dgraph}). The flags are ocisictl's short ones on purpose.
 */
@Mojo(
        name = "list",
        defaultPhase = LifecyclePhase.VALIDATE,
        aggregator = true,
        requiresProject = false,
        threadSafe = true)
public class ListMojo extends AbstractOcisiMojo {

    /** Every image, enabled or not (the default when no other flag is given). */
    @Parameter(property = "all", defaultValue = "false")
    boolean all;

    /** The enabled images (ocisictl's {@code -e}). */
    @Parameter(property = "enabled", defaultValue = "false")
    boolean enabled;

    /** The enabled images that are assembled as distroboxes (ocisictl's {@code -a}). */
    @Parameter(property = "assemble", defaultValue = "false")
    boolean assemble;

    /** The hierarchy as a tree, plus {@code hierarchy.dot} and {@code hierarchy.mmd} in the output folder. */
    @Parameter(property = "graph", defaultValue = "false")
    boolean graph;

    /**
     * Each image's layers by origin, and what sharing them saves; with {@code -Dall}, also every image in the stores
     * the hierarchy uses, ocisi's or not.
     */
    @Parameter(property = "layers", defaultValue = "false")
    boolean layers;

    /**
     * The build plan: the images in build order; with {@code -Docisi.shards=N}, which of N runners builds each and
     * which images each waits for ({@code -Docisi.format=json}: printed, and in plan.json, for a CI matrix).
     */
    @Parameter(property = "plan", defaultValue = "false")
    boolean plan;

    /** With {@code -Dplan}: how many runners ({@code -Docisi.shard=K/N}) share the plan. */
    @Parameter(property = "ocisi.shards")
    Integer shards;

    /** With {@code -Dplan -Docisi.shards}: the build times to balance by, instead of this machine's history. */
    @Parameter(property = "ocisi.shardDurations")
    java.io.File shardDurations;

    /** {@code text} (the default), or {@code json} for scripts (with -Dlayers: printed, and in layers.json). */
    @Parameter(property = "ocisi.format", defaultValue = "text")
    String format;

    @Override
    void run(Log log) throws OcisiException {
        all = bareFlag("all", all);
        enabled = bareFlag("enabled", enabled);
        assemble = bareFlag("assemble", assemble);
        graph = bareFlag("graph", graph);
        layers = bareFlag("layers", layers);
        plan = bareFlag("plan", plan);
        HierarchyGraph hierarchy = readHierarchy(log);
        Path cwd = workingDirectory();
        log.info("Hierarchy "
                + String.join(
                        ", ",
                        hierarchy.files().stream()
                                .map(f -> Location.display(cwd, f))
                                .toList()) + ": " + hierarchy.images().size()
                + " images, " + hierarchy.enabledImages().size() + " enabled");
        boolean tableAsked = all || enabled || assemble;
        checkFormat();
        if (plan) {
            plan(hierarchy, log, cwd);
        }
        if (layers) {
            layers(hierarchy, log, cwd);
        }
        if (all || (!tableAsked && !graph && !layers && !plan)) {
            table(log, "All images", hierarchy, ImageTable.Selection.ALL, cwd);
        }
        if (enabled) {
            table(log, "Enabled images", hierarchy, ImageTable.Selection.ENABLED, cwd);
        }
        if (assemble) {
            table(log, "Images to assemble", hierarchy, ImageTable.Selection.ASSEMBLE, cwd);
        }
        if (assemble || layers) {
            logConsumers(hierarchy, log);
        }
        if (graph) {
            Map<ImageName, ImageStatus> statuses =
                    staleness(Planner.plan(hierarchy, List.of()), engineSettings(), stateOptions(), log);
            log.info("");
            TreeView.render(hierarchy, statuses).forEach(log::info);
            List<Path> files = GraphFiles.write(hierarchy, statuses, outputDirectory());
            log.info("");
            for (Path written : files) {
                log.info("Wrote " + Location.display(cwd, written));
            }
        }
    }

    private void checkFormat() throws ConfigurationException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigurationException(
                    Location.option("-Docisi.format"), "'" + format + "' is neither text nor json");
        }
    }

    private void plan(HierarchyGraph hierarchy, Log log, Path cwd) throws OcisiException {
        BuildPlan buildPlan = Planner.plan(hierarchy, List.of());
        if (shards == null) {
            log.info("");
            PlanView.render(buildPlan, engineSettings()).forEach(log::info);
            return;
        }
        if (shards < 1) {
            throw new ConfigurationException(
                    Location.option("-Docisi.shards"), "'" + shards + "' runners: give 1 " + "or more");
        }
        Map<ImageName, Duration> times = shardDurations != null
                ? ShardPlan.durations(shardDurations.toPath(), "-Docisi.shardDurations")
                : RunHistory.buildTimes(
                        new RunHistory(BuildOptions.defaultStateFolder(System.getenv()), hierarchy.files()).runs());
        ShardAssignment assignment = ShardAssignment.of(buildPlan, shards, times);
        if (format.equals("json")) {
            String json = ShardPlan.json(assignment, buildPlan, times);
            Path file = StateFiles.writeString(outputDirectory().resolve("plan.json"), json + "\n");
            json.lines().forEach(log::info);
            log.info("Wrote " + Location.display(cwd, file));
        } else {
            log.info("");
            ShardPlan.lines(assignment, !times.isEmpty()).forEach(log::info);
        }
    }

    private void layers(HierarchyGraph hierarchy, Log log, Path cwd) throws OcisiException {
        LayerListing listing;
        try (Engines engines = new Engines(engineSettings(), System.getenv(), Log.SILENT)) {
            listing = LayerListing.survey(
                    hierarchy, engines, all, Optional.of(BuildOptions.defaultStateFolder(System.getenv())), log);
        }
        if (format.equals("json")) {
            Path file = outputDirectory().resolve("layers.json");
            listing.writeJson(file, log);
            log.info("Wrote " + Location.display(cwd, file));
        } else {
            listing.writeText(log);
        }
    }

    private static void table(
            Log log, String title, HierarchyGraph hierarchy, ImageTable.Selection selection, Path cwd) {
        log.info("");
        log.info(title + ":");
        ImageTable.render(hierarchy, selection, cwd).forEach(log::info);
    }
}
