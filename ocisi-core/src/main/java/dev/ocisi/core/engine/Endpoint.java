package dev.ocisi.core.engine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A Docker API endpoint and why it was chosen ("DOCKER_HOST", "-Docisi.dockerHost", "the default socket", "Docker
 * context 'ci'").
 *
 * @param tls the folder of {@code ca.pem}, {@code cert.pem} and {@code key.pem} when the endpoint speaks TLS and the
 *            daemon's certificate is verified against that CA, as Docker's own client does with DOCKER_TLS_VERIFY
 */
public record Endpoint(String uri, String source, Optional<Path> tls) {

    public Endpoint(String uri, String source) {
        this(uri, source, Optional.empty());
    }

    @Override
    public String toString() {
        return uri + tls.map(folder -> " (TLS, certificates in " + folder + ")").orElse("");
    }
}
