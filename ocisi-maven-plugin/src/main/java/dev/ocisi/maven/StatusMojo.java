package dev.ocisi.maven;

import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.PackageSet;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.report.ReportMaker;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.sbom.Sboms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Shows the last {@code process} run of the hierarchy, or with {@code -Dhistory} the recent runs. */
@Mojo(
        name = "status",
        defaultPhase = LifecyclePhase.VERIFY,
        aggregator = true,
        requiresProject = false,
        threadSafe = true)
public class StatusMojo extends AbstractOcisiMojo {

    /** Lists the recent runs instead of the last one in detail. */
    @Parameter(property = "history", defaultValue = "false")
    boolean history;

    @Override
    void run(Log log) throws OcisiException {
        history = bareFlag("history", history);
        RunHistory runs = new RunHistory(BuildOptions.defaultStateFolder(System.getenv()), hierarchyFiles());
        List<RunHistory.RunRecord> all = runs.runs();
        if (all.isEmpty()) {
            log.info("No process run is recorded for " + String.join(", ", file.split(",")));
            return;
        }
        if (history) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("RUN", "STARTED", "DURATION", "STATUS", "IMAGES"));
            for (RunHistory.RunRecord run : all) {
                rows.add(List.of(run.id(), run.start(), duration(run), status(run), run.counts()));
            }
            TextTable.align(rows).forEach(log::info);
            return;
        }
        RunHistory.RunRecord last = all.get(0);
        log.info("Last run " + last.id() + ": " + status(last) + ", started " + last.start() + ", took "
                + duration(last) + (last.reason().isEmpty() ? "" : " (" + last.reason() + ")") + ": "
                + last.counts());
        if (!last.images().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("IMAGE", "RESULT", "DURATION", "REASON"));
            for (RunHistory.ImageRecord image : last.images()) {
                rows.add(List.of(
                        image.image(),
                        image.result(),
                        TextTable.seconds(Duration.ofMillis(image.millis())),
                        image.reason()));
            }
            TextTable.align(rows).forEach(log::info);
        }
        BuildReport.pushTable(last.pushes().stream()
                        .map(push -> List.of(
                                push.image(),
                                push.reference(),
                                push.result(),
                                TextTable.seconds(Duration.ofMillis(push.millis())),
                                push.detail()))
                        .toList())
                .forEach(log::info);
        HierarchyGraph hierarchy = readHierarchy(log);
        logSboms(hierarchy, log);
        logConsumers(hierarchy, log);
    }

    /** Each image's bill of materials that process wrote: how many packages, how many it adds, where it is. */
    private void logSboms(HierarchyGraph hierarchy, Log log) {
        Path folder = outputDirectory().resolve(ReportMaker.SBOM_FOLDER);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("IMAGE", "PACKAGES", "ADDED", "CHANGED FROM THE IMAGE BEFORE", "BILL OF MATERIALS"));
        for (ImageNode node : hierarchy.images()) {
            Sboms.read(folder, node.id())
                    .ifPresent(sbom -> rows.add(List.of(
                            node.id().toString(),
                            sbom.known() ? String.valueOf(sbom.packages()) : "no package database",
                            sbom.known()
                                    ? sbom.parent()
                                            .map(parent -> sbom.added() + " over " + parent)
                                            .orElse("-")
                                    : "-",
                            Sboms.changes(folder, node.id())
                                    .map(PackageSet.Changes::counts)
                                    .orElse("-"),
                            Location.display(baseDirectory(), Sboms.file(folder, node.id())))));
        }
        if (rows.size() > 1) {
            log.info("");
            TextTable.align(rows).forEach(log::info);
        }
    }

    private static String status(RunHistory.RunRecord run) {
        return run.status().name().toLowerCase(Locale.ROOT);
    }

    private static String duration(RunHistory.RunRecord run) {
        return run.duration().map(TextTable::seconds).orElse("-");
    }
}
