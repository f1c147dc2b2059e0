package dev.ocisi.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.config.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds the Docker API socket for an engine, in a stated order. For dockerd: a configured host, {@code DOCKER_HOST},
 * the Docker context in use (as Docker's client keeps it), then {@code /var/run/docker.sock}; a TCP host speaks TLS
 * when DOCKER_TLS_VERIFY says so, with the certificates of DOCKER_CERT_PATH (or ~/.docker). For podman's API service: a configured host, {@code CONTAINER_HOST}, then
 * {@code $XDG_RUNTIME_DIR/podman/podman.sock} and {@code /run/podman/podman.sock}. A socket a variable names is used
 * as given; default sockets only when they exist.
 */
public final class EndpointDiscovery {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        Optional<Endpoint> found = configured
                .map(uri -> new Endpoint(uri, "-Docisi.dockerHost", dockerTls(uri)))
                .or(() -> variable("DOCKER_HOST").map(e -> new Endpoint(e.uri(), e.source(), dockerTls(e.uri()))));
        if (found.isEmpty()) {
            found = dockerContext();
        }
        found = found.or(() -> socket(Path.of("/var/run/docker.sock"), tried));
        return found.orElseThrow(() -> new EngineException("no Docker daemon socket found (tried -Docisi.dockerHost, "
                + "DOCKER_HOST, the Docker context, " + String.join(", ", tried) + "); start dockerd (apt-get "
                + "install docker.io, then dockerd &), or set DOCKER_HOST"));
    }

    /** Docker's client configuration folder: DOCKER_CONFIG, or ~/.docker. */
    private Path dockerConfig() {
        String configured = environment.get("DOCKER_CONFIG");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
    }

    /** As Docker's client: TLS, verifying the daemon, when DOCKER_TLS_VERIFY is set to anything, for a TCP host. */
    private Optional<Path> dockerTls(String uri) {
        String verify = environment.get("DOCKER_TLS_VERIFY");
        if (!uri.startsWith("tcp://") || verify == null || verify.isEmpty()) {
            return Optional.empty();
        }
        String certs = environment.get("DOCKER_CERT_PATH");
        return Optional.of(certs == null || certs.isBlank() ? dockerConfig() : Path.of(certs));
    }

    /**
     * The endpoint of the Docker context in use (DOCKER_CONTEXT, else config.json's currentContext), where Docker's
     * client keeps it: contexts/meta/SHA256(name)/meta.json, its TLS files in contexts/tls/SHA256(name)/docker.
     */
    private Optional<Endpoint> dockerContext() throws EngineException {
        Path config = dockerConfig();
        String variable = environment.get("DOCKER_CONTEXT");
        boolean fromVariable = variable != null && !variable.isBlank();
        String source = fromVariable ? "DOCKER_CONTEXT" : config.resolve("config.json") + "'s currentContext";
        String name = fromVariable
                ? variable
                : readJson(config.resolve("config.json"))
                        .map(json -> json.path("currentContext").asText(""))
                        .orElse("");
        if (name.isBlank() || name.equals("default")) {
            return Optional.empty();
        }
        String key = Sha256.ofText(name);
        Path meta = config.resolve("contexts").resolve("meta").resolve(key).resolve("meta.json");
        JsonNode docker = readJson(meta)
                .map(json -> json.path("Endpoints").path("docker"))
                .orElseThrow(() -> new EngineException("the Docker context '" + name + "' (from " + source
                        + ") is not there (no " + meta + "); `docker context ls` lists the contexts"));
        String host = docker.path("Host").asText("");
        if (host.isBlank()) {
            throw new EngineException("the Docker context '" + name + "' names no Docker endpoint (" + meta + ")");
        }
        Path tls = config.resolve("contexts").resolve("tls").resolve(key).resolve("docker");
        boolean verified = Files.isRegularFile(tls.resolve("ca.pem"))
                && !docker.path("SkipTLSVerify").asBoolean();
        return Optional.of(
                new Endpoint(host, "Docker context '" + name + "'", verified ? Optional.of(tls) : Optional.empty()));
    }

    private static Optional<JsonNode> readJson(Path file) throws EngineException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new EngineException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Endpoint podman(Optional<String> configured) throws EngineException {
        List<String> tried = new ArrayList<>();
        String runtimeDir = environment.get("XDG_RUNTIME_DIR");
        Optional<Endpoint> found = configured
                .map(uri -> new Endpoint(uri, "-Docisi.podmanHost"))
                .or(() -> variable("CONTAINER_HOST"))
                .or(() -> runtimeDir == null
                        ? Optional.empty()
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
        return exists.test(path)
                ? Optional.of(new Endpoint("unix://" + path, "the default socket " + path))
                : Optional.empty();
    }
}
