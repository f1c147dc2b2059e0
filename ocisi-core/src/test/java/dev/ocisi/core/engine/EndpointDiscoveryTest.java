package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointDiscoveryTest {

    @TempDir
    Path dir;

    /** The machine's own ~/.docker never counts: HOME is a folder that is not there unless a test gives one. */
    private static EndpointDiscovery discovery(Map<String, String> env, String... existing) {
        Set<Path> present =
                Set.of(java.util.Arrays.stream(existing).map(Path::of).toArray(Path[]::new));
        Map<String, String> withHome = new java.util.HashMap<>(Map.of("HOME", "/nonexistent-home"));
        withHome.putAll(env);
        return new EndpointDiscovery(withHome, present::contains);
    }

    @Test
    void dockerPrefersTheConfiguredHostThenDockerHostThenTheDefaultSocket() throws Exception {
        assertEquals(
                new Endpoint("tcp://h:2375", "-Docisi.dockerHost"),
                discovery(Map.of("DOCKER_HOST", "unix:///x"), "/var/run/docker.sock")
                        .docker(Optional.of("tcp://h:2375")));
        assertEquals(
                new Endpoint("unix:///x", "DOCKER_HOST"),
                discovery(Map.of("DOCKER_HOST", "unix:///x"), "/var/run/docker.sock")
                        .docker(Optional.empty()));
        assertEquals(
                new Endpoint("unix:///var/run/docker.sock", "the default socket /var/run/docker.sock"),
                discovery(Map.of(), "/var/run/docker.sock").docker(Optional.empty()));
    }

    /** As Docker's client: any value of DOCKER_TLS_VERIFY means TLS for a TCP host, certificates in DOCKER_CERT_PATH. */
    @Test
    void dockerTlsVerifyAndCertPathAsDockersClientReadsThem() throws Exception {
        assertEquals(
                new Endpoint("tcp://h:2376", "DOCKER_HOST", Optional.of(Path.of("/certs"))),
                discovery(Map.of("DOCKER_HOST", "tcp://h:2376", "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/certs"))
                        .docker(Optional.empty()));
        assertEquals(
                Optional.of(dir.resolve(".docker")),
                discovery(Map.of("HOME", dir.toString(), "DOCKER_TLS_VERIFY", "1"))
                        .docker(Optional.of("tcp://h:2376"))
                        .tls(),
                "~/.docker by default");
        assertEquals(
                Optional.empty(),
                discovery(Map.of("DOCKER_HOST", "tcp://h:2375", "DOCKER_TLS_VERIFY", ""))
                        .docker(Optional.empty())
                        .tls(),
                "empty is off");
        assertEquals(
                Optional.empty(),
                discovery(Map.of("DOCKER_HOST", "unix:///x", "DOCKER_TLS_VERIFY", "1"))
                        .docker(Optional.empty())
                        .tls(),
                "a socket has no TLS");
    }

    /** Where Docker's client keeps a context: meta.json and the TLS files under the SHA-256 of its name. */
    @Test
    void theDockerContextInUseComesAfterDockerHost() throws Exception {
        String key = dev.ocisi.core.config.Sha256.ofText("ci");
        Path meta = Files.createDirectories(dir.resolve(".docker/contexts/meta/" + key));
        Files.writeString(
                meta.resolve("meta.json"),
                "{\"Name\":\"ci\",\"Metadata\":{},\"Endpoints\":{\"docker\":"
                        + "{\"Host\":\"tcp://builder:2376\",\"SkipTLSVerify\":false}}}");
        Path tls = Files.createDirectories(dir.resolve(".docker/contexts/tls/" + key + "/docker"));
        Files.writeString(tls.resolve("ca.pem"), "");
        Files.writeString(dir.resolve(".docker/config.json"), "{\"currentContext\":\"ci\"}");
        Map<String, String> home = Map.of("HOME", dir.toString());
        assertEquals(
                new Endpoint("tcp://builder:2376", "Docker context 'ci'", Optional.of(tls)),
                discovery(home, "/var/run/docker.sock").docker(Optional.empty()));
        assertEquals(
                "DOCKER_HOST",
                discovery(Map.of("HOME", dir.toString(), "DOCKER_HOST", "unix:///x"))
                        .docker(Optional.empty())
                        .source());
        assertEquals(
                "unix:///var/run/docker.sock",
                discovery(Map.of("HOME", dir.toString(), "DOCKER_CONTEXT", "default"), "/var/run/docker.sock")
                        .docker(Optional.empty())
                        .uri(),
                "'default' is the plain socket");
        EngineException missing = assertThrows(
                EngineException.class,
                () -> discovery(Map.of("HOME", dir.toString(), "DOCKER_CONTEXT", "gone"))
                        .docker(Optional.empty()));
        assertEquals(
                "the Docker context 'gone' (from DOCKER_CONTEXT) is not there (no "
                        + dir.resolve(".docker/" + "contexts/meta/" + dev.ocisi.core.config.Sha256.ofText("gone")
                                + "/meta.json")
                        + "); `docker "
                        + "context ls` lists the contexts",
                missing.getMessage());
    }

    @Test
    void podmanLooksAtContainerHostThenTheUsersThenTheSystemsSocket() throws Exception {
        assertEquals(
                new Endpoint("unix:///c", "CONTAINER_HOST"),
                discovery(
                                Map.of("CONTAINER_HOST", "unix:///c", "XDG_RUNTIME_DIR", "/run/user/1000"),
                                "/run/user/1000/podman/podman.sock")
                        .podman(Optional.empty()));
        assertEquals(
                "unix:///run/user/1000/podman/podman.sock",
                discovery(
                                Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
                                "/run/user/1000/podman/podman.sock",
                                "/run/podman/podman.sock")
                        .podman(Optional.empty())
                        .uri());
        assertEquals(
                "unix:///run/podman/podman.sock",
                discovery(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), "/run/podman/podman.sock")
                        .podman(Optional.empty())
                        .uri());
    }

    @Test
    void noSocketNamesWhatWasTriedAndTheFix() {
        EngineException failure = assertThrows(
                EngineException.class,
                () -> discovery(Map.of("XDG_RUNTIME_DIR", "/run/user/7")).podman(Optional.empty()));
        assertTrue(
                failure.getMessage().contains("/run/user/7/podman/podman.sock, /run/podman/podman.sock"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("podman system service --time=0"), failure.getMessage());
    }
}
