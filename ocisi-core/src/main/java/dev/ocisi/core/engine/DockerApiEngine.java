package dev.ocisi.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.command.PushImageCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.plan.RegistryLogin;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** An image store through the Docker Engine API: dockerd's, or podman's API service. */
public final class DockerApiEngine implements ContainerEngine {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Endpoint endpoint;
    private final DockerHttpClient http;
    private final DockerClient client;
    private final AutoCloseable transport;
    private Boolean podmanService;

    public DockerApiEngine(Endpoint endpoint) throws EngineException {
        this(endpoint, () -> {});
    }

    /** @param transport what carries the connection and goes with the engine (an ssh tunnel), or nothing */
    DockerApiEngine(Endpoint endpoint, AutoCloseable transport) throws EngineException {
        this.endpoint = endpoint;
        this.transport = transport;
        DefaultDockerClientConfig.Builder settings = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.uri())
                .withDockerTlsVerify(endpoint.tls().isPresent());
        if (endpoint.tls().isPresent()) {
            Path folder = endpoint.tls().get();
            for (String file : List.of("ca.pem", "cert.pem", "key.pem")) {
                if (!Files.isRegularFile(folder.resolve(file))) {
                    throw new EngineException("the Docker daemon at " + endpoint.uri() + " (from " + endpoint.source()
                            + ") is reached with TLS, but " + folder + " has no " + file + ": put the daemon's CA "
                            + "(ca.pem) and a client certificate it signed (cert.pem, key.pem) there, or point "
                            + "DOCKER_CERT_PATH at the folder that has them");
                }
            }
            settings.withDockerCertPath(folder.toString());
        }
        DockerClientConfig config = settings.build();
        this.http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        this.client = DockerClientImpl.getInstance(config, http);
    }

    @Override
    public EngineInfo info() throws EngineException {
        Version version = call("ask its version", () -> client.versionCmd().exec());
        boolean podman = version.getComponents() != null
                && version.getComponents().stream()
                        .anyMatch(c -> c.getName() != null
                                && c.getName().toLowerCase(Locale.ROOT).contains("podman"));
        return new EngineInfo(
                podman ? "Docker API (podman service)" : "Docker API (dockerd)",
                endpoint.toString(),
                version.getVersion(),
                version.getApiVersion(),
                version.getOperatingSystem() == null || version.getArch() == null
                        ? ""
                        : version.getOperatingSystem() + "/" + version.getArch());
    }

    @Override
    public String build(BuildRequest request, Consumer<String> output) throws EngineException {
        Path contextTar;
        String containerfile;
        try {
            contextTar = ScratchFiles.create("ocisi-context-", ".tar");
        } catch (IOException e) {
            throw new EngineException(
                    "cannot write the build context of " + request.containerfile() + ": " + e.getMessage(), e);
        }
        try {
            // the labels go as the API's parameter: a Containerfile with them, sent in the context, would be part of
            // what COPY . copies (podman's service then makes a build step per label; dockerd does not)
            try (OutputStream out = Files.newOutputStream(contextTar)) {
                containerfile = ContextTar.write(request.context(), request.containerfile(), out);
            }
            try (InputStream body = Files.newInputStream(contextTar)) {
                return build(request, containerfile, body, output);
            }
        } catch (IOException e) {
            throw new EngineException("cannot send the build context " + request.context() + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(contextTar);
            } catch (IOException e) {
                // a temp file the system removes in time; the build's outcome stands
            }
        }
    }

    private String build(BuildRequest request, String containerfile, InputStream context, Consumer<String> output)
            throws EngineException {
        OutputTail tail = new OutputTail(output);
        LineSplitter lines = new LineSplitter(tail);
        AtomicReference<String> imageId = new AtomicReference<>();
        AtomicReference<String> error = new AtomicReference<>();
        BuildImageCmd command = call(
                "prepare the build",
                () -> client.buildImageCmd(context)
                        .withDockerfilePath(containerfile)
                        .withPlatform(request.platform().map(Platform::toString).orElse(null))
                        .withPull(false)
                        .withNoCache(request.noCache())
                        .withRemove(true)
                        // the API removes a failed step's container only when asked; the podman CLI always does
                        .withForcerm(true)
                        .withLabels(request.labels()));
        request.buildArgs().forEach(command::withBuildArg);
        request.proxyArgs().forEach(command::withBuildArg);
        if (!request.cache().images().isEmpty() && !request.noCache() && !isPodman()) {
            // the classic builder reuses the steps these images' histories share with the Containerfile
            command.withCacheFrom(new java.util.LinkedHashSet<>(request.cache().images()));
        }
        ResultCallback.Adapter<BuildResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(BuildResponseItem item) {
                if (item.getStream() != null) {
                    lines.accept(item.getStream());
                }
                if (item.isErrorIndicated()) {
                    error.set(errorOf(item));
                }
                if (item.getImageId() != null) {
                    imageId.set(item.getImageId());
                }
            }
        };
        try {
            command.exec(callback).awaitCompletion();
        } catch (InterruptedException e) {
            closeQuietly(callback);
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while building " + request.containerfile());
        } catch (RuntimeException e) {
            lines.flush();
            throw new BuildFailedException("the build failed: " + message(e), tail.lines());
        }
        lines.flush();
        if (error.get() != null) {
            throw new BuildFailedException(error.get().strip(), tail.lines());
        }
        // An older podman service answered 200 to failed builds: trust only an image that exists.
        if (imageId.get() == null || inspect(imageId.get()).isEmpty()) {
            throw new BuildFailedException("the engine reported no image: " + tail.lastMeaningful(), tail.lines());
        }
        return ImageIds.normalize(inspect(imageId.get()).orElseThrow().id());
    }

    @Override
    public Optional<ImageDetails> inspect(String reference) throws EngineException {
        InspectImageResponse image;
        try {
            image = client.inspectImageCmd(reference).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw unreachable("inspect " + reference, e);
        }
        Map<String, String> labels =
                image.getConfig() == null || image.getConfig().getLabels() == null
                        ? Map.of()
                        : image.getConfig().getLabels();
        List<String> layers = image.getRootFS() == null || image.getRootFS().getLayers() == null
                ? List.of()
                : image.getRootFS().getLayers();
        return Optional.of(new ImageDetails(
                ImageIds.normalize(image.getId()),
                image.getRepoTags() == null ? List.of() : image.getRepoTags(),
                labels,
                layers,
                image.getSize() == null ? 0 : image.getSize(),
                image.getRepoDigests() == null ? List.of() : image.getRepoDigests(),
                ImageDetails.createdAt(image.getCreated())));
    }

    /**
     * docker-java has no call for an image's history, so this one request goes through its HTTP client:
     * {@code GET /images/{name}/history}, newest first, where only the creation text tells empty steps apart.
     */
    @Override
    public List<Layer> layers(String reference) throws EngineException {
        Optional<ImageDetails> image = inspect(reference);
        if (image.isEmpty()) {
            return List.of();
        }
        JsonNode history = raw(
                DockerHttpClient.Request.Method.GET,
                "/images/" + encode(image.get().id()) + "/history",
                null,
                "read the history of " + reference,
                response -> JSON.readTree(succeeded(response, "reading the history of " + reference)));
        List<LayerHistory.Entry> entries = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            JsonNode step = history.get(i);
            entries.add(new LayerHistory.Entry(
                    LayerHistory.isMetadataStep(step.path("CreatedBy").asText()),
                    step.path("Size").asLong()));
        }
        return LayerHistory.lineUp(image.get().layers(), entries);
    }

    @Override
    public List<ImageSummary> listByLabels(Map<String, String> labels) throws EngineException {
        String[] filters = ImageSummary.engineFilter(labels).entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        // top-level images only, tagged or dangling: the layers a build leaves behind go with their image
        // an empty label filter is an error to podman's service
        List<Image> images = call(
                "list images",
                () -> filters.length == 0
                        ? client.listImagesCmd().exec()
                        : client.listImagesCmd().withLabelFilter(filters).exec());
        List<ImageSummary> summaries = new ArrayList<>();
        for (Image image : images) {
            summaries.add(new ImageSummary(
                    ImageIds.normalize(image.getId()),
                    image.getRepoTags() == null
                            ? List.of()
                            : Arrays.stream(image.getRepoTags())
                                    .filter(t -> !t.equals("<none>:<none>"))
                                    .toList(),
                    image.getLabels() == null ? Map.of() : image.getLabels(),
                    image.getSize() == null ? 0 : image.getSize()));
        }
        return summaries.stream().filter(image -> image.hasLabels(labels)).toList();
    }

    @Override
    public void tag(String imageId, String reference) throws EngineException {
        String[] parts = ImageIds.repositoryAndTag(reference);
        call(
                "tag " + imageId + " as " + reference,
                () -> client.tagImageCmd(imageId, parts[0], parts[1])
                        .withForce(true)
                        .exec());
    }

    @Override
    public boolean remove(String referenceOrId) throws EngineException {
        return removeImage(referenceOrId, false, "remove");
    }

    /** @return false when the engine refused because something uses the image */
    private boolean removeImage(String referenceOrId, boolean force, String doing) throws EngineException {
        try {
            client.removeImageCmd(referenceOrId)
                    .withForce(force)
                    .withNoPrune(force)
                    .exec();
            return true;
        } catch (NotFoundException e) {
            return true;
        } catch (ConflictException e) {
            return false;
        } catch (RuntimeException e) {
            throw unreachable(doing + " " + referenceOrId, e);
        }
    }

    @Override
    public LayerCacheKind layerCacheKind() throws EngineException {
        return isPodman() ? LayerCacheKind.NONE : LayerCacheKind.IMAGES;
    }

    /** Whether this is podman's service, asked once. */
    private synchronized boolean isPodman() throws EngineException {
        if (podmanService == null) {
            podmanService = info().kind().contains("podman");
        }
        return podmanService;
    }

    /**
     * The Docker API has no untag: dockerd untags on a forced removal (and keeps the layers a container uses), but
     * podman's service would remove the containers too, so there the one request goes to its own untag endpoint.
     */
    @Override
    public boolean untag(String reference) throws EngineException {
        if (isPodman()) {
            String[] parts = ImageIds.repositoryAndTag(reference);
            // libpod's routes answer only under a version prefix; any version is accepted
            return raw(
                    DockerHttpClient.Request.Method.POST,
                    "/v4.0.0/libpod/images/" + encode(reference) + "/untag?repo=" + encode(parts[0]) + "&tag="
                            + encode(parts[1]),
                    null,
                    "untag " + reference,
                    response -> {
                        if (response.getStatusCode() == 404) {
                            String answer = readAll(response.getBody());
                            if (answer.contains("image not known")) {
                                return true;
                            }
                            throw new EngineException(
                                    "untagging " + reference + " failed (HTTP 404): " + answer.strip());
                        }
                        succeeded(response, "untagging " + reference);
                        return true;
                    });
        }
        return removeImage(reference, true, "untag");
    }

    @Override
    public List<ContainerSummary> containers() throws EngineException {
        List<ContainerSummary> containers = new ArrayList<>();
        for (Container container : call(
                "list containers",
                () -> client.listContainersCmd().withShowAll(true).exec())) {
            String[] names = container.getNames();
            String name = names == null || names.length == 0 ? "" : names[0].replaceFirst("^/", "");
            containers.add(new ContainerSummary(
                    container.getId(),
                    name,
                    ImageIds.normalize(container.getImageId()),
                    container.getImage(),
                    container.getLabels() == null ? Map.of() : container.getLabels(),
                    Instant.ofEpochSecond(container.getCreated() == null ? 0 : container.getCreated()),
                    false));
        }
        return containers;
    }

    @Override
    public void removeContainer(String id) throws EngineException {
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            throw unreachable("remove container " + id, e);
        }
    }

    /**
     * docker-java's import cannot pass {@code changes} (LABEL, CMD), so this one request goes through its HTTP client:
     * {@code POST /images/create?fromSrc=-}.
     */
    @Override
    public String importRootfs(
            Path tarball, Map<String, String> labels, List<String> changes, Optional<Platform> platform)
            throws EngineException {
        StringBuilder path = new StringBuilder("/images/create?fromSrc=-");
        platform.ifPresent(p -> path.append("&platform=").append(encode(p.toString())));
        List<String> allChanges = new ArrayList<>(changes);
        LabelInstruction.Reader reader =
                isPodman() ? LabelInstruction.Reader.PODMAN : LabelInstruction.Reader.DOCKERFILE;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            allChanges.add(LabelInstruction.of(label.getKey(), label.getValue(), reader));
        }
        allChanges.forEach(c -> path.append("&changes=").append(encode(c)));
        String imported;
        try (InputStream body = Files.newInputStream(tarball)) {
            imported =
                    raw(DockerHttpClient.Request.Method.POST, path.toString(), body, "import " + tarball, response -> {
                        String found = null;
                        for (String line :
                                succeeded(response, "importing " + tarball).split("\n")) {
                            JsonNode item = line.isBlank() ? null : JSON.readTree(line);
                            if (item != null && item.hasNonNull("error")) {
                                throw new EngineException("importing " + tarball + " failed: "
                                        + item.path("error").asText());
                            }
                            String status =
                                    item == null ? "" : item.path("status").asText("");
                            found = status.startsWith("sha256:") ? status : found;
                        }
                        return found;
                    });
        } catch (IOException e) {
            throw unreachable("import " + tarball, e);
        }
        Optional<ImageDetails> image = imported == null ? Optional.empty() : inspect(imported);
        return image.orElseThrow(() -> new EngineException(
                        "the engine answered the import of " + tarball + " without naming an image it has"))
                .id();
    }

    /** What to make of a raw answer; it may fail with the engine's own words. */
    private interface Answer<T> {
        T read(DockerHttpClient.Response response) throws IOException, EngineException;
    }

    /**
     * One request docker-java's commands do not offer (history with its sizes, libpod's untag, an import with
     * changes, an export streamed to a file), as raw HTTP on the same connection.
     *
     * @param body a tar to send, or null
     */
    private <T> T raw(
            DockerHttpClient.Request.Method method, String path, InputStream body, String doing, Answer<T> answer)
            throws EngineException {
        DockerHttpClient.Request.Builder request =
                DockerHttpClient.Request.builder().method(method).path(path);
        if (body != null) {
            request.putHeader("Content-Type", "application/x-tar").body(body);
        }
        try (DockerHttpClient.Response response = http.execute(request.build())) {
            return answer.read(response);
        } catch (IOException | RuntimeException e) {
            throw unreachable(doing, e);
        }
    }

    /** The answer's text, or the engine's words when it says no. */
    private static String succeeded(DockerHttpClient.Response response, String doing)
            throws IOException, EngineException {
        String answer = readAll(response.getBody());
        if (response.getStatusCode() / 100 != 2) {
            throw new EngineException(doing + " failed (HTTP " + response.getStatusCode() + "): " + answer.strip());
        }
        return answer;
    }

    @Override
    public void exportFilesystem(String reference, Path tarball) throws EngineException {
        inThrowawayContainer(
                reference,
                container -> raw(
                        DockerHttpClient.Request.Method.GET,
                        "/containers/" + container + "/export",
                        null,
                        "export " + reference,
                        response -> {
                            if (response.getStatusCode() / 100 != 2) {
                                succeeded(response, "exporting " + reference);
                            }
                            return Files.copy(response.getBody(), tarball, StandardCopyOption.REPLACE_EXISTING);
                        }));
    }

    @Override
    public void saveImage(String reference, Path archive) throws EngineException {
        // a reference's characters ([a-z0-9:/._-]) stand in a path as they are: the API takes names with '/' so
        raw(
                DockerHttpClient.Request.Method.GET,
                "/images/" + reference + "/get",
                null,
                "save " + reference,
                response -> {
                    if (response.getStatusCode() / 100 != 2) {
                        succeeded(response, "saving " + reference);
                    }
                    return Files.copy(response.getBody(), archive, StandardCopyOption.REPLACE_EXISTING);
                });
    }

    @Override
    public void loadImage(Path archive) throws EngineException {
        try (InputStream in = Files.newInputStream(archive)) {
            raw(
                    DockerHttpClient.Request.Method.POST,
                    "/images/load?quiet=1",
                    in,
                    "load " + archive.getFileName(),
                    response -> succeeded(response, "loading " + archive.getFileName()));
        } catch (IOException e) {
            throw new EngineException("cannot read " + archive + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, byte[]> readFiles(String reference, List<String> paths) throws EngineException {
        return inThrowawayContainer(reference, container -> {
            Map<String, byte[]> found = new LinkedHashMap<>();
            for (String path : paths) {
                readFile(container, path, reference).ifPresent(content -> found.put(path, content));
            }
            return found;
        });
    }

    private Optional<byte[]> readFile(String container, String path, String reference) throws EngineException {
        try (InputStream archive =
                        client.copyArchiveFromContainerCmd(container, path).exec();
                org.apache.commons.compress.archivers.tar.TarArchiveInputStream tar =
                        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(archive)) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    return Optional.of(tar.readAllBytes());
                }
            }
            return Optional.empty();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new EngineException("cannot read " + path + " of " + reference + ": " + message(e), e);
        }
    }

    @Override
    public ContainerOutput runInImage(String reference, List<String> command) throws EngineException {
        return inThrowawayContainer(
                reference,
                create -> create.withEntrypoint("")
                        .withCmd(command)
                        .withUser("0")
                        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")),
                container -> {
                    try {
                        client.startContainerCmd(container).exec();
                    } catch (RuntimeException e) {
                        // dockerd says so when it starts the container, not when it creates it
                        if (message(e).contains("executable file not found")
                                || message(e).contains("no such file or directory")) {
                            return new ContainerOutput(ContainerOutput.NOT_FOUND, "");
                        }
                        throw new EngineException(
                                "cannot run " + command.get(0) + " in " + reference + ": " + message(e), e);
                    }
                    try {
                        int exit = client.waitContainerCmd(container).start().awaitStatusCode();
                        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
                        client.logContainerCmd(container)
                                .withStdOut(true)
                                .withStdErr(false)
                                .exec(new ResultCallback.Adapter<Frame>() {
                                    @Override
                                    public void onNext(Frame frame) {
                                        stdout.writeBytes(frame.getPayload());
                                    }
                                })
                                .awaitCompletion();
                        return new ContainerOutput(exit, stdout.toString(StandardCharsets.UTF_8));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new EngineException(
                                "interrupted while running " + command.get(0) + " in " + reference, e);
                    } catch (RuntimeException e) {
                        throw new EngineException(
                                "cannot run " + command.get(0) + " in " + reference + ": " + message(e), e);
                    }
                });
    }

    /** Work on a container made from the image for the purpose, never started, and removed afterwards. */
    private <T> T inThrowawayContainer(String reference, ThrowawayContainer.Work<T> work) throws EngineException {
        return inThrowawayContainer(reference, create -> create.withCmd(ThrowawayContainer.NEVER_RUN), work);
    }

    private <T> T inThrowawayContainer(
            String reference, UnaryOperator<CreateContainerCmd> settings, ThrowawayContainer.Work<T> work)
            throws EngineException {
        String[] label = EXPORT_LABEL.split("=", 2);
        return ThrowawayContainer.use(
                () -> call(
                        "create a container from " + reference,
                        () -> settings.apply(client.createContainerCmd(reference))
                                .withLabels(Map.of(label[0], label[1]))
                                .exec()
                                .getId()),
                container ->
                        client.removeContainerCmd(container).withForce(true).exec(),
                work);
    }

    @Override
    public String pull(String reference, Optional<RegistryLogin> login, Consumer<String> output)
            throws EngineException {
        String[] parts = ImageIds.repositoryAndTag(reference);
        PullImageCmd pull = client.pullImageCmd(parts[0]).withTag(parts[1]);
        login.map(DockerApiEngine::authConfig).ifPresent(pull::withAuthConfig);
        this.<PullResponseItem>follow("pulling " + reference, output, pull::exec);
        return inspect(reference)
                .map(ImageDetails::id)
                .orElseThrow(() ->
                        new EngineException("the engine pulled " + reference + " but its store does not have it"));
    }

    @Override
    public void push(String image, String reference, Optional<RegistryLogin> login, Consumer<String> output)
            throws EngineException {
        // the API pushes a tag of the store: give the image the registry's name for the push, then take it away
        tag(image, reference);
        try {
            String[] parts = ImageIds.repositoryAndTag(reference);
            PushImageCmd push = client.pushImageCmd(parts[0]).withTag(parts[1]);
            login.map(DockerApiEngine::authConfig).ifPresent(push::withAuthConfig);
            this.<PushResponseItem>follow("pushing " + reference, output, push::exec);
        } finally {
            untag(reference);
        }
    }

    /** What went wrong, as the engine says: in the error's detail, or from an older engine in the plain field only. */
    @SuppressWarnings("deprecation")
    private static String errorOf(ResponseItem item) {
        return item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                ? item.getErrorDetail().getMessage()
                : item.getError();
    }

    private static AuthConfig authConfig(RegistryLogin login) {
        return new AuthConfig()
                .withUsername(login.user())
                .withPassword(login.password())
                .withRegistryAddress(login.host());
    }

    /** Streams a pull's or push's progress lines, waits for its end, and fails on the error the stream reports. */
    private <T extends ResponseItem> void follow(
            String doing, Consumer<String> output, Function<ResultCallback.Adapter<T>, ResultCallback.Adapter<T>> start)
            throws EngineException {
        AtomicReference<String> error = new AtomicReference<>();
        try {
            start.apply(new ResultCallback.Adapter<T>() {
                        @Override
                        public void onNext(T item) {
                            if (item.getStatus() != null && item.getProgressDetail() == null) {
                                output.accept(item.getStatus() + (item.getId() == null ? "" : " " + item.getId()));
                            }
                            if (item.isErrorIndicated()) {
                                error.set(errorOf(item));
                            }
                        }
                    })
                    .awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while " + doing);
        } catch (RuntimeException e) {
            throw new EngineException(doing + " failed: " + message(e), e);
        }
        if (error.get() != null) {
            throw new EngineException(doing + " failed: " + error.get());
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // the connection goes with the process anyway
        }
        try {
            transport.close();
        } catch (Exception ignored) {
            // a tunnel's process is stopped by its own close, whatever it says
        }
    }

    /** One docker-java call, its runtime exceptions turned into a message that names the endpoint. */
    private <T> T call(String doing, Supplier<T> action) throws EngineException {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw unreachable(doing, e);
        }
    }

    private EngineException unreachable(String doing, Exception e) {
        return new EngineException(
                "cannot " + doing + " through the Docker API at " + endpoint + " (from " + endpoint.source() + "): "
                        + message(e) + hint(message(e)),
                e);
    }

    /**
     * What to do about a socket the user may not open (dockerd's is root's and the docker group's: a rootless user's
     * usual case), a failed TLS handshake, or plain HTTP sent to a daemon that speaks TLS.
     */
    private String hint(String message) {
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (endpoint.uri().startsWith("unix://") && (lower.contains("permission denied") || lower.contains("[13]"))) {
            return "; this user may not open the socket: dockerd's is root's and its group's (docker, which is root "
                    + "in all but name). Give these images `manager: podman` to build them with rootless podman, or "
                    + "have root add you to that group (`usermod -aG docker " + System.getProperty("user.name")
                    + "`, then log in again)";
        }
        // a daemon that refuses the client's certificate may just close the connection (TLS 1.3): a broken pipe
        if (endpoint.tls().isPresent()
                && (lower.contains("certificat")
                        || lower.contains("pkix")
                        || lower.contains("handshake")
                        || lower.contains("ssl")
                        || lower.contains("tls")
                        || lower.contains("broken pipe")
                        || lower.contains("connection reset")
                        || lower.contains("socket closed"))) {
            return "; the TLS handshake failed: ca.pem in " + endpoint.tls().get() + " must be the CA that signed "
                    + "the daemon's certificate, and cert.pem/key.pem a client certificate that the daemon's "
                    + "--tlscacert signed";
        }
        if (endpoint.tls().isEmpty()
                && endpoint.uri().startsWith("tcp://")
                && (lower.contains("https")
                        || lower.contains("unexpected end of file")
                        || lower.contains("connection reset"))) {
            return "; if the daemon speaks TLS (port 2376), set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the "
                    + "folder of ca.pem, cert.pem and key.pem, as for Docker's own client";
        }
        return "";
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return text.strip();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String readAll(InputStream stream) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            StringBuilder text = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                text.append(line).append('\n');
            }
            return text.toString();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is how a build is cancelled; a failure to close changes nothing
        }
    }
}
