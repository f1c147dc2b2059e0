package dev.ocisi.core.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to reach the engines, on this machine or another.
 *
 * @param podmanAccess     podman through its CLI (the default) or its Docker API service
 * @param dockerHost       the Docker daemon's endpoint ({@code unix://}, {@code tcp://}, {@code ssh://}), when not found
 *                         by discovery
 * @param podmanHost       podman's service ({@code unix://}, {@code tcp://}, {@code ssh://user@host/run/podman/
 *                         podman.sock}): the CLI works against it with {@code --url}, the Docker API path connects to it
 * @param podmanConnection a connection of {@code podman system connection} for the CLI ({@code --connection})
 * @param sshKey           the private key for {@code ssh://} endpoints, when not the ssh client's own choice
 * @param podmanExecutable the podman command
 */
public record EngineSettings(
        PodmanAccess podmanAccess,
        Optional<String> dockerHost,
        Optional<String> podmanHost,
        Optional<String> podmanConnection,
        Optional<Path> sshKey,
        String podmanExecutable) {

    public enum PodmanAccess {
        CLI,
        API
    }

    public static EngineSettings defaults() {
        return new EngineSettings(
                PodmanAccess.CLI, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "podman");
    }

    /** Whether podman builds on another machine: its kernel, not this one's, runs the RUN steps. */
    public boolean podmanElsewhere() {
        return podmanConnection.isPresent()
                || podmanHost.filter(host -> !host.startsWith("unix:")).isPresent();
    }

    public EngineSettings withAccess(PodmanAccess access) {
        return new EngineSettings(access, dockerHost, podmanHost, podmanConnection, sshKey, podmanExecutable);
    }

    public EngineSettings withDockerHost(Optional<String> host) {
        return new EngineSettings(podmanAccess, host, podmanHost, podmanConnection, sshKey, podmanExecutable);
    }

    public EngineSettings withPodmanHost(Optional<String> host) {
        return new EngineSettings(podmanAccess, dockerHost, host, podmanConnection, sshKey, podmanExecutable);
    }

    public EngineSettings withPodmanConnection(Optional<String> connection) {
        return new EngineSettings(podmanAccess, dockerHost, podmanHost, connection, sshKey, podmanExecutable);
    }

    public EngineSettings withSshKey(Optional<Path> key) {
        return new EngineSettings(podmanAccess, dockerHost, podmanHost, podmanConnection, key, podmanExecutable);
    }

    /** The podman CLI's global options that send its work to another service, if any: {@code --url}, ... */
    public List<String> podmanRemoteOptions() {
        List<String> options = new ArrayList<>();
        podmanConnection.ifPresent(name -> options.addAll(List.of("--connection", name)));
        podmanHost.ifPresent(url -> options.addAll(List.of("--url", url)));
        if (!options.isEmpty()) {
            sshKey.ifPresent(key -> options.addAll(List.of("--identity", key.toString())));
        }
        return options;
    }
}
