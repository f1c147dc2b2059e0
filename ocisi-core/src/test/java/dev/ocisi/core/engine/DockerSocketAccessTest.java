package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.plan.RunUser;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user who may not open dockerd's socket (a rootless user outside the docker group) is told why and what to do, not
 * only "permission denied". Root opens any socket, so this runs in the rootless part of the test command.
 */
@Tag("rootless")
class DockerSocketAccessTest {

    @TempDir
    Path dir;

    @Test
    void aSocketTheUserMayNotOpenNamesTheDockerGroupAndRootlessPodman() throws Exception {
        Assumptions.assumeFalse(
                RunUser.current().uid().equals("0"),
                "root opens any socket: scripts/rootless.sh " + "runs this test as a user");
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("---------"));
            try (DockerApiEngine engine = new DockerApiEngine(new Endpoint("unix://" + socket, "the test"))) {
                EngineException e = assertThrows(EngineException.class, engine::info);
                assertTrue(
                        e.getMessage().contains("this user may not open the socket")
                                && e.getMessage().contains("`manager: podman`")
                                && e.getMessage().contains("usermod -aG docker"),
                        e.getMessage());
            }
        }
    }
}
