package dev.ocisi.core.decision;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.CurrentImage;
import dev.ocisi.core.plan.OcisiLabels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What each image's tag names now, read with one inspection per engine for the whole plan (podman CLI). */
public final class CurrentImages {

    private final Map<ImageName, CurrentImage> images;

    private CurrentImages(Map<ImageName, CurrentImage> images) {
        this.images = images;
    }

    public static CurrentImages read(BuildPlan plan, Engines engines) throws EngineException {
        Map<Manager, List<BuildPlan.PlannedImage>> byManager = new LinkedHashMap<>();
        plan.images()
                .forEach(p -> byManager
                        .computeIfAbsent(p.node().spec().manager(), m -> new ArrayList<>())
                        .add(p));
        Map<ImageName, CurrentImage> images = new HashMap<>();
        for (Map.Entry<Manager, List<BuildPlan.PlannedImage>> entry : byManager.entrySet()) {
            List<String> references =
                    entry.getValue().stream().map(p -> p.id().localReference()).toList();
            Map<String, ImageDetails> found = engines.forManager(entry.getKey()).inspectAll(references);
            for (BuildPlan.PlannedImage planned : entry.getValue()) {
                ImageDetails image = found.get(planned.id().localReference());
                if (image != null) {
                    // an image ocisi did not build has no digest of its inputs, and so is never up to date
                    boolean ours = OcisiLabels.BUILT_BY_VALUE.equals(image.label(OcisiLabels.BUILT_BY));
                    images.put(
                            planned.id(),
                            new CurrentImage(
                                    image.id(),
                                    Optional.ofNullable(ours ? image.label(OcisiLabels.INPUT_DIGEST) : null),
                                    image.created()));
                }
            }
        }
        return new CurrentImages(images);
    }

    public Optional<CurrentImage> of(ImageName image) {
        return Optional.ofNullable(images.get(image));
    }
}
