package dev.ocisi.core.clean;

import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.ContainerSummary;
import dev.ocisi.core.engine.DamagedImages;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.engine.StoreLayers;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.history.BuildInFlight;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.history.RunLock;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.problem.StateException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ocisictl's clean made safe: removes the tags of the enabled intermediate images that are not assembled, children
 * before parents, so that only the leaves hold the shared layers. The images stay, untagged, for the leaves built on
 * them; a later process tags them again without building. Only a tag whose image ocisi built as that image
 * for this hierarchy is touched; an image a container uses keeps its tag unless forced, and then only the tag goes.
 * With prune, the untagged images ocisi built for the hierarchy go too; with everything, the tags of every image of
 * the hierarchy (leaves too) go first, so that nothing ocisi built for it stays but what a container uses. The bytes
 * freed are the layers no image in the store holds afterwards.
 */
public final class Cleaner {

    /**
     * @param prune       also remove the old untagged images ocisi built for the hierarchy
     * @param dryRun      say what would go, remove nothing
     * @param force       the images whose tags go even though a container uses them (the image stays)
     * @param stateFolder where the run lock lives: clean waits for a process on the same hierarchy
     * @param everything  every image of the hierarchy, leaves and assembled ones too, then prune: what removes a
     *                    hierarchy from a machine
     */
    public record Options(
            boolean prune,
            boolean dryRun,
            BuildOptions.Force force,
            Path stateFolder,
            Duration lockWait,
            boolean everything) {

        public Options(boolean prune, boolean dryRun, BuildOptions.Force force, Path stateFolder, Duration lockWait) {
            this(prune, dryRun, force, stateFolder, lockWait, false);
        }

        boolean pruning() {
            return prune || everything;
        }
    }

    private final Engines engines;
    private final Options options;
    private final Log log;

    public Cleaner(Engines engines, Options options, Log log) {
        this.engines = engines;
        this.options = options;
        this.log = log;
    }

    /** The enabled, not assembled images that an enabled image builds on, children first. */
    public static List<ImageNode> intermediates(HierarchyGraph graph) {
        List<ImageNode> intermediates = new ArrayList<>();
        for (ImageNode node : graph.images()) {
            boolean hasEnabledChild = graph.dependents(node.id()).stream()
                    .anyMatch(d -> graph.node(d.child()).spec().enabled());
            if (node.spec().enabled() && !node.spec().assemble() && hasEnabledChild) {
                intermediates.add(0, node);
            }
        }
        return intermediates;
    }

    private static List<ImageNode> childrenFirst(List<ImageNode> parentsFirst) {
        List<ImageNode> reversed = new ArrayList<>(parentsFirst);
        Collections.reverse(reversed);
        return reversed;
    }

    // the resource is held, not used: closing it at the end of the block is the point
    @SuppressWarnings("try")
    public CleanReport clean(HierarchyGraph graph) throws EngineException, StateException {
        List<Path> hierarchyFiles = graph.files();
        try (RunLock lock = RunLock.acquire(options.stateFolder(), hierarchyFiles, options.lockWait(), log)) {
            List<ImageNode> targets = options.everything() ? childrenFirst(graph.images()) : intermediates(graph);
            Set<Manager> managers = new LinkedHashSet<>();
            (options.everything() ? graph.images() : graph.enabledImages())
                    .forEach(node -> managers.addAll(node.spec().managers()));
            List<Removal> steps = new ArrayList<>();
            long freed = 0;
            if (options.pruning()) {
                removeLeftoverWorkingContainers(hierarchyFiles);
            }
            for (Manager manager : managers) {
                List<ImageSpec> specs = targets.stream()
                        .map(ImageNode::spec)
                        .filter(spec -> spec.managers().contains(manager))
                        .toList();
                freed += clean(manager, specs, graph, steps);
            }
            return new CleanReport(steps, freed, options.dryRun());
        }
    }

    /** The working containers that interrupted runs of this hierarchy left, as those runs recorded their builds. */
    private void removeLeftoverWorkingContainers(List<Path> hierarchyFiles) throws EngineException {
        List<BuildInFlight> builds;
        try {
            builds = new RunHistory(options.stateFolder(), hierarchyFiles).interruptedBuilds();
        } catch (StateException e) {
            log.warn(e.getMessage() + ", so the working containers interrupted "
                    + "builds may have left are not looked for");
            return;
        }
        if (!builds.isEmpty()) {
            WorkingContainers.remove(engines, builds, options.dryRun(), log);
        }
    }

