package dev.ocisi.core.report;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.decision.PlanDecisions;
import dev.ocisi.core.devcontainer.Consumers;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageStatus;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.layers.LayerListing;
import dev.ocisi.core.layers.LayerReport;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.problem.StateFiles;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Gathers what the page shows, from a run just made or from the stores and the history, and writes the page. */
public final class ReportMaker {

    public static final String FILE = "report.html";

    /** Where process writes the bills of materials, beside the page (the page links them). */
    public static final String SBOM_FOLDER = "sbom";

    private ReportMaker() {}

    /** After a process run: each image as the run left it (a skipped image is stale: its parent failed). */
    public static ReportInput afterRun(
            HierarchyGraph graph, BuildReport build, Engines engines, RunHistory history, Path stateFolder, Log log)
            throws StateException {
        Map<ImageName, NodeState> states = new LinkedHashMap<>();
        for (ImageResult result : build.results()) {
            NodeState.Kind kind = result.outcome() == ImageResult.Outcome.FAILED
                    ? NodeState.Kind.FAILED
                    : result.usable() ? NodeState.Kind.CURRENT : NodeState.Kind.STALE;
            states.put(result.image(), new NodeState(kind, result.outcome() + ": " + result.reason()));
        }
        return new ReportInput(
                graph,
                states,
                layers(graph, engines, stateFolder, log),
                history.runs(),
                Instant.now(),
                consumers(graph, engines, log));
    }

    /**
     * Without building ({@code ocisi:report}, the site's page): the stores' images against the hierarchy. An engine
     * that cannot be reached costs the states and the layers, with a warning, not the page.
     */
    public static ReportInput fromStores(
            HierarchyGraph graph,
            EngineSettings settings,
            Map<String, String> environment,
            BuildOptions options,
            Log log)
            throws StateException, ConfigurationException {
        RunHistory history = new RunHistory(options.stateFolder(), graph.files());
        try (Engines engines = new Engines(settings, environment, Log.SILENT)) {
            Map<ImageName, ImageStatus> statuses = PlanDecisions.statuses(
                    PlanDecisions.decide(Planner.plan(graph, List.of()), engines, options, RunUser.current(), log));
            return fromStores(graph, statuses, engines, history, options.stateFolder(), log);
        } catch (EngineException e) {
            log.warn("The report shows no image states or layers: " + e.getMessage());
            return new ReportInput(graph, Map.of(), Optional.empty(), history.runs(), Instant.now());
        }
    }

    /** The stores' states: stale as {@code list} shows it; failed when the last run failed it and it is still stale. */
    static ReportInput fromStores(
            HierarchyGraph graph,
            Map<ImageName, ImageStatus> statuses,
            Engines engines,
            RunHistory history,
            Path stateFolder,
            Log log)
            throws StateException {
        List<RunHistory.RunRecord> runs = history.runs();
        Map<String, RunHistory.ImageRecord> last = new HashMap<>();
        if (!runs.isEmpty()) {
            runs.get(0).images().forEach(i -> last.put(i.image(), i));
        }
        Map<ImageName, NodeState> states = new LinkedHashMap<>();
        statuses.forEach((image, status) -> {
            RunHistory.ImageRecord record = last.get(image.toString());
            boolean failed =
                    status.stale() && record != null && record.result().equals(ImageResult.Outcome.FAILED.toString());
            states.put(
                    image,
                    failed
                            ? new NodeState(NodeState.Kind.FAILED, "the last run failed it: " + record.reason())
                            : new NodeState(
                                    status.stale() ? NodeState.Kind.STALE : NodeState.Kind.CURRENT, status.text()));
        });
        return new ReportInput(
                graph,
                states,
                layers(graph, engines, stateFolder, log),
                runs,
                Instant.now(),
                consumers(graph, engines, log));
    }

    /** The boxes and dev containers of the leaves, when the stores can be read. */
    private static List<Consumers.Consumer> consumers(HierarchyGraph graph, Engines engines, Log log) {
        try {
            return Consumers.read(graph, engines);
        } catch (EngineException e) {
            log.warn("The report shows no boxes or dev containers: " + e.getMessage());
            return List.of();
        }
    }

    /** The layers, when the stores can be read: a report without them is still worth its other parts. */
    private static Optional<LayerReport> layers(HierarchyGraph graph, Engines engines, Path stateFolder, Log log) {
        try {
            return Optional.of(LayerListing.survey(graph, engines, false, Optional.of(stateFolder), Log.SILENT)
                    .hierarchy());
        } catch (EngineException e) {
            log.warn("The report shows no layers: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes the page whole, so that a browser never shows half of it. */
    public static Path write(ReportInput input, Path folder, Log log) throws StateException {
        long start = System.nanoTime();
        String html = HtmlReport.page(input.withSbomsIn(folder.resolve(SBOM_FOLDER)));
        log.debug("report: " + input.graph().images().size() + " images laid out and drawn in "
                + (System.nanoTime() - start) / 1_000_000 + " ms, " + html.length() / 1024 + " KiB");
        return StateFiles.writeString(folder.resolve(FILE), html);
    }
}
