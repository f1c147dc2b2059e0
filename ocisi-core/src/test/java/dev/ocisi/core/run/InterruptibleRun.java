package dev.ocisi.core.run;

import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.HierarchyReader;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.result.BuildReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A process run in a JVM of its own, as Maven runs one, for tests that stop it with a signal. */
public final class InterruptibleRun {

    private InterruptibleRun() {}

    /** @param args the hierarchy file, the state folder */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path state = Path.of(args[1]);
        Log log = new Log() {
            @Override
            public void debug(String message) {}

            @Override
            public void info(String message) {
                System.out.println("[INFO] " + message);
            }

            @Override
            public void warn(String message) {
                System.out.println("[WARNING] " + message);
            }

            @Override
            public void error(String message) {
                System.out.println("[ERROR] " + message);
            }

            @Override
            public boolean isDebugEnabled() {
                return false;
            }
        };
        HierarchyGraph graph = new HierarchyReader(file.getParent(), System.getenv()).read(List.of(file));
        RunHistory history = new RunHistory(state, List.of(file));
        try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), log)) {
            BuildReport report = new Scheduler(
                            engines,
                            BuildOptions.in(state)
                                    .lockWait(Duration.ofSeconds(5))
                                    .parallel(2)
                                    .build(),
                            HierarchyBuildContract.USER,
                            log,
                            history)
                    .build(Planner.plan(graph, List.of()));
            report.table().forEach(System.out::println);
        }
    }
}
