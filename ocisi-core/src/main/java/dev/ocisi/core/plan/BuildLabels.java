package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels a build gives an image besides ocisi's own bookkeeping: the user's, then a dev container's metadata.
 * They are inputs: a change to them builds the image again.
 */
public final class BuildLabels {

    private BuildLabels() {}

    public static Map<String, String> of(ImageSpec image, RunUser user) {
        Map<String, String> labels = new LinkedHashMap<>(image.labels());
        DevcontainerMetadata.label(image, user).ifPresent(value -> labels.put(DevcontainerMetadata.LABEL, value));
        return labels;
    }
}
