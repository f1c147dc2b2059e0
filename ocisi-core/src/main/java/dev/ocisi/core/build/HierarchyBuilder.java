package dev.ocisi.core.build;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageSummary;
import dev.ocisi.core.graph.Dependency;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a build plan: external bases first, then each image after the images it needs. A failure skips only the
 * images that need the failed one; the rest still build. At the end, the images whose tags moved are removed when
 * nothing uses them any more (unless {@code skipClean}), and with {@code prune} every untagged image ocisi built for
 * the hierarchy.
 */
public final class HierarchyBuilder {

    private final Engines engines;
    private final BuildOptions options;
    private final RunUser user;
    private final Log log;

    public HierarchyBuilder(Engines engines, BuildOptions options, RunUser user, Log log) {
        this.engines = engines;
        this.options = options;
        this.user = user;
        this.log = log;
    }

    /** A tag that moved: the image it left, in the store of that manager. */
    private record Superseded(Manager manager, ImageName image, String id) {
    }

    public BuildReport build(BuildPlan plan, List<Path> hierarchyFiles) throws EngineException {
        try (RunLock lock = RunLock.acquire(options.stateFolder(), hierarchyFiles, options.lockWait(), log)) {
            Map<String, String> externalIds = ExternalBases.ensure(plan, engines, options.pull(), log);
            Map<ImageName, ImageResult> results = new LinkedHashMap<>();
            List<Superseded> superseded = new ArrayList<>();
            for (BuildPlan.PlannedImage planned : plan.images()) {
                ImageSpec spec = planned.node().spec();
                Optional<ImageName> blocked = planned.needs().stream()
                        .filter(need -> results.containsKey(need)
                                && results.get(need).outcome() != ImageResult.Outcome.BUILT)
                        .findFirst();
                if (blocked.isPresent()) {
                    String why = "needs " + blocked.get() + ", which " + results.get(blocked.get()).outcome();
                    log.warn("Skipping " + spec.id() + ": it " + why);
                    results.put(spec.id(), ImageResult.skipped(spec.id(), why));
                    continue;
                }
                ContainerEngine engine = engines.forManager(spec.manager());
                String parentId = parentId(plan.graph(), planned, results, externalIds, engine);
                ImageStep.Done done = ImageStep.run(spec, parentId, engine, engineName(spec.manager()), options, user,
                        log);
                results.put(spec.id(), done.result());
                done.superseded().ifPresent(id -> superseded.add(new Superseded(spec.manager(), spec.id(), id)));
            }
            if (!options.skipClean()) {
                removeSuperseded(superseded);
            }
            if (options.prune()) {
                prune(plan, hierarchyFiles);
            }
            return new BuildReport(new ArrayList<>(results.values()));
        }
    }

    private String parentId(HierarchyGraph graph, BuildPlan.PlannedImage planned, Map<ImageName, ImageResult> results,
            Map<String, String> externalIds, ContainerEngine engine) throws EngineException {
        Optional<Dependency> base = graph.dependencies(planned.id()).stream().filter(Dependency::isBase).findFirst();
        if (base.isPresent()) {
            ImageResult parent = results.get(base.get().parent());
            if (parent != null && parent.imageId().isPresent()) {
                return parent.imageId().get();
            }
            return engine.inspect(base.get().parent().localReference()).map(i -> i.id()).orElse(null);
        }
        return planned.node().externalBase()
                .map(ref -> externalIds.get(ExternalBases.key(planned.node().spec().manager(), ref.toString())))
                .orElse(null);
    }

    private String engineName(Manager manager) throws EngineException {
        return engines.forManager(manager).info().kind();
    }

    /** Children before parents, so that an old parent is free once its old children are gone. */
    private void removeSuperseded(List<Superseded> superseded) throws EngineException {
        for (int i = superseded.size() - 1; i >= 0; i--) {
            Superseded old = superseded.get(i);
            ContainerEngine engine = engines.forManager(old.manager());
            Optional<dev.ocisi.core.engine.ImageDetails> image = engine.inspect(old.id());
            if (image.isEmpty() || !image.get().tags().isEmpty()) {
                continue;
            }
            if (engine.remove(old.id())) {
                log.info("Removed " + old.image() + "'s previous image " + old.id() + " (-DskipClean keeps it)");
            } else {
                log.info("Kept " + old.image() + "'s previous image " + old.id() + ": a container or image uses it");
            }
        }
    }

    /** Every untagged image ocisi built for these hierarchy files, in the stores the plan uses. */
    private void prune(BuildPlan plan, List<Path> hierarchyFiles) throws EngineException {
        Set<Manager> managers = new LinkedHashSet<>();
        plan.images().forEach(p -> managers.add(p.node().spec().manager()));
        for (Manager manager : managers) {
            ContainerEngine engine = engines.forManager(manager);
            for (Path file : hierarchyFiles) {
                Map<String, String> ours = Map.of(OcisiLabels.BUILT_BY, OcisiLabels.BUILT_BY_VALUE,
                        OcisiLabels.HIERARCHY, file.toAbsolutePath().normalize().toString());
                for (int pass = 0; pass < 5; pass++) {
                    List<ImageSummary> untagged = engine.listByLabels(ours).stream()
                            .filter(i -> i.tags().isEmpty()).toList();
                    int removed = 0;
                    for (ImageSummary image : untagged) {
                        if (engine.remove(image.id())) {
                            log.info("Pruned " + image.id() + " (" + image.labels().get(OcisiLabels.IMAGE) + ", "
                                    + manager + ")");
                            removed++;
                        }
                    }
                    if (removed == 0) {
                        break;
                    }
                }
            }
        }
    }
}
