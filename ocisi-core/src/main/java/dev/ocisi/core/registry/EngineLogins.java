package dev.ocisi.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.plan.RegistryLogin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The logins the engines keep ({@code podman login}, {@code docker login}), read from their files in the order
 * podman looks: {@code REGISTRY_AUTH_FILE}, {@code $XDG_RUNTIME_DIR/containers/auth.json},
 * {@code /run/containers/UID/auth.json}, {@code ~/.config/containers/auth.json}, then Docker's
 * {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}. Only logins stored in the file itself: a
 * credential helper's are not read (name the registry in Maven's settings.xml instead).
 */
public final class EngineLogins {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> files;

    EngineLogins(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** The files for this process's environment and user. */
    public static EngineLogins of(Map<String, String> environment, String home, String uid) {
        List<Path> files = new ArrayList<>();
        Optional.ofNullable(environment.get("REGISTRY_AUTH_FILE"))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .ifPresent(files::add);
        Optional.ofNullable(environment.get("XDG_RUNTIME_DIR"))
                .filter(s -> !s.isBlank())
                .map(dir -> Path.of(dir, "containers", "auth.json"))
                .ifPresent(files::add);
        files.add(Path.of("/run/containers", uid, "auth.json"));
        files.add(Path.of(home, ".config", "containers", "auth.json"));
        files.add(Optional.ofNullable(environment.get("DOCKER_CONFIG"))
                .filter(s -> !s.isBlank())
                .map(dir -> Path.of(dir, "config.json"))
                .orElse(Path.of(home, ".docker", "config.json")));
        return new EngineLogins(files);
    }

    /** The first login stored for the host, if any. */
    public Optional<RegistryLogin> find(String host) {
        for (Path file : files) {
            Optional<RegistryLogin> login = read(file, host);
            if (login.isPresent()) {
                return login;
            }
        }
        return Optional.empty();
    }

    private static Optional<RegistryLogin> read(Path file, String host) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode auths;
        try {
            auths = JSON.readTree(file.toFile()).path("auths");
        } catch (IOException e) {
            // a broken login file is the engine's to complain about; without it the registry asks for a login
            return Optional.empty();
        }
        for (String key : List.of(host, "https://" + host, "http://" + host, "https://" + host + "/v1/")) {
            String auth = auths.path(key).path("auth").asText("");
            if (auth.isEmpty()) {
                continue;
            }
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                continue;
            }
            int colon = pair.indexOf(':');
            if (colon > 0) {
                return Optional.of(
                        new RegistryLogin(host, pair.substring(0, colon), pair.substring(colon + 1), file.toString()));
            }
        }
        return Optional.empty();
    }
}
