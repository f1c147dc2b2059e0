package dev.ocisi.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.plan.RegistryLogin;
import dev.ocisi.core.problem.ToolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** podman's image store through the podman CLI, reading its JSON output. */
public final class PodmanCliEngine implements ContainerEngine {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Marks the short-lived containers {@link #exportFilesystem} makes, should one outlive a killed run. */
    /** A label no image has: filtering on its absence lists every image podman can read. */
    private static final String NO_SUCH_LABEL = "dev.ocisi.no-such-label";

    private static final Pattern DAMAGED =
            Pattern.compile("Image ([0-9a-f]{12,64}) exists in local storage but may " + "be corrupted");

    private volatile List<String> damaged = List.of();

    /** podman run's own status when it could not run the container at all. */
    private static final int PODMAN_ERROR = 125;

    private final String executable;
    private final List<String> remote;
    private final String remoteName;
    private final Optional<SshTunnel> tunnel;
    private final CommandRunner runner;

    /**
     * @param executable the podman command ({@code podman}, or a path)
     * @param processes  makes the process for an argument vector; tests record the vectors here
     */
    public PodmanCliEngine(String executable, Function<List<String>, ProcessBuilder> processes) {
        this(executable, List.of(), processes);
    }

    /**
     * @param remote the global options that send podman's work to another service ({@code --url ssh://...},
     *               {@code --connection NAME}); empty for this machine's store
     */
    public PodmanCliEngine(String executable, List<String> remote, Function<List<String>, ProcessBuilder> processes) {
        this(
                executable,
                remote,
                remote.isEmpty() ? "" : String.join(" ", remote.subList(0, 2)),
                Optional.empty(),
                processes);
    }

    /**
     * Another machine's podman service through an ssh tunnel of ocisi's: one ssh connection for the whole run, where
     * {@code --url ssh://} makes podman log in again for every command.
     *
     * @param tunnel brings the service's socket here; {@code --url unix://} that socket; closed with the engine
     * @param name   the address as the user gave it, which messages name
     */
    public PodmanCliEngine(
            String executable, SshTunnel tunnel, String name, Function<List<String>, ProcessBuilder> processes) {
        this(
                executable,
                List.of("--url", "unix://" + tunnel.socket()),
                "--url " + name,
                Optional.of(tunnel),
                processes);
    }

    private PodmanCliEngine(
            String executable,
            List<String> remote,
            String remoteName,
            Optional<SshTunnel> tunnel,
            Function<List<String>, ProcessBuilder> processes) {
        this.executable = executable;
        this.remote = List.copyOf(remote);
        this.remoteName = remoteName;
        this.tunnel = tunnel;
        this.runner = new CommandRunner(processes);
    }

    /** podman on the PATH, run as a plain process inheriting this one's environment (CONTAINERS_CONF). */
    public static PodmanCliEngine onPath() {
        return new PodmanCliEngine("podman", ProcessBuilder::new);
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temporary file left behind is swept by a later run (ScratchFiles)
        }
    }

