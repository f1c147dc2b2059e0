package dev.ocisi.core.registry;

import dev.ocisi.core.engine.TestCertificates;
import dev.ocisi.core.engine.TestEngines;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A registry of a test's own (Debian's docker-registry) that speaks TLS with a certificate from a certificate
 * authority the test makes, and asks for a login (htpasswd, bcrypt). The CA goes where the engines look for a
 * registry's own CA, /etc/containers/certs.d/HOST:PORT/ca.crt (podman) and /etc/docker/certs.d/HOST:PORT/ca.crt
 * (dockerd), and nowhere else: Java's trust store does not know it. Closing it stops the registry and takes the CA
 * back out.
 */
public final class SecureRegistry implements AutoCloseable {

    public static final String USER = "ocisi-ci";
    public static final String PASSWORD = "Pa55-word-never-printed";

    public final String host;
    public final Path log;
    private final Process process;
    private final List<Path> installed = new ArrayList<>();

    private SecureRegistry(String host, Path log, Process process) {
        this.host = host;
        this.log = log;
        this.process = process;
    }

    public static SecureRegistry start() throws Exception {
        Path folder = TestEngines.scratchFolder("ocisi-secure-registry-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String host = "localhost:" + port;
        TestCertificates.authority(folder, "ocisi test CA").server("server");
        TestEngines.runIn(folder, "htpasswd", "-Bbc", "htpasswd", USER, PASSWORD);
        Files.writeString(
                folder.resolve("config.yml"),
                "version: 0.1\n"
                        + "storage:\n  filesystem:\n    rootdirectory: " + folder.resolve("data") + "\n"
                        + "  delete:\n    enabled: true\n"
                        + "http:\n  addr: 127.0.0.1:" + port + "\n  tls:\n    certificate: "
                        + folder.resolve("server.crt")
                        + "\n    key: " + folder.resolve("server.key") + "\n"
                        + "auth:\n  htpasswd:\n    realm: ocisi-test\n    path: " + folder.resolve("htpasswd") + "\n");
        Path log = folder.resolve("registry.log");
        Process process = new ProcessBuilder(
                        "docker-registry", "serve", folder.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        SecureRegistry registry = new SecureRegistry(host, log, process);
        try {
            for (String certs : List.of("/etc/containers/certs.d", "/etc/docker/certs.d")) {
                Path target = Files.createDirectories(Path.of(certs, host)).resolve("ca.crt");
                Files.copy(folder.resolve("ca.crt"), target);
                registry.installed.add(target);
            }
            registry.waitUntilUp();
        } catch (Exception e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private void waitUntilUp() throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(log) && Files.readString(log).contains("listening on")) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the test's TLS registry did not start: " + Files.readString(log));
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Path file : installed) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        }
    }
}
