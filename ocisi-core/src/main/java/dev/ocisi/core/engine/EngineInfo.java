package dev.ocisi.core.engine;

/**
 * An engine as reached: what it is ("podman CLI", "Docker API"), where ("/usr/bin/podman",
 * "unix:///var/run/docker.sock"), the server's version and API version, and the platform it runs on as it says it
 * ({@code linux/arm64}; empty when it does not say).
 */
public record EngineInfo(String kind, String endpoint, String version, String apiVersion, String platform) {

    @Override
    public String toString() {
        return kind + " " + version + (apiVersion.isEmpty() ? "" : " (API " + apiVersion + ")") + " at " + endpoint;
    }
}
