package dev.ocisi.core.engine;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to build: the context folder, the Containerfile, build arguments and labels.
 *
 * A build never pulls: the hierarchy builds its own parents, and the images it takes from registries are pulled,
 * refreshed or pinned before any build starts. A build that pulled would look for the hierarchy's own parents in a
 * registry, and could build on another image than the one that was checked.
 *
 * @param noCache build every step anew
 */
public record BuildRequest(Path context, Path containerfile, Map<String, String> buildArgs, Map<String, String> labels,
        boolean noCache) {

    public BuildRequest {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
}
