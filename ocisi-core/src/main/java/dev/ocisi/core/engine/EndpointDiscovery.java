package dev.ocisi.core.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds the Docker API socket for an engine, in a stated order. For dockerd: a configured host, {@code DOCKER_HOST},
 * then {@code /var/run/docker.sock}. For podman's API service: a configured host, {@code CONTAINER_HOST}, then
 * {@code $XDG_RUNTIME_DIR/podman/podman.sock} and {@code /run/podman/podman.sock}. A socket a variable names is used
 * as given; default sockets only when they exist.
 */
public final class EndpointDiscovery {

    private final Map<String, String> environment;
    private final Predicate<Path> exists;

    public EndpointDiscovery(Map<String, String> environment) {
        this(environment, Files::exists);
    }

    EndpointDiscovery(Map<String, String> environment, Predicate<Path> exists) {
        this.environment = Map.copyOf(environment);
        this.exists = exists;
    }

    public Endpoint docker(Optional<String> configured) throws EngineException {
        List<String> tried = new ArrayList<>();
        Optional<Endpoint> found = configured.map(uri -> new Endpoint(uri, "-Docisi.dockerHost"))
                .or(() -> variable("DOCKER_HOST"))
                .or(() -> socket(Path.of("/var/run/docker.sock"), tried));
        return found.orElseThrow(() -> new EngineException("no Docker daemon socket found (tried -Docisi.dockerHost, "
                + "DOCKER_HOST, " + String.join(", ", tried) + "); start dockerd (apt-get install docker.io, then "
                + "dockerd &), or set DOCKER_HOST"));
    }

    public Endpoint podman(Optional<String> configured) throws EngineException {
        List<String> tried = new ArrayList<>();
        String runtimeDir = environment.get("XDG_RUNTIME_DIR");
        Optional<Endpoint> found = configured.map(uri -> new Endpoint(uri, "-Docisi.podmanHost"))
                .or(() -> variable("CONTAINER_HOST"))
                .or(() -> runtimeDir == null ? Optional.empty()
                        : socket(Path.of(runtimeDir, "podman", "podman.sock"), tried))
                .or(() -> socket(Path.of("/run/podman/podman.sock"), tried));
        return found.orElseThrow(() -> new EngineException("no podman API socket found (tried -Docisi.podmanHost, "
                + "CONTAINER_HOST, " + String.join(", ", tried) + "); start one with `podman system service "
                + "--time=0 unix:///run/podman/podman.sock &` or `systemctl --user enable --now podman.socket`, or "
                + "use the podman CLI (the default)"));
    }

    private Optional<Endpoint> variable(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new Endpoint(value, name));
    }

    private Optional<Endpoint> socket(Path path, List<String> tried) {
        tried.add(path.toString());
        return exists.test(path) ? Optional.of(new Endpoint("unix://" + path, "the default socket " + path))
                : Optional.empty();
    }
}
