package dev.ocisi.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.plan.RegistryLogin;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Reads what a registry holds under a tag, and puts a manifest it already holds under another tag, through the
 * distribution API (v2) alone: no layer moves through it. HTTPS, with Java's CAs and the engines' per-registry ones;
 * plain HTTP only for a registry on the loopback that does not speak TLS (as dockerd allows). Basic and bearer-token
 * logins, the token fetched with the login for each repository's scope.
 */
public final class RegistryClient {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final String ACCEPT = String.join(", ", OCI_MANIFEST, DOCKER_MANIFEST, OCI_INDEX, DOCKER_LIST);
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryLocation location;
    private final Optional<RegistryLogin> login;
    private final HttpClient http;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile String base;

    private RegistryClient(RegistryLocation location, Optional<RegistryLogin> login, HttpClient http) {
        this.location = location;
        this.login = login;
        this.http = http;
    }

    /** A client for the registry, trusting the CAs in the engines' folders for its host. */
    public static RegistryClient of(RegistryLocation location, Optional<RegistryLogin> login) throws RegistryException {
        return of(location, login, RegistryTrust.CERTS_FOLDERS);
    }

    static RegistryClient of(RegistryLocation location, Optional<RegistryLogin> login, List<Path> certsFolders)
            throws RegistryException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(RegistryTrust.context(location.host(), certsFolders))
                .build();
        return new RegistryClient(location, login, http);
    }

    public RegistryLocation location() {
        return location;
    }

    /** Checks that the registry answers and takes the login (or needs none); says what to fix when not. */
    public void check() throws RegistryException {
        HttpResponse<byte[]> answer = send(request("/v2/").GET(), "", "check");
        if (answer.statusCode() != 200) {
            throw new RegistryException(location.host() + " answered HTTP " + answer.statusCode() + " where a "
                    + "registry answers 200: is it a registry (the distribution API, /v2/)? " + excerpt(answer.body()));
        }
    }

    /** The image under {@code name:tag} in the namespace, or empty when the registry has no such tag. */
    public Optional<RemoteImage> find(String repository, String tag) throws RegistryException {
        Optional<Served> served = served(repository, tag);
        if (served.isEmpty()) {
            return Optional.empty();
        }
        String mediaType = served.get().mediaType();
        byte[] manifest = served.get().manifest();
        String digest = served.get().digest();
        JsonNode json = served.get().json();
        if (served.get().isIndex()) {
            String platformDigest = platformManifest(json, repository + ":" + tag, Platform.machine());
            Optional<RemoteImage> chosen = find(repository, platformDigest);
            // the index is what the tag names: keep its digest and bytes, the chosen manifest's contents
            return chosen.map(image -> new RemoteImage(
                    digest, mediaType, manifest, image.id(), image.labels(), image.layers(), image.created()));
        }
        String configDigest = json.path("config").path("digest").asText("");
        if (configDigest.isEmpty()) {
            throw new RegistryException(location.host() + " served a manifest for " + repository + ":" + tag
                    + " without a config (" + mediaType + "), which no engine can pull");
        }
        JsonNode config = parse(blob(repository, configDigest), repository + ":" + tag + "'s config");
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("config")
                .path("Labels")
                .properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        List<String> diffIds = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
        List<RemoteImage.RemoteLayer> layers = new ArrayList<>();
        JsonNode layerNodes = json.path("layers");
        for (int i = 0; i < layerNodes.size(); i++) {
            JsonNode layer = layerNodes.get(i);
            layers.add(new RemoteImage.RemoteLayer(
                    layer.path("digest").asText(),
                    layer.path("size").asLong(),
                    layerNodes.size() == diffIds.size() ? diffIds.get(i) : ""));
        }
        return Optional.of(new RemoteImage(
                digest,
                mediaType,
                manifest,
                configDigest,
                labels,
                layers,
                created(config.path("created").asText(""))));
    }

    /**
     * Puts the image the registry holds under another tag of the same repository: the manifest is sent again, no
     * layer moves, and the tag changes in the registry's one step (it names the old image or the new one, never
     * nothing).
     */
    public void tag(String repository, RemoteImage image, String tag) throws RegistryException {
        HttpResponse<byte[]> response = send(
                request("/v2/" + repository + "/manifests/" + tag)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(image.manifest()))
                        .header("Content-Type", image.mediaType()),
                scope(repository, "pull,push"),
                "tag " + repository + ":" + tag);
        if (response.statusCode() / 100 != 2) {
            throw new RegistryException(location.host() + " refused to tag " + repository + ":" + tag + " (HTTP "
                    + response.statusCode() + "): " + excerpt(response.body()));
        }
    }

    /** OCI's empty descriptor's content, {@code {}}: the config and only layer of a note. */
    static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    static final String EMPTY_TYPE = "application/vnd.oci.empty.v1+json";

    /**
     * Keeps a small note under a tag: an OCI manifest of the empty descriptor whose annotations are the note. The
     * registry keeps it as it keeps an image (every runner that reaches the registry reads it), and no engine pulls
     * it by mistake, since it holds no file.
     */
    public void putNote(String repository, String tag, Map<String, String> note) throws RegistryException {
        String digest = putBlob(repository, EMPTY);
        com.fasterxml.jackson.databind.node.ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
        manifest.putObject("config")
                .put("mediaType", EMPTY_TYPE)
                .put("digest", digest)
                .put("size", EMPTY.length);
        manifest.putArray("layers")
                .addObject()
                .put("mediaType", EMPTY_TYPE)
                .put("digest", digest)
                .put("size", EMPTY.length);
        com.fasterxml.jackson.databind.node.ObjectNode annotations = manifest.putObject("annotations");
        note.forEach(annotations::put);
        putManifest(repository, tag, manifest.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Uploads a blob (a monolithic upload: notes, signatures and their payloads are small); its digest. */
    public String putBlob(String repository, byte[] content) throws RegistryException {
        String digest = Sha256.digestOf(content);
        String scope = scope(repository, "pull,push");
        HttpResponse<byte[]> start = send(
                request("/v2/" + repository + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()),
                scope,
                "start an upload to " + repository);
        String upload = start.headers().firstValue("Location").orElse("");
        if (start.statusCode() != 202 || upload.isEmpty()) {
            throw new RegistryException(location.host() + " refused an upload to " + repository + " (HTTP "
                    + start.statusCode() + "): " + excerpt(start.body()));
        }
        URI target = URI.create(base() + "/").resolve(upload);
        String query = (target.getRawQuery() == null ? "" : target.getRawQuery() + "&") + "digest=" + digest;
        HttpResponse<byte[]> put = send(
                HttpRequest.newBuilder(URI.create(target.getScheme() + "://" + target.getRawAuthority()
                                + target.getRawPath() + "?" + query))
                        .timeout(TIMEOUT)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                        .header("Content-Type", "application/octet-stream"),
                scope,
                "upload to " + repository);
        if (put.statusCode() != 201) {
            throw new RegistryException(location.host() + " refused an upload to " + repository + " (HTTP "
                    + put.statusCode() + "): " + excerpt(put.body()));
        }
        return digest;
    }

    /** Puts an OCI image manifest under a tag; its blobs must be there already ({@link #putBlob}). */
    public void putManifest(String repository, String tag, byte[] manifest) throws RegistryException {
        putManifest(repository, tag, manifest, OCI_MANIFEST);
    }

    /**
     * Puts a manifest of the media type under a tag (or under its own digest, {@code sha256:...}); the blobs and
     * manifests it names must be there already.
     */
    public void putManifest(String repository, String tag, byte[] manifest, String mediaType) throws RegistryException {
        HttpResponse<byte[]> response = send(
                request("/v2/" + repository + "/manifests/" + tag)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                        .header("Content-Type", mediaType),
                scope(repository, "pull,push"),
                "write " + repository + ":" + tag);
        if (response.statusCode() / 100 != 2) {
            throw new RegistryException(location.host() + " refused " + repository + ":" + tag + " (HTTP "
                    + response.statusCode() + "): " + excerpt(response.body()));
        }
    }

    /** The OCI manifest under the tag as the registry serves it, or empty when there is none. */
    public Optional<byte[]> manifest(String repository, String tag) throws RegistryException {
        return manifest(repository, tag, OCI_MANIFEST);
    }

    /** The manifest of the media type under the tag as the registry serves it, or empty when there is none. */
    public Optional<byte[]> manifest(String repository, String tag, String mediaType) throws RegistryException {
        return manifestResponse(repository, tag, mediaType).map(HttpResponse::body);
    }

    /** The registry's answer for the manifest under the tag, or empty when it has none. */
    private Optional<HttpResponse<byte[]>> manifestResponse(String repository, String tag, String accept)
            throws RegistryException {
        HttpResponse<byte[]> response = send(
                request("/v2/" + repository + "/manifests/" + tag).GET().header("Accept", accept),
                scope(repository, "pull"),
                "read " + repository + ":" + tag);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new RegistryException(location.host() + " answered HTTP " + response.statusCode() + " for "
                    + repository + ":" + tag + ": " + excerpt(response.body()));
        }
        return Optional.of(response);
    }

    /**
     * The items of one array of the manifest of the media type under the tag ({@code layers}, {@code manifests}):
     * none when there is no such tag, or when what it holds is no JSON (a tag of that name that is not ocisi's kind
     * of manifest holds none of its items, and is written over).
     */
    public List<JsonNode> manifestItems(String repository, String tag, String mediaType, String array)
            throws RegistryException {
        Optional<byte[]> manifest = manifest(repository, tag, mediaType);
        if (manifest.isEmpty()) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        try {
            JSON.readTree(manifest.get()).path(array).forEach(items::add);
        } catch (IOException e) {
            return List.of();
        }
        return items;
    }

    /** The note under the tag ({@link #putNote}), or empty when there is none. */
    public Optional<Map<String, String>> note(String repository, String tag) throws RegistryException {
        Optional<byte[]> manifest = manifest(repository, tag);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> note = new LinkedHashMap<>();
        parse(manifest.get(), repository + ":" + tag)
                .path("annotations")
                .properties()
                .forEach(e -> note.put(e.getKey(), e.getValue().asText()));
        return Optional.of(note);
    }

    /** A blob of the repository, by digest. */
    public byte[] blob(String repository, String digest) throws RegistryException {
        HttpResponse<byte[]> response = send(
                request("/v2/" + repository + "/blobs/" + digest).GET(),
                scope(repository, "pull"),
                "read blob " + digest);
        if (response.statusCode() / 100 == 3) {
            // blobs may live elsewhere (a CDN, S3): that URL is signed and gets no login
            String target = response.headers().firstValue("Location").orElse("");
            try {
                response = http.send(
                        HttpRequest.newBuilder(URI.create(base()).resolve(target))
                                .timeout(TIMEOUT)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new RegistryException("cannot read blob " + digest + " from " + target + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("interrupted while reading from " + location.host());
            }
        }
        if (response.statusCode() != 200) {
            throw new RegistryException(location.host() + " has the manifest of " + repository + " but not its blob "
                    + digest + " (HTTP " + response.statusCode() + ")");
        }
        return response.body();
    }

    /**
     * The digest of the manifest of {@code platform}'s image under the tag or digest: the index's entry for it, or the
     * manifest itself when that is one image of the platform. What engines pull for another platform, without the
     * name that their own platform's image keeps.
     *
     * @throws RegistryException when the registry has no such tag, or no image of the platform under it
     */
    public String platformDigest(String repository, String tag, Platform platform) throws RegistryException {
        String what = repository + (tag.startsWith("sha256:") ? "@" : ":") + tag;
        Served served = served(repository, tag)
                .orElseThrow(() -> new RegistryException(what + " is not in " + location.host()));
        if (served.isIndex()) {
            return platformManifest(served.json(), what, platform);
        }
        JsonNode config = parse(
                blob(repository, served.json().path("config").path("digest").asText("")), what + "'s config");
        Platform its = Platform.of(
                config.path("os").asText(""),
                config.path("architecture").asText(""),
                config.path("variant").asText(""));
        if (!its.equals(platform)) {
            throw new RegistryException(what + " in " + location.host() + " is one image, for " + its
                    + ", not an index with a " + platform + " image");
        }
        return served.digest();
    }

    /** The digest of what the tag names (for an index, the index's), or empty when there is no such tag. */
    public Optional<String> digest(String repository, String tag) throws RegistryException {
        return served(repository, tag).map(Served::digest);
    }

    /** A manifest as served, with the digest the registry gives it. */
    // the bytes are passed on as served, never compared
    @SuppressWarnings("ArrayRecordComponent")
    private record Served(String mediaType, byte[] manifest, String digest, JsonNode json) {
        boolean isIndex() {
            return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST);
        }
    }

    private Optional<Served> served(String repository, String tag) throws RegistryException {
        Optional<HttpResponse<byte[]>> answer = manifestResponse(repository, tag, ACCEPT);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        HttpResponse<byte[]> response = answer.get();
        byte[] manifest = response.body();
        String digest = response.headers().firstValue("Docker-Content-Digest").orElse(Sha256.digestOf(manifest));
        return Optional.of(new Served(
                mediaType(response), manifest, digest, parse(manifest, repository + ":" + tag + "'s manifest")));
    }

    /** The manifest of the platform's image in an index (an entry naming no platform serves every one). */
    private String platformManifest(JsonNode index, String what, Platform wanted) throws RegistryException {
        for (JsonNode entry : index.path("manifests")) {
            JsonNode platform = entry.path("platform");
            if (platform.isMissingNode() || ImageIndex.samePlatform(platform, wanted)) {
                return entry.path("digest").asText();
            }
        }
        throw new RegistryException(what + " in " + location.host() + " is an index with no " + wanted + " image");
    }

    private HttpRequest.Builder request(String path) throws RegistryException {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(TIMEOUT);
    }

    /** Sends with the login the registry asks for; a 401 that the login cannot answer is an error naming the fix. */
    private HttpResponse<byte[]> send(HttpRequest.Builder builder, String scope, String doing)
            throws RegistryException {
        String token = tokens.get(scope);
        if (token != null) {
            builder.setHeader("Authorization", token);
        }
        HttpResponse<byte[]> response = exchange(builder.build(), doing);
        if (response.statusCode() != 401) {
            return response;
        }
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        String authorization = authorize(challenge, scope, doing);
        tokens.put(scope, authorization);
        response = exchange(builder.setHeader("Authorization", authorization).build(), doing);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw refused(doing, response.statusCode());
        }
        return response;
    }

    private String authorize(String challenge, String scope, String doing) throws RegistryException {
        if (login.isEmpty()) {
            throw new RegistryException(location.host() + " needs a login to " + doing + ": add a <server> with id "
                    + location.host() + " to Maven's settings.xml, or log in with 'podman login " + location.host()
                    + "' (or 'docker login')");
        }
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            return "Basic " + login.get().basic();
        }
        if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            throw new RegistryException(location.host() + " asks for a login ocisi does not know ('"
                    + challenge.split(" ")[0] + "'); it speaks Basic and Bearer");
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String realm = params.getOrDefault("realm", "");
        if (realm.isEmpty()) {
            throw new RegistryException(location.host() + "'s login challenge names no token service");
        }
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        if (params.containsKey("service")) {
            url.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
        }
        if (!scope.isEmpty()) {
            url.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> response = exchange(
                HttpRequest.newBuilder(URI.create(url.toString()))
                        .timeout(TIMEOUT)
                        .header("Authorization", "Basic " + login.get().basic())
                        .GET()
                        .build(),
                doing);
        if (response.statusCode() != 200) {
            throw refused(doing, response.statusCode());
        }
        JsonNode json = parse(response.body(), location.host() + "'s token");
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new RegistryException(location.host() + "'s token service answered without a token");
        }
        return "Bearer " + token;
    }

    private RegistryException refused(String doing, int status) {
        return new RegistryException(location.host() + " refused "
                + login.map(RegistryLogin::toString).orElse("")
                + " to " + doing + " (HTTP " + status + "): check the user and password (or token) and that it may "
                + (doing.startsWith("tag") ? "push to" : "read") + " " + location);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, String doing) throws RegistryException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new RegistryException(location.host() + " did not answer in time to " + doing, e);
        } catch (IOException e) {
            throw new RegistryException(
                    "cannot reach registry " + location.host() + " to " + doing + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while talking to " + location.host());
        }
    }

    /** {@code https://host}, or {@code http://host} for a loopback registry that speaks no TLS; found once. */
    private String base() throws RegistryException {
        if (base != null) {
            return base;
        }
        String https = "https://" + location.host();
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create(https + "/v2/"))
                            .timeout(TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            base = https;
        } catch (IOException e) {
            // Java's client reports a plain-HTTP answer to its TLS hello as an SSLException or, now and then, as
            // "header parser received no bytes" with the SSLException as cause: on the loopback, ask over HTTP
            if (isLoopback() && answersOverHttp()) {
                base = "http://" + location.host();
                return base;
            }
            if (isTls(e)) {
                throw new RegistryException(
                        "cannot reach registry " + location.host() + " over TLS: "
                                + describe(e) + "; for a private certificate authority, put its certificate in "
                                + "/etc/containers/certs.d/" + location.host()
                                + "/ca.crt (podman) or /etc/docker/certs.d/"
                                + location.host() + "/ca.crt (docker): ocisi reads both",
                        e);
            }
            throw new RegistryException("cannot reach registry " + location.host() + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while talking to " + location.host());
        }
        return base;
    }

    /** Whether a registry answers plain HTTP there (a TLS server answers "400: an HTTP request to HTTPS"). */
    private boolean answersOverHttp() {
        try {
            HttpResponse<Void> answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://" + location.host() + "/v2/"))
                            .timeout(TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return (answer.statusCode() == 200 || answer.statusCode() == 401)
                    && answer.headers()
                            .firstValue("Docker-Distribution-API-Version")
                            .isPresent();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private boolean isLoopback() {
        String host = location.host().replaceFirst(":[0-9]+$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused (is it running, and is the port right?)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private String mediaType(HttpResponse<byte[]> response) throws RegistryException {
        String type = response.headers()
                .firstValue("Content-Type")
                .orElse("")
                .split(";")[0]
                .trim();
        if (response.statusCode() != 200) {
            throw new RegistryException(
                    location.host() + " answered HTTP " + response.statusCode() + ": " + excerpt(response.body()));
        }
        return type;
    }

    private JsonNode parse(byte[] body, String what) throws RegistryException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new RegistryException(location.host() + " served " + what + " that is not JSON: " + e.getMessage());
        }
    }

    private static java.time.Instant created(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.Instant.EPOCH;
        }
    }

    private static String scope(String repository, String actions) {
        return "repository:" + repository + ":" + actions;
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
