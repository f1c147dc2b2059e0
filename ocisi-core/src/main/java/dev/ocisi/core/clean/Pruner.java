package dev.ocisi.core.clean;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.ContainerSummary;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.ImageSummary;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.OcisiLabels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Removes the untagged images ocisi built for some hierarchy files from one store: old builds whose tags moved on.
 * Only images carrying ocisi's labels for those files; never one a container uses; never forced. A parent goes only
 * once its children are gone, hence several passes.
 */
public final class Pruner {

    private static final int PASSES = 8;

    private Pruner() {}

    /** The labels every image ocisi built for this hierarchy file carries. */
    public static Map<String, String> ownedBy(Path hierarchyFile) {
        return Map.of(
                OcisiLabels.BUILT_BY,
                OcisiLabels.BUILT_BY_VALUE,
                OcisiLabels.HIERARCHY,
                OcisiLabels.hierarchyOf(hierarchyFile));
    }

    /**
     * The untagged images ocisi built for the graph's files, which no container uses, and those a container uses.
     * The label names the file without its folder (so that checkouts anywhere make the same images), so an image
     * counts as this hierarchy's only when it was also built as one of its images: another project's file of the
     * same name is not this one.
     */
    public static List<Removal> candidates(ContainerEngine engine, Manager manager, HierarchyGraph graph)
            throws EngineException {
        return candidates(engine, manager, graph, false);
    }

    /**
     * @param untagging as if the tags of every image of the hierarchy that no container uses were gone (what
     *                  {@code clean -Dall} does before it prunes)
     */
    public static List<Removal> candidates(
            ContainerEngine engine, Manager manager, HierarchyGraph graph, boolean untagging) throws EngineException {
        Map<String, ContainerSummary> users = users(engine);
        List<Removal> candidates = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        graph.images().forEach(node -> declared.add(node.spec().id().toString()));
        for (Path file : graph.files().stream()
                .map(OcisiLabels::hierarchyOf)
                .distinct()
                .map(Path::of)
                .toList()) {
            List<ImageSummary> ours = engine.listByLabels(ownedBy(file)).stream()
                    .filter(image -> declared.contains(image.labels().getOrDefault(OcisiLabels.IMAGE, "")))
                    .toList();
            // what the current images are built on stays: clean untags the intermediates, process tags them again
            Map<String, String> builtOn = new LinkedHashMap<>();
            Predicate<ImageSummary> stays =
                    image -> !image.tags().isEmpty() && (!untagging || users.containsKey(image.id()));
            ours.stream()
                    .filter(stays)
                    .forEach(image -> builtOn.putIfAbsent(
                            image.labels().getOrDefault(OcisiLabels.PARENT, ""),
                            image.labels().getOrDefault(OcisiLabels.IMAGE, "?")));
            for (ImageSummary image : ours) {
                if (stays.test(image)) {
                    continue;
                }
                String built = image.labels().getOrDefault(OcisiLabels.IMAGE, "?");
                ContainerSummary user = users.get(image.id());
                String keep = user != null
                        ? "container " + user.name() + " uses it"
                        : builtOn.containsKey(image.id())
                                ? "the current " + builtOn.get(image.id()) + " is built on it"
                                : null;
                candidates.add(
                        keep == null
                                ? new Removal(manager, image.id(), built, image.id(), Removal.Action.PRUNED, "")
                                : new Removal(manager, image.id(), built, image.id(), Removal.Action.KEPT, keep));
            }
        }
        return candidates;
    }

    public static List<Removal> prune(
            ContainerEngine engine, Manager manager, HierarchyGraph graph, boolean dryRun, Log log)
            throws EngineException {
        List<Removal> done = new ArrayList<>();
        List<Removal> pending = candidates(engine, manager, graph);
        pending.stream().filter(r -> !r.acted()).forEach(r -> {
            done.add(r);
            log.info(r.describe(dryRun));
        });
        pending.removeIf(r -> !r.acted());
        if (dryRun) {
            pending.forEach(r -> log.info(r.describe(true)));
            done.addAll(pending);
            return done;
        }
        for (int pass = 0; pass < PASSES && !pending.isEmpty(); pass++) {
            List<Removal> left = new ArrayList<>();
            for (Removal candidate : pending) {
                if (engine.remove(candidate.target())) {
                    log.info(candidate.describe(false));
                    done.add(candidate);
                } else {
                    left.add(candidate);
                }
            }
            if (left.size() == pending.size()) {
                break;
            }
            pending = left;
        }
        for (Removal kept : pending) {
            Removal why = new Removal(
                    manager,
                    kept.target(),
                    kept.image(),
                    kept.imageId(),
                    Removal.Action.KEPT,
                    "the engine keeps it: another image is built on it");
            log.info(why.describe(false));
            done.add(why);
        }
        return done;
    }

    /** Which container uses each image, by image id. */
    public static Map<String, ContainerSummary> users(ContainerEngine engine) throws EngineException {
        Map<String, ContainerSummary> users = new LinkedHashMap<>();
        for (ContainerSummary container : engine.containers()) {
            users.putIfAbsent(container.imageId(), container);
        }
        return users;
    }
}
