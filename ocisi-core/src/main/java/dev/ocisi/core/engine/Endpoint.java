package dev.ocisi.core.engine;

/** A Docker API socket and why it was chosen ("DOCKER_HOST", "-Docisi.dockerHost", "the default socket"). */
public record Endpoint(String uri, String source) {

    @Override
    public String toString() {
        return uri;
    }
}