    /** One store: measure what it holds, act, measure again. */
    private long clean(Manager manager, List<ImageSpec> specs, HierarchyGraph graph, List<Removal> steps)
            throws EngineException {
        ContainerEngine engine = engines.forManager(manager);
        StoreLayers before = StoreLayers.read(engine);
        DamagedImages.warn(manager.toString(), engine, log);
        Map<String, ContainerSummary> users = Pruner.users(engine);
        Map<String, ImageDetails> images = engine.inspectAll(
                specs.stream().map(s -> s.id().localReference()).toList());
        List<Removal> planned = new ArrayList<>();
        for (ImageSpec spec : specs) {
            Optional.ofNullable(images.get(spec.id().localReference()))
                    .ifPresent(image -> planned.addAll(tags(manager, spec, image, users)));
        }
        if (options.pruning()) {
            planned.addAll(Pruner.candidates(engine, manager, graph, options.everything()));
        }
        Map<String, Long> sizes = new HashMap<>();
        for (String id : planned.stream()
                .filter(Removal::acted)
                .map(Removal::imageId)
                .distinct()
                .toList()) {
            engine.layers(id).forEach(layer -> sizes.putIfAbsent(layer.digest(), layer.size()));
        }
        Set<String> held;
        if (options.dryRun()) {
            planned.forEach(step -> log.info(step.describe(true)));
            steps.addAll(planned);
            // untagged images stay: only the pruned ones leave
            held = before.heldWithout(planned.stream()
                    .filter(step -> step.action() == Removal.Action.PRUNED)
                    .map(Removal::imageId)
                    .collect(Collectors.toSet()));
        } else {
            for (Removal step : planned) {
                if (step.action() == Removal.Action.PRUNED) {
                    continue;
                }
                Removal done = act(engine, step);
                log.info(done.describe(false));
                steps.add(done);
            }
            if (options.pruning()) {
                steps.addAll(Pruner.prune(engine, manager, graph, false, log));
            }
            held = StoreLayers.read(engine).held();
        }
        long freed = 0;
        for (String digest : before.held()) {
            if (!held.contains(digest)) {
                freed += sizes.getOrDefault(digest, 0L);
            }
        }
        return freed;
    }

    /** The image's tags that name it as this hierarchy's image, when ocisi built it so; else why it stays. */
    private List<Removal> tags(
            Manager manager, ImageSpec spec, ImageDetails image, Map<String, ContainerSummary> users) {
        String reference = spec.id().localReference();
        Map<String, String> labels = image.labels();
        if (!OcisiLabels.builtFor(labels, spec)) {
            String why = OcisiLabels.builtAs(labels, spec)
                    ? "ocisi built it for another hierarchy file, " + labels.get(OcisiLabels.HIERARCHY)
                    : "ocisi did not build it";
            return List.of(new Removal(manager, reference, spec.id().toString(), image.id(), Removal.Action.KEPT, why));
        }
        ContainerSummary user = users.get(image.id());
        boolean forced = user != null && options.force().applies(spec.id());
        List<Removal> removals = new ArrayList<>();
        for (String tag : image.tags()) {
            if (!ImageReference.parse(tag).localName().filter(spec.id()::equals).isPresent()) {
                continue; // a tag someone else gave it
            }
            if (user != null && !forced) {
                removals.add(new Removal(
                        manager,
                        tag,
                        spec.id().toString(),
                        image.id(),
                        Removal.Action.KEPT,
                        "container " + user.name() + " uses it (-Docisi.force="
                                + spec.id().name() + " removes the tag anyway, keeping the image for the container)"));
            } else {
                removals.add(new Removal(
                        manager,
                        tag,
                        spec.id().toString(),
                        image.id(),
                        forced ? Removal.Action.TAG_ONLY : Removal.Action.TAG_REMOVED,
                        ""));
            }
        }
        return removals;
    }

    private static Removal act(ContainerEngine engine, Removal step) throws EngineException {
        boolean done = switch (step.action()) {
            // untagged, not removed: the image stays for its children, and process tags it again instead of
            // rebuilding (podman would drop the record of an image whose child adds no layer)
            case TAG_REMOVED, TAG_ONLY -> engine.untag(step.target());
            default -> true;
        };
        return done
                ? step
                : new Removal(
                        step.manager(),
                        step.target(),
                        step.image(),
                        step.imageId(),
                        Removal.Action.KEPT,
                        "the engine refused: something uses it");
    }
}
