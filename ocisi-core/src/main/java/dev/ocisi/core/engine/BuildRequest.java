package dev.ocisi.core.engine;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to build: the context folder, the Containerfile, build arguments and labels.
 *
 * @param pull    refresh base images from their registries; otherwise never pull (the hierarchy builds the parents,
 *                and external bases are checked before any build)
 * @param noCache build every step anew
 */
public record BuildRequest(Path context, Path containerfile, Map<String, String> buildArgs, Map<String, String> labels,
        boolean pull, boolean noCache) {

    public BuildRequest {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
}
