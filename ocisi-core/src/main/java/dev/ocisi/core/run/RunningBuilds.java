package dev.ocisi.core.run;

import dev.ocisi.core.clean.WorkingContainers;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.history.BuildInFlight;
import dev.ocisi.core.log.Log;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The builds a run started, and how they are stopped: the pool's threads interrupted and waited for, and the working
 * containers they leave removed (podman leaves them on any signal). Every tag stays where it was: a tag moves only
 * after its build succeeded.
 */
final class RunningBuilds {

    private final Engines engines;
    private final Log log;
    private final List<BuildInFlight> started = new CopyOnWriteArrayList<>();
    private volatile ExecutorService pool;
    private volatile boolean stoppedBySignal;
    private volatile Supplier<Optional<ProcessHandle>> otherBuild = WorkingContainers::anotherBuild;

    RunningBuilds(Engines engines, Log log) {
        this.engines = engines;
        this.log = log;
    }

    /** How a build of another process is found (a test's store in memory has none). */
    void otherBuild(Supplier<Optional<ProcessHandle>> finder) {
        this.otherBuild = finder;
    }

    void started(BuildInFlight build) {
        started.add(build);
    }

    void pool(ExecutorService value) {
        this.pool = value;
    }

    boolean stoppedBySignal() {
        return stoppedBySignal;
    }

    /** When the JVM is stopped (Ctrl-C, a CI job's cancel: SIGINT or SIGTERM) during the builds. */
    void stopOnSignal() {
        stoppedBySignal = true;
        log.warn("Stopped: ending the builds under way; every image whose build had not finished keeps its tag");
        stop();
    }

    /** Ends the builds under way, waits for them, and removes the working containers they leave. */
    void stop() {
        // the calling thread may be the interrupted one: its flag would stop every command below at once
        boolean interrupted = Thread.interrupted();
        try {
            ExecutorService running = pool;
            if (running != null) {
                running.shutdownNow();
                running.awaitTermination(20, TimeUnit.SECONDS);
            }
            WorkingContainers.remove(engines, started, false, otherBuild, log);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (EngineException | RuntimeException e) {
            log.warn("Cannot remove the working containers of the stopped builds (" + e.getMessage() + "); "
                    + "mvn ocisi:clean -Dprune removes them");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
