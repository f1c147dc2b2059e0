package dev.ocisi.core.clean;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The images a run's tags left: each removed once the run is over, when nothing uses it and no tag came back to it
 * (unless {@code -DskipClean}); with {@code -Dprune}, every untagged image ocisi built for the hierarchy.
 */
public final class SupersededImages {

    /** A tag that moved: the image it left, in the store of that manager. */
    private record Superseded(Manager manager, ImageName image, String id) {}

    private final List<Superseded> left = Collections.synchronizedList(new ArrayList<>());

    /** Records the image the tag of {@code image} left, if another than the one it names now. */
    public void add(Manager manager, ImageName image, Optional<String> previous) {
        previous.ifPresent(id -> left.add(new Superseded(manager, image, id)));
    }

    /** Children before parents, so that an old parent is free once its old children are gone. */
    public void remove(BuildPlan plan, Engines engines, Log log) throws EngineException {
        List<ImageName> order =
                plan.images().stream().map(BuildPlan.PlannedImage::id).toList();
        List<Superseded> sorted;
        synchronized (left) {
            sorted = new ArrayList<>(left);
        }
        sorted.sort((a, b) -> Integer.compare(order.indexOf(b.image()), order.indexOf(a.image())));
        for (Superseded old : sorted) {
            ContainerEngine engine = engines.forManager(old.manager());
            Optional<ImageDetails> image = engine.inspect(old.id());
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

    /** Every untagged image ocisi built for the plan's hierarchy files, in the stores the plan uses. */
    public static void prune(BuildPlan plan, Engines engines, Log log) throws EngineException {
        Set<Manager> managers = new LinkedHashSet<>();
        plan.images().forEach(p -> managers.add(p.node().spec().manager()));
        for (Manager manager : managers) {
            Pruner.prune(engines.forManager(manager), manager, plan.graph(), false, log);
        }
    }
}
