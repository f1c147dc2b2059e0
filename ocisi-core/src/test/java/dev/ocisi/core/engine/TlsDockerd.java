package dev.ocisi.core.engine;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A second dockerd standing for another machine: its own data-root, exec-root, pidfile and bridge, no iptables, listening on a loopback TCP port with TLS and asking for a client certificate (--tlsverify), all made by
 * the test with a CA of its own. The clients get DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, as Docker's own client
 * would. One per test JVM, stopped (and its folder removed) when the JVM ends.
 */
public final class TlsDockerd {

    private static TlsDockerd shared;

    public final String host;
    /** ca.pem, cert.pem and key.pem for a client, as DOCKER_CERT_PATH holds them. */
    public final Path clientCerts;
    /** A client certificate another CA signed: a client the daemon must refuse. */
    public final Path strangerCerts;
    /** Another CA as ca.pem: a client that must refuse the daemon. */
    public final Path distrustingCerts;

    private TlsDockerd(String host, Path clientCerts, Path strangerCerts, Path distrustingCerts) {
        this.host = host;
        this.clientCerts = clientCerts;
        this.strangerCerts = strangerCerts;
        this.distrustingCerts = distrustingCerts;
    }

    public static synchronized TlsDockerd shared() throws Exception {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** This JVM's environment with Docker's TLS variables for the daemon. */
    public Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("DOCKER_TLS_VERIFY", "1");
        environment.put("DOCKER_CERT_PATH", clientCerts.toString());
        return Map.copyOf(environment);
    }

    public Endpoint endpoint() {
        return new Endpoint(host, "the tests' TLS dockerd", Optional.of(clientCerts));
    }

    private static TlsDockerd start() throws Exception {
        // not in the temp folder: dockerd mounts under its data-root, which must go only after it stopped
        Path folder = Files.createDirectories(Path.of(
                "/var/tmp/ocisi-engines",
                "tls-dockerd-" + UUID.randomUUID().toString().substring(0, 8)));
        TestCertificates ca = TestCertificates.authority(folder.resolve("ca"), "ocisi test dockerd CA");
        ca.server("server");
        ca.client("client");
        Path client = certs(folder.resolve("client"), ca.ca(), ca, "client");
        TestCertificates other = TestCertificates.authority(folder.resolve("other-ca"), "ocisi stranger CA");
        other.client("client");
        Path stranger = certs(folder.resolve("stranger"), ca.ca(), other, "client");
        Path distrusting = certs(folder.resolve("distrusting"), other.ca(), ca, "client");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // a bridge of its own: with --bridge=none, dockerd removes the machine's docker0 as it starts, and the
        // machine's dockerd cannot run a RUN step any more
        String bridge = "ocisi" + folder.getFileName().toString().substring("tls-dockerd-".length(), 17);
        TestEngines.runIn(folder, "ip", "link", "add", "name", bridge, "type", "bridge");
        TestEngines.runIn(
                folder,
                "ip",
                "addr",
                "add",
                "172.30." + (1 + new java.util.Random().nextInt(250)) + ".1/24",
                "dev",
                bridge);
        TestEngines.runIn(folder, "ip", "link", "set", bridge, "up");
        Path log = folder.resolve("dockerd.log");
        Process process = new ProcessBuilder(List.of(
                        "dockerd",
                        "--data-root",
                        folder.resolve("data").toString(),
                        "--exec-root",
                        folder.resolve("exec").toString(),
                        "--pidfile",
                        folder.resolve("dockerd.pid").toString(),
                        "-H",
                        "tcp://127.0.0.1:" + port,
                        "--tlsverify",
                        "--tlscacert",
                        ca.ca().toString(),
                        "--tlscert",
                        ca.folder().resolve("server.crt").toString(),
                        "--tlskey",
                        ca.folder().resolve("server.key").toString(),
                        "--bridge=" + bridge,
                        "--iptables=false",
                        "--ip-masq=false"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy();
            try {
                if (process.waitFor(20, TimeUnit.SECONDS)) {
                    Trees.delete(folder);
                }
                new ProcessBuilder("ip", "link", "del", bridge).start().waitFor();
            } catch (Exception e) {
                System.err.println("cannot remove " + folder + ": " + e.getMessage());
            }
        }));
        TlsDockerd dockerd = new TlsDockerd("tcp://127.0.0.1:" + port, client, stranger, distrusting);
        for (int i = 0; i < 300; i++) {
            if (Files.readString(log).contains("API listen on")) {
                return dockerd;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the tests' TLS dockerd did not start: " + Files.readString(log));
    }

    /** A DOCKER_CERT_PATH folder: a CA as ca.pem, a client's certificate and key. */
    private static Path certs(Path target, Path caPem, TestCertificates signer, String name) throws Exception {
        Files.createDirectories(target);
        Files.copy(caPem, target.resolve("ca.pem"));
        Files.copy(signer.folder().resolve(name + ".crt"), target.resolve("cert.pem"));
        Files.copy(signer.folder().resolve(name + ".key"), target.resolve("key.pem"));
        return target;
    }
}
