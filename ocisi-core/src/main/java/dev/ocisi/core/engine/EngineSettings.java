package dev.ocisi.core.engine;

import java.util.Optional;

/**
 * How to reach the engines.
 *
 * @param podmanAccess     podman through its CLI (the default) or its Docker API service
 * @param dockerHost       the Docker daemon's socket, when not found by discovery
 * @param podmanHost       podman's API socket, when not found by discovery
 * @param podmanExecutable the podman command
 */
public record EngineSettings(PodmanAccess podmanAccess, Optional<String> dockerHost, Optional<String> podmanHost,
        String podmanExecutable) {

    public enum PodmanAccess {
        CLI,
        API
    }

    public static EngineSettings defaults() {
        return new EngineSettings(PodmanAccess.CLI, Optional.empty(), Optional.empty(), "podman");
    }
}
