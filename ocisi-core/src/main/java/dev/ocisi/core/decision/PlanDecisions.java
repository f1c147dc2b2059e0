package dev.ocisi.core.decision;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.graph.Dependency;
import dev.ocisi.core.graph.ImageStatus;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.CurrentImage;
import dev.ocisi.core.plan.InputsStore;
import dev.ocisi.core.plan.RefreshRecords;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.registry.Registries;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code process} would do with each image now, and why, without building or pulling anything: for the dry
 * run, the graph views, {@code status} and the report. Each image is decided by the run's own rule, its parents'
 * decisions pending: an image whose parent would be rebuilt is stale too, since its parent's id will change; one whose
 * parent would be pulled is decided with the pulled image's id; one whose parent is only refreshed is not stale, since
 * the refresh keeps the parent when no package changed. Whether an image has a package database to refresh is read
 * from it (a container made and removed) unless a run recorded it already.
 */
public final class PlanDecisions {

    private PlanDecisions() {}

    /** @param log where a registry that cannot be asked is said, once */
    public static Map<ImageName, ImageDecision> decide(
            BuildPlan plan, Engines engines, BuildOptions options, RunUser user, Log log)
            throws EngineException, StateException {
        return decide(plan, engines, options, user, log, Instant.now());
    }

    /** @param now the time the refresh periods are measured to */
    public static Map<ImageName, ImageDecision> decide(
            BuildPlan plan, Engines engines, BuildOptions options, RunUser user, Log log, Instant now)
            throws EngineException, StateException {
        CurrentImages current = CurrentImages.read(plan, engines);
        InputsStore store = new InputsStore(options.stateFolder());
        PackageSets packages = new PackageSets(options.stateFolder());
        RefreshRecords refreshes = new RefreshRecords(options.stateFolder());
        Registries registries = Registries.of(options.registry(), engines.environment(), log);
        Map<ImageName, ImageDecision> decisions = new LinkedHashMap<>();
        Map<String, Optional<String>> baseIds = new LinkedHashMap<>();
        for (BuildPlan.PlannedImage planned : plan.images()) {
            ImageSpec spec = planned.node().spec();
            ContainerEngine engine = engines.forManager(spec.manager());
            Map<String, String> parentIds = new LinkedHashMap<>();
            Map<ImageName, ImageDecision> pending = new LinkedHashMap<>();
            for (Dependency dependency : planned.dependencies()) {
                ImageName parent = dependency.parent();
                ImageDecision decided = decisions.get(parent);
                // by the name the Containerfile gives it, so that each machine's inputs of a platform's image are the
                // same
                parentIds.put(dependency.declaredParent().toString(), idAfter(decided, current.of(parent)));
                if (decided != null) {
                    pending.put(parent, decided);
                }
            }
            Optional<String> missingBase = Optional.empty();
            String baseId = "";
            if (planned.node().externalBase().isPresent()) {
                String reference = planned.node().externalBase().get().toString();
                Optional<String> id =
                        baseIds.computeIfAbsent(spec.manager() + " " + reference, key -> inspect(engine, reference));
                baseId = id.orElse("");
                missingBase = id.isPresent() ? Optional.empty() : Optional.of(reference);
            }
            StoreFacts facts = StoreFacts.read(
                            spec,
                            parentIds,
                            baseId,
                            current.of(spec.id()),
                            options,
                            user,
                            now,
                            new StoreFacts.Sources(engine, store, packages, refreshes, registries, log))
                    .pendingParents(pending);
            decisions.put(
                    spec.id(),
                    DecisionLadder.decide(missingBase.map(facts::missingBase).orElse(facts)));
        }
        return decisions;
    }

    /** As the views show them. */
    public static Map<ImageName, ImageStatus> statuses(Map<ImageName, ImageDecision> decisions) {
        Map<ImageName, ImageStatus> statuses = new LinkedHashMap<>();
        decisions.forEach((image, decision) -> statuses.put(image, decision.status()));
        return statuses;
    }

    /** The id an image will have once the run has done what is decided for it ("" while none is known). */
    private static String idAfter(ImageDecision decided, Optional<CurrentImage> current) {
        if (decided instanceof ImageDecision.Pull pull) {
            return pull.image().id();
        }
        if (decided instanceof ImageDecision.Retag retag) {
            return retag.imageId();
        }
        return current.map(CurrentImage::id).orElse("");
    }

    private static Optional<String> inspect(ContainerEngine engine, String reference) {
        try {
            return engine.inspect(reference).map(ImageDetails::id);
        } catch (EngineException e) {
            return Optional.empty();
        }
    }
}
