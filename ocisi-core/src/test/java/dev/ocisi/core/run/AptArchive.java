package dev.ocisi.core.run;

import com.sun.net.httpserver.HttpServer;
import dev.ocisi.core.engine.TestEngines;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Debian package archive of a test's own: packages made with dpkg-deb, indexed with dpkg-scanpackages as a flat
 * repository, served over HTTP by this JVM on all addresses. A build's RUN step has a network of its own, where the
 * host's loopback is not the host: the archive's URL names the host's first other IPv4 address, which builds reach.
 */
final class AptArchive implements AutoCloseable {

    private final Path folder;
    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicLong debBytes;

    private AptArchive(Path folder, HttpServer server, java.util.concurrent.atomic.AtomicLong debBytes) {
        this.folder = folder;
        this.server = server;
        this.debBytes = debBytes;
    }

    static AptArchive start() throws IOException {
        Path folder = TestEngines.scratchFolder("ocisi-apt-");
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
        server.createContext("/", exchange -> {
            Path file = folder.resolve(exchange.getRequestURI().getPath().substring(1))
                    .normalize();
            if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            if (file.toString().endsWith(".deb")) {
                served.addAndGet(body.length);
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new AptArchive(folder, server, served);
    }

    /** The archive as a one-line apt source, trusted (it is not signed). */
    String sourceLine() throws IOException {
        return "deb [trusted=yes] http://" + hostAddress() + ":"
                + server.getAddress().getPort() + "/ ./";
    }

    /**
     * A Containerfile on {@code base} that installs the package from this archive alone (its source line comes in the
     * build argument SOURCE, so that the archive's address is an input like any argument).
     */
    static String installing(String base, String name) {
        return "FROM " + base + "\nARG SOURCE\n"
                + "RUN echo \"$SOURCE\" > /etc/apt/ocisi-test.list"
                + " && apt-get -o Dir::Etc::SourceList=/etc/apt/ocisi-test.list -o Dir::Etc::SourceParts=- update"
                + " && apt-get -o Dir::Etc::SourceList=/etc/apt/ocisi-test.list -o Dir::Etc::SourceParts=- install"
                + " -y " + name + " && rm -rf /var/lib/apt/lists/*\n";
    }

    /** Publishes a package of this name and version (architecture all), replacing any other version of it. */
    void publish(String name, String version) throws IOException, InterruptedException {
        try (var old = Files.list(folder)) {
            for (Path deb : old.filter(p -> p.getFileName().toString().startsWith(name + "_"))
                    .toList()) {
                Files.delete(deb);
            }
        }
        Path build = TestEngines.scratchFolder("ocisi-deb-");
        Files.createDirectories(build.resolve("DEBIAN"));
        Files.createDirectories(build.resolve("usr/share/" + name));
        Files.writeString(build.resolve("usr/share/" + name + "/version"), version + "\n");
        Files.writeString(
                build.resolve("DEBIAN/control"),
                "Package: " + name + "\nVersion: " + version
                        + "\nArchitecture: all\nMaintainer: ocisi tests <tests@ocisi.invalid>\nDescription: a package of "
                        + "ocisi's tests\n");
        run(
                folder.getParent(),
                "dpkg-deb",
                "--build",
                "--root-owner-group",
                build.toString(),
                folder.resolve(name + "_" + version + "_all.deb").toString());
        String index = run(folder, "dpkg-scanpackages", "--multiversion", ".", "/dev/null");
        Files.writeString(folder.resolve("Packages"), index);
    }

    private static String run(Path in, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(in.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed");
        }
        return output;
    }

    private static String hostAddress() throws IOException {
        return PackageProxy.hostAddress()
                .orElseThrow(() -> new AssertionError(
                        "this machine has no IPv4 address " + "besides the loopback, for builds to reach"));
    }

    /** Bytes of package files (.deb) the archive has served. */
    long packageBytesServed() {
        return debBytes.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
