package dev.ocisi.core.run;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.log.TextTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The package cache across builds: a plain-HTTP proxy in ocisi's own process that builds reach through the proxy
 * variables ({@code http_proxy}), which engines hand to RUN steps without writing them into the image. Package files
 * (.deb, .rpm, .apk: immutable, their names carry their versions) are kept in a folder per hierarchy and served from
 * it the next time; everything else (indexes, which change) is relayed. So a refresh, or a changed package list,
 * downloads only the packages that are new, and neither an image's inputs nor its content depend on the cache. HTTPS
 * is not proxied (builds reach it directly).
 */
final class PackageProxy implements AutoCloseable {

    private static final Set<String> PACKAGE_SUFFIXES = Set.of(".deb", ".udeb", ".ddeb", ".rpm", ".apk");
    private static final Set<String> NOT_RELAYED = Set.of(
            "host",
            "connection",
            "proxy-connection",
            "proxy-authorization",
            "content-length",
            "expect",
            "upgrade",
            "keep-alive",
            "te",
            "trailer",
            "transfer-encoding");

    private final HttpServer server;
    private final Path folder;
    private final String address;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();
    private final AtomicLong downloaded = new AtomicLong();
    private final AtomicLong fromCache = new AtomicLong();

    private PackageProxy(HttpServer server, Path folder, String address) {
        this.server = server;
        this.folder = folder;
        this.address = address;
    }

    /** Starts the proxy on every address, keeping packages in the folder. */
    static PackageProxy start(Path folder) throws IOException {
        Files.createDirectories(folder);
        String address = hostAddress()
                .orElseThrow(() -> new IOException("this machine has no IPv4 address besides "
                        + "the loopback, which a build's own network cannot reach"));
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "ocisi-package-cache");
            thread.setDaemon(true);
            return thread;
        }));
        PackageProxy proxy = new PackageProxy(server, folder, address);
        server.createContext("/", exchange -> {
            try {
                proxy.handle(exchange);
            } catch (IOException | RuntimeException e) {
                exchange.close();
            }
        });
        server.start();
        return proxy;
    }

    /** The proxy's URL as builds reach it: the host's address, not its loopback, which a build's network lacks. */
    String url() {
        return "http://" + address + ":" + server.getAddress().getPort();
    }

    /** {@code package cache: 1.2 MB downloaded, 45.6 MB from the cache}. */
    void report(Log log) {
        if (downloaded.get() > 0 || fromCache.get() > 0) {
            log.info("Package cache (" + folder + "): " + TextTable.bytes(downloaded.get()) + " downloaded, "
                    + TextTable.bytes(fromCache.get()) + " from the cache");
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI target = exchange.getRequestURI();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        if (!"http".equalsIgnoreCase(target.getScheme())
                || target.getHost() == null
                || !(method.equals("GET") || method.equals("HEAD"))) {
            exchange.sendResponseHeaders(501, -1);
            exchange.close();
            return;
        }
        Path cached = isPackage(target.getPath()) && method.equals("GET")
                ? folder.resolve(target.getHost() + target.getPath()).normalize()
                : null;
        if (cached != null && !cached.startsWith(folder)) {
            cached = null;
        }
        if (cached != null && Files.isRegularFile(cached)) {
            long size = Files.size(cached);
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, size);
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(cached, out);
            }
            fromCache.addAndGet(size);
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofMinutes(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_RELAYED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> {
                    try {
                        request.header(name, value);
                    } catch (IllegalArgumentException restricted) {
                        // a header Java's client sets itself
                    }
                });
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            exchange.close();
            return;
        } catch (IOException e) {
            exchange.sendResponseHeaders(502, -1);
            exchange.close();
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_RELAYED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
        boolean body = method.equals("GET") && response.statusCode() != 304 && response.statusCode() != 204;
        exchange.sendResponseHeaders(response.statusCode(), body ? length : -1);
        Path temporary = cached != null && response.statusCode() == 200
                ? Files.createTempFile(folder, "download-", ".part")
                : null;
        try (InputStream in = response.body();
                OutputStream out = exchange.getResponseBody();
                OutputStream copy =
                        temporary == null ? OutputStream.nullOutputStream() : Files.newOutputStream(temporary)) {
            byte[] buffer = new byte[65536];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (body) {
                    out.write(buffer, 0, n);
                }
                copy.write(buffer, 0, n);
                downloaded.addAndGet(n);
            }
        }
        if (temporary != null) {
            Files.createDirectories(cached.getParent());
            Files.move(temporary, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static boolean isPackage(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return PACKAGE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    /** The host's first IPv4 address that is not the loopback nor an engine's own bridge. */
    static Optional<String> hostAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            String name = nic.getName();
            if (!nic.isUp()
                    || nic.isLoopback()
                    || List.of("podman", "cni", "docker", "veth", "br-").stream()
                            .anyMatch(name::startsWith)) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address.getHostAddress());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