    /** podman run to its end: a podman that cannot be started or is interrupted is the engine's failure. */
    private CommandRunner.Result podman(List<String> command) throws EngineException {
        try {
            return runner.run(withRemote(command));
        } catch (ToolException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    private int podmanStreaming(List<String> command, Consumer<String> output) throws EngineException {
        try {
            return runner.stream(withRemote(command), output);
        } catch (ToolException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    /** The command with the remote options after the executable, where podman takes its global options. */
    private List<String> withRemote(List<String> command) {
        if (remote.isEmpty()) {
            return command;
        }
        List<String> argv = new ArrayList<>(command.size() + remote.size());
        argv.add(command.get(0));
        argv.addAll(remote);
        argv.addAll(command.subList(1, command.size()));
        return argv;
    }

    @Override
    public EngineInfo info() throws EngineException {
        if (remote.isEmpty()) {
            CommandRunner.Result result = checked(List.of(executable, "version", "--format", "json"), "podman version");
            JsonNode client = json(result.stdout(), "podman version").path("Client");
            return new EngineInfo(
                    "podman CLI",
                    executable,
                    client.path("Version").asText(),
                    client.path("APIVersion").asText(),
                    client.path("OsArch").asText(""));
        }
        // the first call to another machine: whatever stops it is said here, before anything is built
        CommandRunner.Result result = podman(List.of(executable, "version", "--format", "json"));
        String where = remoteName;
        if (!result.ok()) {
            throw new EngineException("cannot reach podman's service (podman " + where + "): "
                    + result.stderr().strip().replaceFirst("^Error: ", "") + "; check the address, that the "
                    + "service runs there (systemctl --user enable --now podman.socket, or podman system service), "
                    + "and the ssh key (-Docisi.sshKey) and known_hosts for ssh://");
        }
        JsonNode server = json(result.stdout(), "podman version").path("Server");
        return new EngineInfo(
                "podman CLI, remote",
                where.substring(where.indexOf(' ') + 1),
                server.path("Version").asText(),
                server.path("APIVersion").asText(),
                server.path("OsArch").asText(""));
    }

    private static final Pattern IMAGE_ID = Pattern.compile("[0-9a-f]{64}");

    @Override
    public LayerCacheKind layerCacheKind() {
        return LayerCacheKind.REGISTRY;
    }

    @Override
    public String build(BuildRequest request, Consumer<String> output) throws EngineException {
        Path iidFile = null;
        Path copy = null;
        Path labelled = request.containerfile();
        try {
            iidFile = ScratchFiles.create("ocisi-iid-", ".txt");
            // podman-remote sends a Containerfile from outside the context inside it, where COPY . would copy it:
            // a remote build takes the labels as --label (a step each), a local one as one step of the copy
            if (remote.isEmpty()) {
                // one suffix for every copy: ScratchFiles sweeps a killed process's files by prefix and suffix
                copy = ScratchFiles.create("ocisi-containerfile-", ".Containerfile");
                labelled = LabelStep.write(request.containerfile(), request.labels(), copy);
            }
        } catch (IOException | IllegalArgumentException e) {
            deleteQuietly(iidFile);
            deleteQuietly(copy);
            throw new EngineException("cannot write the build's Containerfile with its labels: " + e.getMessage(), e);
        }
        try (AuthFile authfile = AuthFile.of(
                request.cache().repository().isPresent() ? request.cache().login() : Optional.empty())) {
            List<String> command = buildCommand(request, labelled, iidFile, authfile.arguments());
            OutputTail tail = new OutputTail(output);
            int exit = podmanStreaming(command, tail);
            String id = Files.readString(iidFile).trim();
            if (exit != 0 || id.isEmpty()) {
                throw new BuildFailedException(
                        "podman build exited with " + exit + ": " + tail.lastMeaningful(), tail.lines());
            }
            return ImageIds.normalize(id);
        } catch (IOException e) {
            throw new EngineException("cannot read podman's image id file: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(iidFile);
                if (!labelled.equals(request.containerfile())) {
                    Files.deleteIfExists(labelled);
                }
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    /** @param containerfile the Containerfile the build reads: the request's, with its labels' step appended */
    List<String> buildCommand(BuildRequest request, Path containerfile, Path iidFile) {
        return buildCommand(request, containerfile, iidFile, List.of());
    }

    private List<String> buildCommand(BuildRequest request, Path containerfile, Path iidFile, List<String> login) {
        List<String> command = new ArrayList<>(List.of(
                executable,
                "build",
                "--file",
                containerfile.toString(),
                "--iidfile",
                iidFile.toString(),
                "--pull=never",
                "--layers"));
        if (request.noCache()) {
            command.add("--no-cache");
        }
        request.platform().ifPresent(p -> command.addAll(List.of("--platform", p.toString())));
        request.cache().repository().ifPresent(repository -> {
            command.addAll(login);
            // each step's layer looked for there by its cache key; written there too when publishing
            if (!request.noCache()) {
                command.addAll(List.of("--cache-from", repository));
            }
            if (request.cache().write()) {
                command.addAll(List.of("--cache-to", repository));
            }
        });
        if (containerfile.equals(request.containerfile())) {
            request.labels().forEach((k, v) -> command.addAll(List.of("--label", k + "=" + v)));
        }
        request.buildArgs().forEach((k, v) -> command.addAll(List.of("--build-arg", k + "=" + v)));
        request.proxyArgs().forEach((k, v) -> command.addAll(List.of("--build-arg", k + "=" + v)));
        command.add(request.context().toString());
        return command;
    }

    @Override
    public Optional<ImageDetails> inspect(String reference) throws EngineException {
        return inspectJson(reference).map(PodmanCliEngine::details);
    }

    /** {@code podman image inspect} of one reference: its JSON, or empty when the store has no such image. */
    private Optional<JsonNode> inspectJson(String reference) throws EngineException {
        CommandRunner.Result result = podman(List.of(executable, "image", "inspect", "--format", "json", reference));
        if (!result.ok()) {
            if (isMissing(result.stderr())) {
                return Optional.empty();
            }
            throw failure("podman image inspect " + reference, result);
        }
        return Optional.of(json(result.stdout(), "podman image inspect").path(0));
    }

    private static ImageDetails details(JsonNode image) {
        return new ImageDetails(
                ImageIds.normalize(image.path("Id").asText()),
                strings(image.path("RepoTags")),
                labels(image.path("Labels")),
                strings(image.path("RootFS").path("Layers")),
                image.path("Size").asLong(),
                strings(image.path("RepoDigests")),
                ImageDetails.createdAt(image.path("Created").asText()));
    }

    /** One {@code podman image inspect} for all: it prints what it finds and names each missing reference. */
    @Override
    public Map<String, ImageDetails> inspectAll(List<String> references) throws EngineException {
        Map<String, ImageDetails> found = new LinkedHashMap<>();
        if (references.isEmpty()) {
            return found;
        }
        List<String> command = new ArrayList<>(List.of(executable, "image", "inspect", "--format", "json"));
        command.addAll(references);
        CommandRunner.Result result = podman(command);
        // a reference holds no ": ", so each line's parts between them name the missing one; linear in the lines,
        // since a plan of thousands of unbuilt images gives as many lines
        Set<String> asked = new HashSet<>(references);
        Set<String> missing = new HashSet<>();
        for (String line : result.stderr().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (!isMissing(line)) {
                throw failure("podman image inspect", result);
            }
            Arrays.stream(line.split(": ")).filter(asked::contains).forEach(missing::add);
        }
        List<String> present =
                references.stream().filter(r -> !missing.contains(r)).toList();
        JsonNode images = json(result.stdout(), "podman image inspect");
        if (images.size() != present.size()) {
            throw new EngineException(
                    "podman image inspect answered " + images.size() + " images for " + present.size() + " references");
        }
        for (int i = 0; i < present.size(); i++) {
            found.put(present.get(i), details(images.get(i)));
        }
        return found;
    }

    /** The image's own history marks its empty layers; {@code podman history} gives each step's size. */
    @Override
    public List<Layer> layers(String reference) throws EngineException {
        Optional<JsonNode> inspected = inspectJson(reference);
        if (inspected.isEmpty()) {
            return List.of();
        }
        JsonNode image = inspected.get();
        JsonNode steps = json(
                checked(List.of(executable, "history", "--format", "json", reference), "podman history")
                        .stdout(),
                "podman history");
        JsonNode config = image.path("History");
        if (config.size() != steps.size()) {
            return List.of();
        }
        List<LayerHistory.Entry> entries = new ArrayList<>();
        for (int i = 0; i < config.size(); i++) {
            JsonNode newestFirst = steps.get(steps.size() - 1 - i);
            entries.add(new LayerHistory.Entry(
                    config.get(i).path("empty_layer").asBoolean(false),
                    newestFirst.path("size").asLong()));
        }
        return LayerHistory.lineUp(strings(image.path("RootFS").path("Layers")), entries);
    }

    @Override
    public List<ImageSummary> listByLabels(Map<String, String> labels) throws EngineException {
        // top-level images only, tagged or dangling: the layers a build leaves behind go with their image
        List<String> command = new ArrayList<>(List.of(executable, "images", "--format", "json"));
        ImageSummary.engineFilter(labels)
                .forEach((k, v) -> command.addAll(List.of("--filter", "label=" + k + (v.isEmpty() ? "" : "=" + v))));
        if (labels.isEmpty()) {
            // podman fails a plain listing on one damaged image; through a label filter it names it and goes on
            command.addAll(List.of("--filter", "label!=" + NO_SUCH_LABEL));
        }
        CommandRunner.Result result = checked(command, "podman images");
        if (labels.isEmpty()) {
            Set<String> found = new LinkedHashSet<>();
            Matcher damage = DAMAGED.matcher(result.stderr());
            while (damage.find()) {
                found.add(damage.group(1));
            }
            damaged = List.copyOf(found);
        }
        List<ImageSummary> images = new ArrayList<>();
        for (JsonNode image : json(result.stdout(), "podman images")) {
            JsonNode names = image.path("Names").isArray() ? image.path("Names") : image.path("RepoTags");
            images.add(new ImageSummary(
                    ImageIds.normalize(image.path("Id").asText()),
                    strings(names),
                    labels(image.path("Labels")),
                    image.path("Size").asLong()));
        }
        return images.stream().filter(image -> image.hasLabels(labels)).toList();
    }

    @Override
    public List<String> damagedImages() {
        return damaged;
    }

    @Override
    public void tag(String imageId, String reference) throws EngineException {
        checked(List.of(executable, "tag", imageId, reference), "podman tag");
    }

    @Override
    public boolean remove(String referenceOrId) throws EngineException {
        CommandRunner.Result result = podman(List.of(executable, "rmi", referenceOrId));
        if (result.ok() || isMissing(result.stderr())) {
            return true;
        }
        String error = result.stderr().toLowerCase(Locale.ROOT);
        if (error.contains("in use") || error.contains("has dependent") || error.contains("being used")) {
            return false;
        }
        throw failure("podman rmi " + referenceOrId, result);
    }

    @Override
    public boolean untag(String reference) throws EngineException {
        CommandRunner.Result result = podman(List.of(executable, "untag", reference, reference));
        if (result.ok() || isMissing(result.stderr())) {
            return true;
        }
        throw failure("podman untag " + reference, result);
    }

    @Override
    public List<ContainerSummary> containers() throws EngineException {
        // --external: buildah's working containers hold images too
        CommandRunner.Result result =
                checked(List.of(executable, "ps", "--all", "--external", "--format", "json"), "podman ps");
        List<ContainerSummary> containers = new ArrayList<>();
        for (JsonNode container : json(result.stdout(), "podman ps")) {
            JsonNode names = container.path("Names");
            containers.add(new ContainerSummary(
                    container.path("Id").asText(),
                    names.isArray() && names.size() > 0 ? names.get(0).asText() : names.asText(),
                    ImageIds.normalize(container.path("ImageID").asText()),
                    container.path("Image").asText(),
                    labels(container.path("Labels")),
                    Instant.ofEpochSecond(container.path("Created").asLong()),
                    container.path("State").asText().equals("storage")));
        }
        return containers;
    }

    @Override
    public void removeContainer(String id) throws EngineException {
        CommandRunner.Result result = podman(List.of(executable, "rm", "--force", id));
        if (!result.ok() && !isMissing(result.stderr())) {
            throw failure("podman rm " + id, result);
        }
    }

    @Override
    public String importRootfs(
            Path tarball, Map<String, String> labels, List<String> changes, Optional<Platform> platform)
            throws EngineException {
        List<String> command = new ArrayList<>(List.of(executable, "import", "--quiet"));
        platform.ifPresent(p -> {
            command.addAll(List.of("--os", p.os(), "--arch", p.architecture()));
            if (!p.variant().isEmpty()) {
                command.addAll(List.of("--variant", p.variant()));
            }
        });
        for (String change : changes) {
            command.addAll(List.of("--change", change));
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            command.addAll(List.of(
                    "--change", LabelInstruction.of(label.getKey(), label.getValue(), LabelInstruction.Reader.PODMAN)));
        }
        command.add(tarball.toString());
        CommandRunner.Result result = checked(command, "podman import");
        String[] lines = result.stdout().trim().split("\n");
        return ImageIds.normalize(lines[lines.length - 1]);
    }

    @Override
    public void exportFilesystem(String reference, Path tarball) throws EngineException {
        inThrowawayContainer(
                reference,
                container -> checked(
                        List.of(executable, "export", "--output", tarball.toString(), container),
                        "podman export " + reference));
    }

    @Override
    public void saveImage(String reference, Path archive) throws EngineException {
        checked(
                List.of(executable, "save", "--format", "docker-archive", "--output", archive.toString(), reference),
                "podman save " + reference);
    }

    @Override
    public void loadImage(Path archive) throws EngineException {
        checked(List.of(executable, "load", "--quiet", "--input", archive.toString()), "podman load");
    }

    @Override
    public Map<String, byte[]> readFiles(String reference, List<String> paths) throws EngineException {
        Path copy;
        try {
            copy = ScratchFiles.create("ocisi-file-", ".bin");
        } catch (IOException e) {
            throw new EngineException("cannot create a temporary file: " + e.getMessage(), e);
        }
        try {
            return inThrowawayContainer(reference, container -> {
                Map<String, byte[]> found = new LinkedHashMap<>();
                for (String path : paths) {
                    CommandRunner.Result result =
                            podman(List.of(executable, "cp", container + ":" + path, copy.toString()));
                    if (!result.ok()) {
                        if (result.stderr().contains("no such file or directory")
                                || result.stderr().contains("not exist")) {
                            continue;
                        }
                        throw failure("podman cp " + reference + ":" + path, result);
                    }
                    try {
                        found.put(path, Files.readAllBytes(copy));
                    } catch (IOException e) {
                        throw new EngineException(
                                "cannot read " + path + " of " + reference + ": " + e.getMessage(), e);
                    }
                }
                return found;
            });
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException ignored) {
                // swept by a later run: ScratchFiles
            }
        }
    }

    @Override
    public ContainerOutput runInImage(String reference, List<String> command) throws EngineException {
        List<String> argv = new ArrayList<>(List.of(
                executable,
                "run",
                "--rm",
                "--network",
                "none",
                "--user",
                "0",
                "--entrypoint",
                "",
                "--label",
                EXPORT_LABEL,
                reference));
        argv.addAll(command);
        CommandRunner.Result result = podman(argv);
        if (result.exitCode() == PODMAN_ERROR) {
            throw failure("podman run " + reference, result);
        }
        // podman exits 127 itself when the image has no such command; an empty --entrypoint clears the image's both
        // locally and through podman's service, where '[]' is taken as no option at all
        return new ContainerOutput(result.exitCode(), result.stdout());
    }

    /** Work on a container made from the image for the purpose, never started, and removed afterwards. */
    private <T> T inThrowawayContainer(String reference, ThrowawayContainer.Work<T> work) throws EngineException {
        return ThrowawayContainer.use(
                () -> checked(
                                List.of(
                                        executable,
                                        "create",
                                        "--label",
                                        EXPORT_LABEL,
                                        reference,
                                        ThrowawayContainer.NEVER_RUN),
                                "podman create " + reference)
                        .stdout()
                        .strip(),
                container -> podman(List.of(executable, "rm", "--force", container)),
                work);
    }

    @Override
    public String pull(String reference, Optional<RegistryLogin> login, Consumer<String> output)
            throws EngineException {
        List<String> lines =
                withLogin(login, "pull " + reference, List.of(executable, "pull"), List.of(reference), output);
        // podman prints the image's id last: asking again would cost another podman start
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (IMAGE_ID.matcher(lines.get(i).strip()).matches()) {
                return ImageIds.normalize(lines.get(i).strip());
            }
        }
        return inspect(reference)
                .map(ImageDetails::id)
                .orElseThrow(
                        () -> new EngineException("podman pulled " + reference + " but its store does not have it"));
    }

    @Override
    public void push(String image, String reference, Optional<RegistryLogin> login, Consumer<String> output)
            throws EngineException {
        withLogin(
                login,
                "push " + reference,
                List.of(executable, "push"),
                List.of(image, "docker://" + reference),
                output);
    }

    /** Runs a registry command with the login in a file of its own (see {@link AuthFile}); its last lines. */
    private List<String> withLogin(
            Optional<RegistryLogin> login,
            String what,
            List<String> command,
            List<String> operands,
            Consumer<String> output)
            throws EngineException {
        try (AuthFile authfile = AuthFile.of(login)) {
            List<String> argv = new ArrayList<>(command);
            argv.addAll(authfile.arguments());
            argv.addAll(operands);
            OutputTail tail = new OutputTail(output);
            int exit = podmanStreaming(argv, tail);
            if (exit != 0) {
                throw new EngineException("podman " + what + " failed: " + tail.lastMeaningful());
            }
            return tail.lines();
        }
    }

    @Override
    public void close() {
        tunnel.ifPresent(SshTunnel::close);
    }

    private CommandRunner.Result checked(List<String> command, String what) throws EngineException {
        CommandRunner.Result result = podman(command);
        if (!result.ok()) {
            throw failure(what, result);
        }
        return result;
    }

    private static EngineException failure(String what, CommandRunner.Result result) {
        String error = result.stderr().isBlank() ? result.stdout() : result.stderr();
        return new EngineException(what + " failed (exit " + result.exitCode() + "): " + error.strip());
    }

    private static boolean isMissing(String stderr) {
        String error = stderr.toLowerCase(Locale.ROOT);
        return error.contains("image not known")
                || error.contains("failed to find image")
                || error.contains("no such image");
    }

    private static JsonNode json(String text, String what) throws EngineException {
        try {
            return JSON.readTree(text.isBlank() ? "null" : text);
        } catch (IOException e) {
            throw new EngineException(what + " printed what is not JSON: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new LinkedHashMap<>();
        object.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
