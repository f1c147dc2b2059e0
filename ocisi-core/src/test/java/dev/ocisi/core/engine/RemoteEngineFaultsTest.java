package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.Manager;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stops a remote engine is said once, clearly, when the engine is first reached (which a run does before it
 * builds anything): a certificate the daemon refuses, a daemon the client cannot trust, TLS left out, a refused
 * connection, an unknown podman connection, a key ssh refuses.
 */
@EngineTest
class RemoteEngineFaultsTest {

    @TempDir
    Path dir;

    private static String dockerFailure(Map<String, String> environment, String host) {
        return assertThrows(EngineException.class, () -> {
                    try (Engines engines = new Engines(
                            EngineSettings.defaults().withDockerHost(Optional.of(host)),
                            environment,
                            new RecordingLog())) {
                        engines.forManager(Manager.DOCKER);
                    }
                })
                .getMessage();
    }

    private static Map<String, String> tls(Path certs) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("DOCKER_TLS_VERIFY", "1");
        environment.put("DOCKER_CERT_PATH", certs.toString());
        return environment;
    }

    @Test
    void aClientCertificateTheDaemonDidNotSignIsRefused() throws Exception {
        TlsDockerd dockerd = TlsDockerd.shared();
        String message = dockerFailure(tls(dockerd.strangerCerts), dockerd.host);
        assertTrue(
                message.startsWith("cannot ask its version through the Docker API at " + dockerd.host
                        + " (TLS, certificates in " + dockerd.strangerCerts + ") (from -Docisi.dockerHost): "),
                message);
        assertTrue(message.contains("the TLS handshake failed: ca.pem in " + dockerd.strangerCerts), message);
    }

    @Test
    void aDaemonWhoseCertificateTheCaDidNotSignIsNotTrusted() throws Exception {
        TlsDockerd dockerd = TlsDockerd.shared();
        String message = dockerFailure(tls(dockerd.distrustingCerts), dockerd.host);
        assertTrue(
                message.contains("the TLS handshake failed: ca.pem in " + dockerd.distrustingCerts
                        + " must be the CA that signed the daemon's certificate"),
                message);
    }

    @Test
    void plainHttpToADaemonThatSpeaksTlsSaysToTurnItOn() throws Exception {
        TlsDockerd dockerd = TlsDockerd.shared();
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.remove("DOCKER_TLS_VERIFY");
        String message = dockerFailure(environment, dockerd.host);
        assertTrue(message.contains("set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH"), message);
    }

    @Test
    void certificatesMissingFromTheFolderAreNamed() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "");
        String message = dockerFailure(tls(dir), "tcp://127.0.0.1:2376");
        assertEquals(
                "the Docker daemon at tcp://127.0.0.1:2376 (from -Docisi.dockerHost) is reached with TLS, but "
                        + dir
                        + " has no cert.pem: put the daemon's CA (ca.pem) and a client certificate it signed (cert.pem, "
                        + "key.pem) there, or point DOCKER_CERT_PATH at the folder that has them",
                message);
    }

    @Test
    void aRefusedConnectionNamesTheEndpoint() throws Exception {
        int port = closedPort();
        String message = dockerFailure(System.getenv(), "tcp://127.0.0.1:" + port);
        assertTrue(
                message.startsWith("cannot ask its version through the Docker API at tcp://127.0.0.1:" + port
                        + " (from -Docisi.dockerHost): "),
                message);
        assertTrue(message.toLowerCase(Locale.ROOT).contains("refused"), message);
    }

    private static String podmanFailure(EngineSettings settings, Map<String, String> environment) {
        return assertThrows(EngineException.class, () -> {
                    try (Engines engines = new Engines(settings, environment, new RecordingLog())) {
                        engines.forManager(Manager.PODMAN);
                    }
                })
                .getMessage();
    }

    @Test
    void anUnknownPodmanConnectionIsNamed() {
        String message = podmanFailure(
                EngineSettings.defaults().withPodmanConnection(Optional.of("no-such-box")), System.getenv());
        assertTrue(message.startsWith("cannot reach podman's service (podman --connection no-such-box): "), message);
        assertTrue(message.contains("no-such-box"), message);
    }

    @Test
    void sshThatCannotConnectOrLogInIsSaid() throws Exception {
        SshService ssh = SshService.shared();
        int port = closedPort();
        String refused = podmanFailure(
                EngineSettings.defaults()
                        .withPodmanHost(Optional.of("ssh://root@127.0.0.1:" + port + "/run/podman/podman.sock"))
                        .withSshKey(Optional.of(ssh.key)),
                ssh.environment());
        // one ssh connection for the run (ocisi's tunnel), whose client says what stopped it
        assertTrue(
                refused.startsWith("cannot reach /run/podman/podman.sock on 127.0.0.1 through ssh (ssh://"), refused);
        assertTrue(refused.toLowerCase(Locale.ROOT).contains("connection refused"), refused);
        TestEngines.runIn(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "stranger");
        String wrongKey = podmanFailure(
                EngineSettings.defaults()
                        .withPodmanHost(Optional.of(ssh.url("/run/podman/podman.sock")))
                        .withSshKey(Optional.of(dir.resolve("stranger"))),
                ssh.environment());
        assertTrue(wrongKey.contains("Permission denied (publickey"), wrongKey);
        assertTrue(wrongKey.contains("-Docisi.sshKey"), wrongKey);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
