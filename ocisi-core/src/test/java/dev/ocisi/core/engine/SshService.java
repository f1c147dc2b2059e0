package dev.ocisi.core.engine;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An sshd of the tests' own on a loopback port, standing for another machine: a host key and a user key made for it,
 * root allowed in with that key only. Its known_hosts file lies in a home folder of its own, which the clients are
 * given as HOME (podman reads $HOME/.ssh/known_hosts; ocisi's ssh tunnel too), so the machine's ~/.ssh is never
 * touched. One per test JVM, stopped when the JVM ends.
 */
public final class SshService {

    private static SshService shared;

    public final int port;
    /** The user's private key. */
    public final Path key;
    /** A home folder whose .ssh/known_hosts knows the service's host key. */
    public final Path home;

    private SshService(int port, Path key, Path home) {
        this.port = port;
        this.key = key;
        this.home = home;
    }

    public static synchronized SshService shared() throws Exception {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** {@code ssh://root@127.0.0.1:PORT} and the path. */
    public String url(String path) {
        return "ssh://root@127.0.0.1:" + port + path;
    }

    /** This JVM's environment with HOME where the known_hosts file is. */
    public Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("HOME", home.toString());
        return Map.copyOf(environment);
    }

    private static SshService start() throws Exception {
        // removed by the hook below once sshd has stopped (a folder sshd still writes to may not be removable)
        Path folder = java.nio.file.Files.createTempDirectory("ocisi-sshd-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestEngines.runIn(folder, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "host_key");
        TestEngines.runIn(folder, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "user_key");
        Files.copy(folder.resolve("user_key.pub"), folder.resolve("authorized_keys"));
        Files.writeString(
                folder.resolve("sshd_config"),
                String.join(
                        "\n",
                        List.of(
                                "Port " + port,
                                "ListenAddress 127.0.0.1",
                                "HostKey " + folder.resolve("host_key"),
                                "AuthorizedKeysFile " + folder.resolve("authorized_keys"),
                                "PermitRootLogin prohibit-password",
                                "PasswordAuthentication no",
                                "KbdInteractiveAuthentication no",
                                "StrictModes no",
                                "UsePAM no",
                                "PidFile " + folder.resolve("sshd.pid"),
                                "AllowStreamLocalForwarding yes",
                                "")));
        Path home = Files.createDirectories(folder.resolve("home/.ssh")).getParent();
        String hostKey = Files.readString(folder.resolve("host_key.pub"))
                        .strip()
                        .split(" ")[0] + " "
                + Files.readString(folder.resolve("host_key.pub")).strip().split(" ")[1];
        Files.writeString(home.resolve(".ssh/known_hosts"), "[127.0.0.1]:" + port + " " + hostKey + "\n");
        // sshd wants its privilege separation folder, which only a started ssh service would have made
        Files.createDirectories(Path.of("/run/sshd"));
        Path log = folder.resolve("sshd.log");
        Process process = new ProcessBuilder(
                        "/usr/sbin/sshd",
                        "-D",
                        "-f",
                        folder.resolve("sshd_config").toString(),
                        "-E",
                        log.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("out.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
                Trees.delete(folder);
            } catch (InterruptedException | IOException e) {
                System.err.println("cannot remove " + folder + ": " + e.getMessage());
            }
        }));
        for (int i = 0; i < 100; i++) {
            if (Files.exists(log) && Files.readString(log).contains("Server listening")) {
                return new SshService(port, folder.resolve("user_key"), home);
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the tests' sshd did not start (apt-get install openssh-server): "
                + (Files.exists(log) ? Files.readString(log) : "") + Files.readString(folder.resolve("out.log")));
    }
}
