package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointDiscoveryTest {

    private static EndpointDiscovery discovery(Map<String, String> env, String... existing) {
        Set<Path> present = Set.of(java.util.Arrays.stream(existing).map(Path::of).toArray(Path[]::new));
        return new EndpointDiscovery(env, present::contains);
    }

    @Test
    void dockerPrefersTheConfiguredHostThenDockerHostThenTheDefaultSocket() throws Exception {
        assertEquals(new Endpoint("tcp://h:2375", "-Docisi.dockerHost"), discovery(Map.of("DOCKER_HOST", "unix:///x"),
                "/var/run/docker.sock").docker(Optional.of("tcp://h:2375")));
        assertEquals(new Endpoint("unix:///x", "DOCKER_HOST"), discovery(Map.of("DOCKER_HOST", "unix:///x"),
                "/var/run/docker.sock").docker(Optional.empty()));
        assertEquals(new Endpoint("unix:///var/run/docker.sock", "the default socket /var/run/docker.sock"),
                discovery(Map.of(), "/var/run/docker.sock").docker(Optional.empty()));
    }

    @Test
    void podmanLooksAtContainerHostThenTheUsersThenTheSystemsSocket() throws Exception {
        assertEquals(new Endpoint("unix:///c", "CONTAINER_HOST"), discovery(Map.of("CONTAINER_HOST", "unix:///c",
                "XDG_RUNTIME_DIR", "/run/user/1000"), "/run/user/1000/podman/podman.sock").podman(Optional.empty()));
        assertEquals("unix:///run/user/1000/podman/podman.sock", discovery(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
                "/run/user/1000/podman/podman.sock", "/run/podman/podman.sock").podman(Optional.empty()).uri());
        assertEquals("unix:///run/podman/podman.sock", discovery(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
                "/run/podman/podman.sock").podman(Optional.empty()).uri());
    }

    @Test
    void noSocketNamesWhatWasTriedAndTheFix() {
        EngineException failure = assertThrows(EngineException.class,
                () -> discovery(Map.of("XDG_RUNTIME_DIR", "/run/user/7")).podman(Optional.empty()));
        assertTrue(failure.getMessage().contains("/run/user/7/podman/podman.sock, /run/podman/podman.sock"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("podman system service --time=0"), failure.getMessage());
    }
}
