package dev.ocisi.core.process;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.history.RunLock;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.publish.Publisher;
import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.sbom.Sboms;
import java.util.List;
import java.util.Map;

/**
 * {@code push}: the plan's images as the stores hold them, pushed to their registries without building, under the
 * hierarchy's lock (a {@code process} under way finishes first) and recorded in the run history like a run's pushes.
 */
public final class PushRunner {

    private final EngineSettings engineSettings;
    private final Map<String, String> environment;
    private final BuildOptions options;
    private final Log log;

    public PushRunner(EngineSettings engineSettings, Map<String, String> environment, BuildOptions options, Log log) {
        this.engineSettings = engineSettings;
        this.environment = Map.copyOf(environment);
        this.options = options;
        this.log = log;
    }

    /**
     * @throws dev.ocisi.core.registry.RegistryException when a registry cannot be used (before anything is pushed),
     *                                                   or when a push failed (after the others were done)
     */
    // the resource is held, not used: closing it at the end of the block is the point
    @SuppressWarnings("try")
    public BuildReport run(BuildPlan plan) throws OcisiException {
        List<ImageSpec> images =
                plan.images().stream().map(p -> p.node().spec()).toList();
        BuildReport report;
        try (RunLock lock = RunLock.acquire(options.stateFolder(), plan.graph().files(), options.lockWait(), log);
                Engines engines = new Engines(engineSettings, environment, log)) {
            RunHistory history =
                    new RunHistory(options.stateFolder(), plan.graph().files());
            history.started(plan);
            List<PushResult> pushes;
            try {
                pushes = new Publisher(
                                engines,
                                Registries.of(options.registry(), engines.environment(), log),
                                new Sboms(plan.graph(), engines, options.stateFolder()),
                                log)
                        .pushCurrent(images);
            } catch (OcisiException e) {
                history.aborted(e.getMessage(), false);
                throw e;
            }
            report = new BuildReport(List.of(), pushes);
            history.ended(report);
        }
        log.info("");
        report.pushTable().forEach(report.failedPushes().isEmpty() ? log::info : log::error);
        if (report.pushes().isEmpty()) {
            log.warn("No image has a registry: set 'registry:' in the hierarchy file, or -Docisi.registry");
        }
        report.checkPushes();
        return report;
    }
}
