package dev.ocisi.core.clean;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.ContainerSummary;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.history.BuildInFlight;
import dev.ocisi.core.log.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The working containers that builds of an interrupted run left behind: podman's build (4.x) leaves its working
 * containers, with the layers they hold, when it is stopped by any signal, and they carry no label. A leftover is
 * recognised by what the run recorded of its builds: a working container made after one of them started, from an
 * image built on one that build started from (with cached layers, each step's container starts from the image of
 * the step before). Working containers of anything else, or older than the build, stay.
 */
public final class WorkingContainers {

    /** Container times are whole seconds: a container made in the second a build started counts. */
    private static final Duration CLOCK = Duration.ofSeconds(1);
    /** podman build, buildah bud/build/from: the commands that make working containers. */
    private static final Pattern BUILD = Pattern.compile("^(\\S*/)?(podman|buildah)\\s(.*\\s)?(build|bud|from)(\\s|$)");

    private WorkingContainers() {}

    static List<ContainerSummary> leftBy(Collection<BuildInFlight> builds, Manager manager, ContainerEngine engine)
            throws EngineException {
        Map<String, List<String>> layers = new HashMap<>();
        List<ContainerSummary> leftovers = new ArrayList<>();
        for (ContainerSummary container : engine.containers()) {
            if (!container.workingContainer()) {
                continue;
            }
            for (BuildInFlight build : builds) {
                if (build.manager().equals(manager.toString())
                        && !container.created().isBefore(build.startedAt().minus(CLOCK))
                        && builtOnOneOf(container.imageId(), build.fromIds(), engine, layers)) {
                    leftovers.add(container);
                    break;
                }
            }
        }
        return leftovers;
    }

    /** A podman or buildah build of another process, alive now (this process's own builds have ended). */
    public static Optional<ProcessHandle> anotherBuild() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> isBuild(p.info().commandLine().orElse("")))
                .findFirst();
    }

    static boolean isBuild(String commandLine) {
        return BUILD.matcher(commandLine).find();
    }

    /** Whether the image is one of the others, or its layers start with all of one's. */
    private static boolean builtOnOneOf(
            String image, List<String> others, ContainerEngine engine, Map<String, List<String>> layers)
            throws EngineException {
        List<String> own = layersOf(image, engine, layers);
        for (String other : others) {
            List<String> theirs = layersOf(other, engine, layers);
            if (image.equals(other)
                    || (!theirs.isEmpty()
                            && own.size() >= theirs.size()
                            && own.subList(0, theirs.size()).equals(theirs))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> layersOf(String image, ContainerEngine engine, Map<String, List<String>> layers)
            throws EngineException {
        List<String> known = layers.get(image);
        if (known == null) {
            known = engine.inspect(image).map(ImageDetails::layers).orElse(List.of());
            layers.put(image, known);
        }
        return known;
    }

    /**
     * Removes the leftovers of these builds from each store they used (with {@code dryRun}, only says so).
     *
     * @return the number removed, or that would be
     */
    public static int remove(Engines engines, Collection<BuildInFlight> builds, boolean dryRun, Log log)
            throws EngineException {
        return remove(engines, builds, dryRun, WorkingContainers::anotherBuild, log);
    }

    /** @param otherBuild a build of another process, running now (whose working containers look like ours) */
    public static int remove(
            Engines engines,
            Collection<BuildInFlight> builds,
            boolean dryRun,
            Supplier<Optional<ProcessHandle>> otherBuild,
            Log log)
            throws EngineException {
        Optional<ProcessHandle> other = otherBuild.get();
        if (other.isPresent() && !builds.isEmpty()) {
            // its working container looks like ours (made since, from the same image): nothing is removed then
            log.warn("Another build is running on this machine (pid "
                    + other.get().pid() + ": "
                    + other.get().info().commandLine().orElse("?") + "), so the working containers of interrupted "
                    + "builds are left for now; mvn ocisi:clean -Dprune removes them when no build runs");
            return 0;
        }
        int removed = 0;
        for (Manager manager : Manager.values()) {
            if (builds.stream().noneMatch(b -> b.manager().equals(manager.toString()))) {
                continue;
            }
            ContainerEngine engine = engines.forManager(manager);
            for (ContainerSummary leftover : leftBy(builds, manager, engine)) {
                if (!dryRun) {
                    engine.removeContainer(leftover.id());
                }
                log.info((dryRun ? "Would remove " : "Removed ") + leftover.name() + " ("
                        + Sha256.shortForm(leftover.id()) + "), the working container an interrupted build left on "
                        + leftover.image());
                removed++;
            }
        }
        return removed;
    }
}
