package dev.ocisi.core.build;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageSummary;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.CurrentImage;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What each image's tag names now, read with one listing call per engine for the whole plan. */
final class CurrentImages {

    private final Map<ImageName, CurrentImage> images;

    private CurrentImages(Map<ImageName, CurrentImage> images) {
        this.images = images;
    }

    static CurrentImages read(BuildPlan plan, Engines engines) throws EngineException {
        Set<Manager> managers = new LinkedHashSet<>();
        Map<String, ImageName> byReference = new HashMap<>();
        for (BuildPlan.PlannedImage planned : plan.images()) {
            managers.add(planned.node().spec().manager());
            byReference.put(planned.node().spec().manager() + " " + planned.id().localReference(), planned.id());
        }
        Map<ImageName, CurrentImage> images = new HashMap<>();
        for (Manager manager : managers) {
            for (ImageSummary image : engines.forManager(manager)
                    .listByLabels(Map.of(OcisiLabels.BUILT_BY, OcisiLabels.BUILT_BY_VALUE))) {
                for (String tag : image.tags()) {
                    ImageName name = byReference.get(manager + " " + tag);
                    if (name != null) {
                        images.put(name, new CurrentImage(image.id(),
                                Optional.ofNullable(image.labels().get(OcisiLabels.INPUT_DIGEST))));
                    }
                }
            }
        }
        return new CurrentImages(images);
    }

    Optional<CurrentImage> of(ImageName image) {
        return Optional.ofNullable(images.get(image));
    }
}
