package dev.ocisi.maven;

import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.result.BuildReport;
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
        logConsumers(readHierarchy(log), log);
    }

    private static String status(RunHistory.RunRecord run) {
        return run.status().name().toLowerCase(Locale.ROOT);
    }

    private static String duration(RunHistory.RunRecord run) {
        return run.duration().map(TextTable::seconds).orElse("-");
    }
}
