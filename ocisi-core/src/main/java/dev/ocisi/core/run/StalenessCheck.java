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
import dev.ocisi.core.plan.InputsStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code process} would build now, and why, without building or pulling anything: for the dry run and the
 * graph views. An image whose parent would be rebuilt is stale too, since its parent's id will change.
 */
public final class StalenessCheck {

    private StalenessCheck() {
    }

    public static Map<ImageName, ImageStatus> check(BuildPlan plan, Engines engines, BuildOptions options,
            RunUser user) throws EngineException, IOException {
        CurrentImages current = CurrentImages.read(plan, engines);
        Map<ImageName, ImageStatus> statuses = new LinkedHashMap<>();
        Map<String, Optional<String>> baseIds = new LinkedHashMap<>();
        InputsStore store = new InputsStore(options.stateFolder());
        for (BuildPlan.PlannedImage planned : plan.images()) {
            ImageSpec spec = planned.node().spec();
            ContainerEngine engine = engines.forManager(spec.manager());
            Map<String, String> parentIds = new LinkedHashMap<>();
            List<String> staleParents = new ArrayList<>();
            for (Dependency dependency : planned.dependencies()) {
                parentIds.put(dependency.parent().toString(),
                        current.of(dependency.parent()).map(CurrentImage::id).orElse(""));
                ImageStatus parent = statuses.get(dependency.parent());
                if (parent != null && parent.stale()) {
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
                    options, user, store);
            if (verdict.decision().build()) {
                statuses.put(spec.id(), new ImageStatus(true, verdict.decision().reason()));
            } else if (!staleParents.isEmpty()) {
                statuses.put(spec.id(), new ImageStatus(true, "parent " + String.join(", ", staleParents)
                        + " will be rebuilt"));
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
