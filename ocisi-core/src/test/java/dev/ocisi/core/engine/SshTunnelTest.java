package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.Manager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ssh:// endpoints for the Docker API: podman's service and dockerd through the tests' sshd. */
@EngineTest
class SshTunnelTest {

    @TempDir
    Path dir;

    @Test
    void podmansServiceOverSshWithTheApiAndTheTunnelGoesWithTheEngines() throws Exception {
        SshService ssh = SshService.shared();
        RecordingLog log = new RecordingLog();
        EngineSettings settings = EngineSettings.defaults()
                .withAccess(EngineSettings.PodmanAccess.API)
                .withPodmanHost(Optional.of(ssh.url("")))
                .withSshKey(Optional.of(ssh.key));
        Path socket;
        try (Engines engines = new Engines(settings, ssh.environment(), log)) {
            EngineInfo info = engines.info(Manager.PODMAN);
            assertEquals("Docker API (podman service)", info.kind(), "the default socket, /run/podman/podman.sock");
            socket = Path.of(info.endpoint().substring("unix://".length()));
            assertTrue(Files.exists(socket), info.toString());
            assertTrue(
                    log.contains("podman API socket: " + ssh.url("") + " (from -Docisi.podmanHost)"),
                    log.lines().toString());
        }
        assertFalse(Files.exists(socket.getParent()), "the tunnel's socket goes with the engines");
    }

    @Test
    void dockerdOverSshAsADockerHost() throws Exception {
        SshService ssh = SshService.shared();
        EngineSettings settings = EngineSettings.defaults()
                .withDockerHost(Optional.of(ssh.url("/var/run/docker.sock")))
                .withSshKey(Optional.of(ssh.key));
        try (Engines engines = new Engines(settings, ssh.environment(), new RecordingLog())) {
            assertEquals("Docker API (dockerd)", engines.info(Manager.DOCKER).kind());
        }
    }

    @Test
    void aKeySshRefusesIsSaidWithTheFix() throws Exception {
        SshService ssh = SshService.shared();
        TestEngines.runIn(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "stranger");
        EngineSettings settings = EngineSettings.defaults()
                .withDockerHost(Optional.of(ssh.url("")))
                .withSshKey(Optional.of(dir.resolve("stranger")));
        EngineException failure = assertThrows(EngineException.class, () -> {
            try (Engines engines = new Engines(settings, ssh.environment(), new RecordingLog())) {
                engines.forManager(Manager.DOCKER);
            }
        });
        assertTrue(
                failure.getMessage()
                        .startsWith(
                                "cannot reach /var/run/docker.sock on 127.0.0.1 through ssh (" + ssh.url("") + "): "),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("Permission denied"), failure.getMessage());
        assertTrue(failure.getMessage().contains("-Docisi.sshKey"), failure.getMessage());
    }
}
