package dev.ocisi.core.build;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.graph.ImageUse;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes sure every image outside the hierarchy that the plan builds on is in the right image store before any build
 * starts: pulled once when missing (or refreshed with {@code pull}), else one clear error listing each with its fix.
 */
final class ExternalBases {

    /** An external image and the first place that uses it. */
    private record Need(String reference, Manager manager, String usedBy) {
    }

    private ExternalBases() {
    }

    /** @return the id of each external base, by manager and reference, for the images' parent labels */
    static Map<String, String> ensure(BuildPlan plan, Engines engines, boolean refresh, Log log) throws EngineException {
        Map<String, Need> needs = new LinkedHashMap<>();
        for (BuildPlan.PlannedImage planned : plan.images()) {
            ImageSpec spec = planned.node().spec();
            planned.node().externalBase().ifPresent(base -> needs.putIfAbsent(key(spec.manager(), base.toString()),
                    new Need(base.toString(), spec.manager(), spec.id() + " (" + spec.containerfile().getFileName()
                            + ")")));
            for (ImageUse use : planned.node().externalUses()) {
                needs.putIfAbsent(key(spec.manager(), use.reference().toString()),
                        new Need(use.reference().toString(), spec.manager(), spec.id() + " (" + use.location() + ")"));
            }
        }
        Map<String, String> ids = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Need> entry : needs.entrySet()) {
            Need need = entry.getValue();
            ContainerEngine engine = engines.forManager(need.manager());
            boolean present = engine.inspect(need.reference()).isPresent();
            if (refresh || !present) {
                log.info((present ? "Refreshing " : "Pulling ") + need.reference() + " into " + need.manager()
                        + "'s image store (used by " + need.usedBy() + ")");
                try {
                    engine.pull(need.reference(), line -> log.debug(line));
                } catch (EngineException e) {
                    missing.add(need.reference() + " (used by " + need.usedBy() + ") is " + (present
                            ? "in " + need.manager() + "'s image store but could not be refreshed"
                            : "not in " + need.manager() + "'s image store and could not be pulled") + ": "
                            + e.getMessage());
                    continue;
                }
            }
            engine.inspect(need.reference()).ifPresent(image -> ids.put(entry.getKey(), image.id()));
        }
        if (!missing.isEmpty()) {
            throw new EngineException("base images are missing, so nothing was built:\n" + String.join("\n", missing)
                    + "\nWithout a registry, import a root filesystem under that name, e.g. "
                    + "`tar -C ROOTFS -c . | podman import - NAME` (docker import for docker), or make the base an "
                    + "image of the hierarchy.");
        }
        return ids;
    }

    static String key(Manager manager, String reference) {
        return manager + " " + reference;
    }
}
