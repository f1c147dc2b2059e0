package dev.ocisi.core.history;

import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;

/** Told what a run does as it does it; the build history records through it. */
public interface RunListener {

    void started(BuildPlan plan);

    /** An image's build is about to start (recorded so that an interrupted one can be cleaned up after). */
    default void buildStarted(BuildInFlight build) {}

    void finished(ImageResult result);

    void ended(BuildReport report);

    /** The run stopped before its end: interrupted, or the engine failed it. */
    void aborted(String reason, boolean interrupted);

    RunListener NONE = new RunListener() {
        @Override
        public void started(BuildPlan plan) {}

        @Override
        public void finished(ImageResult result) {}

        @Override
        public void ended(BuildReport report) {}

        @Override
        public void aborted(String reason, boolean interrupted) {}
    };
}
