package dev.ocisi.core.run;

import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Freshness;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.graph.Dependency;
import dev.ocisi.core.graph.ImageStatus;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.CurrentImage;
import dev.ocisi.core.plan.Decision;
import dev.ocisi.core.plan.InputsStore;
import dev.ocisi.core.plan.RefreshRecords;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@code process} would build now, and why, without building or pulling anything: for the dry run and the
 * graph views. An image whose parent would be rebuilt is stale too, since its parent's id will change; one whose
 * parent is only refreshed is not, since the refresh keeps the parent when no package changed. Whether an image has a
 * package database to refresh is read from it (a container made and removed) unless a run recorded it already.
 */
public final class StalenessCheck {

    private StalenessCheck() {
    }

    public static Map<ImageName, ImageStatus> check(BuildPlan plan, Engines engines, BuildOptions options,
            RunUser user) throws EngineException, IOException {
        return check(plan, engines, options, user, Instant.now());
    }

    /** @param now the time the refresh periods are measured to */
    static Map<ImageName, ImageStatus> check(BuildPlan plan, Engines engines, BuildOptions options, RunUser user,
            Instant now) throws EngineException, IOException {
        RefreshRecords refreshes = new RefreshRecords(options.stateFolder());
        CurrentImages current = CurrentImages.read(plan, engines);
        Map<ImageName, ImageStatus> statuses = new LinkedHashMap<>();
        Map<String, Optional<String>> baseIds = new LinkedHashMap<>();
        InputsStore store = new InputsStore(options.stateFolder());
        PackageSets packages = new PackageSets(options.stateFolder());
        // a refresh keeps the image when no package changed: what is under it is rebuilt only if one did
        Set<ImageName> refreshed = new HashSet<>();
        for (BuildPlan.PlannedImage planned : plan.images()) {
            ImageSpec spec = planned.node().spec();
            ContainerEngine engine = engines.forManager(spec.manager());
            Map<String, String> parentIds = new LinkedHashMap<>();
            List<String> staleParents = new ArrayList<>();
            List<String> refreshedParents = new ArrayList<>();
            for (Dependency dependency : planned.dependencies()) {
                parentIds.put(dependency.parent().toString(),
                        current.of(dependency.parent()).map(CurrentImage::id).orElse(""));
                ImageStatus parent = statuses.get(dependency.parent());
                if (refreshed.contains(dependency.parent())) {
                    refreshedParents.add(dependency.parent().toString());
                } else if (parent != null && parent.stale()) {
                    staleParents.add(dependency.parent().toString());
                }
            }
            Optional<String> baseId = Optional.empty();
            if (planned.node().externalBase().isPresent()) {
                String reference = planned.node().externalBase().get().toString();
                baseId = baseIds.computeIfAbsent(spec.manager() + " " + reference,
                        key -> inspect(engine, reference));
                if (baseId.isEmpty()) {
                    statuses.put(spec.id(), new ImageStatus(true, "base image " + reference + " is missing"));
                    continue;
                }
            }
            Freshness.Verdict verdict = Freshness.of(spec, parentIds, baseId.orElse(""), current.of(spec.id()),
                    options, user, store, refreshes, now);
            Decision decision = verdict.decision();
            if (decision.build() && !decision.refresh()) {
                statuses.put(spec.id(), new ImageStatus(true, decision.reason()));
            } else if (!staleParents.isEmpty()) {
                statuses.put(spec.id(), new ImageStatus(true, "parent " + String.join(", ", staleParents)
                        + " will be rebuilt"));
            } else if (decision.refresh() && packages.of(current.of(spec.id()).orElseThrow().id(), engine)
                    .isEmpty()) {
                statuses.put(spec.id(), new ImageStatus(false, "up to date; no refresh: " + PackageSets.NONE_FOUND));
            } else if (decision.refresh()) {
                refreshed.add(spec.id());
                statuses.put(spec.id(), new ImageStatus(true, decision.reason() + "; the image stays if no package "
                        + "changed"));
            } else if (!refreshedParents.isEmpty()) {
                statuses.put(spec.id(), new ImageStatus(false, "up to date; rebuilt if the refresh of "
                        + String.join(", ", refreshedParents) + " changes its packages"));
            } else {
                statuses.put(spec.id(), new ImageStatus(false, "up to date"));
            }
        }
        return statuses;
    }

    private static Optional<String> inspect(ContainerEngine engine, String reference) {
        try {
            return engine.inspect(reference).map(ImageDetails::id);
        } catch (EngineException e) {
            return Optional.empty();
        }
    }
}
