package dev.ocisi.core.engine;

import dev.ocisi.core.config.Platform;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.graph.ContainerfileParser;
import dev.ocisi.core.graph.Instruction;
import dev.ocisi.core.plan.ContextFiles;
import dev.ocisi.core.plan.RegistryLogin;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An image store that lives in memory, for the tests of what ocisi does with a store (the scheduler, the cleaner,
 * pruning, refreshes) rather than of an engine: ids, tags, layers, labels and containers behave as podman's do, and
 * failures, races and slow builds come on demand. {@code MemoryEngineContractTest} holds it to the contract the real
 * engines pass.
 *
 * <p>A build reads the Containerfile with ocisi's own parser: FROM finds its base in the store (never pulls), ARG,
 * ENV and LABEL substitute variables, COPY and ADD take files of the context ocisi sends, and every COPY, ADD and RUN
 * adds a layer. RUN knows {@code echo} (to the output, or {@code >}/{@code >>} into a file), {@code cat},
 * {@code mkdir}, {@code rm}, {@code chown}, {@code touch}, {@code head -c N /dev/zero}, {@code true}, {@code false}
 * and {@code exit N}, joined by {@code &&}; a program a test gives ({@link #program}); any other command succeeds and
 * changes nothing. The same build gives the same image, as a real engine's layer cache does, unless {@code noCache}.
 */
public final class MemoryEngine implements ContainerEngine {

    /**
     * A file, folder or link of an image's filesystem. Equal only to itself: a RUN step's layer holds the entries it
     * made, told apart from its base's by identity.
     */
    public static final class Entry {
        private final byte[] content;
        private final int mode;
        private final int uid;
        private final int gid;
        private final boolean directory;
        private final String link;

        public Entry(byte[] content, int mode, int uid, int gid, boolean directory, String link) {
            this.content = content.clone();
            this.mode = mode;
            this.uid = uid;
            this.gid = gid;
            this.directory = directory;
            this.link = link;
        }

        public static Entry file(byte[] content) {
            return new Entry(content, 0644, 0, 0, false, null);
        }

        static Entry folder() {
            return new Entry(new byte[0], 0755, 0, 0, true, null);
        }

        public byte[] content() {
            return content.clone();
        }

        int mode() {
            return mode;
        }

        int uid() {
            return uid;
        }

        int gid() {
            return gid;
        }

        boolean directory() {
            return directory;
        }

        String link() {
            return link;
        }
    }

    /** One image: its layers base first, its labels and configuration, and its filesystem with the layers applied. */
    record Image(
            String id,
            List<Layer> layers,
            Map<String, String> labels,
            Map<String, String> config,
            Map<String, Entry> files,
            Instant created) {
        long size() {
            return layers.stream().mapToLong(Layer::size).sum();
        }
    }

    /** What a RUN step or a command run in an image sees and may change. */
    public interface Program {
        /** @return the exit status */
        int run(List<String> arguments, Map<String, Entry> files, Consumer<String> output);
    }

    private final String name;
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, ContainerSummary> containers = new LinkedHashMap<>();
    private final Map<String, Program> programs = new LinkedHashMap<>();
    private final Map<String, Image> registry;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final AtomicInteger building = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(1_800_000_000L);
    private volatile Duration buildTime = Duration.ZERO;

    /** A failure on demand: the next operations whose description matches fail, {@code times} times. */
    private static final class Fault {
        final String operation;
        final Predicate<String> matches;
        final EngineException failure;
        int times;

        Fault(String operation, Predicate<String> matches, EngineException failure, int times) {
            this.operation = operation;
            this.matches = matches;
            this.failure = failure;
            this.times = times;
        }
    }

    public MemoryEngine(String name) {
        this(name, new LinkedHashMap<>());
    }

    /** @param registry what pushes leave and pulls find, by full reference: share one between stores */
    public MemoryEngine(String name, Map<String, Image> registry) {
        this.name = name;
        this.registry = registry;
    }

    // ---- what tests arrange and read

    /** Each build takes this long (outside the store's lock, as real builds overlap). */
    public MemoryEngine buildTime(Duration time) {
        this.buildTime = time;
        return this;
    }

    /** A program RUN steps and {@link #runInImage} find by its name. */
    public MemoryEngine program(String command, Program program) {
        synchronized (this) {
            programs.put(command, program);
        }
        return this;
    }

    /**
     * The next {@code times} calls of {@code operation} ("build", "tag", "remove", "untag", "pull", "push", "inspect",
     * "readFile", "removeContainer") whose subject (a build's Containerfile text, a reference) matches fail so.
     */
    public synchronized MemoryEngine fail(
            String operation, Predicate<String> subject, EngineException failure, int times) {
        faults.add(new Fault(operation, subject, failure, times));
        return this;
    }

    /** The store's mutating calls so far, each as {@code "build <first line>"}, {@code "tag <id> <reference>"}, ... */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public long count(String operation) {
        return calls().stream().filter(c -> c.startsWith(operation + " ")).count();
    }

    /** How many builds ran at the same time, at most. */
    public int mostBuildsAtOnce() {
        return mostAtOnce.get();
    }

    /** A container made from an image and never started, as {@code podman create} makes one. */
    public synchronized String createContainer(String reference, String containerName, Map<String, String> labels)
            throws EngineException {
        Image image = find(reference).orElseThrow(() -> new EngineException(reference + ": image not known"));
        String id = Sha256.ofText("container " + containerName + clock.incrementAndGet());
        containers.put(id, new ContainerSummary(id, containerName, image.id(), reference, labels, now(), false));
        return id;
    }

    // ---- the engine

    @Override
    public EngineInfo info() {
        return new EngineInfo(
                "memory",
                "memory:" + name,
                "1.0",
                "",
                dev.ocisi.core.config.Platform.machine().toString());
    }

    @Override
    public String build(BuildRequest request, Consumer<String> output) throws EngineException {
        String text;
        List<String> sent;
        try {
            text = Files.readString(request.containerfile());
            sent = ContextFiles.sent(request.context());
        } catch (IOException e) {
            throw new EngineException("cannot read the build context: " + e.getMessage());
        }
        String first = text.lines().findFirst().orElse("");
        calls.add("build " + first);
        checkFault("build", text);
        int now = building.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        Build build = new Build(request, sent, output);
        try {
            Image image = build.apply(text);
            pause();
            synchronized (this) {
                images.putIfAbsent(image.id(), image);
                containers.remove(build.working);
            }
            return image.id();
        } catch (BuildFailedException e) {
            synchronized (this) {
                containers.remove(build.working);
            }
            throw e;
        } finally {
            building.decrementAndGet();
        }
    }

    /** An interrupted build leaves its working container, as podman's does. */
    private void pause() throws EngineException {
        if (!buildTime.isZero()) {
            try {
                Thread.sleep(buildTime.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("the build was interrupted");
            }
        }
    }

    /** The working container of a build, from its base, as buildah makes one and an interrupted build leaves. */
    private synchronized String startWorkingContainer(Image base, String reference) {
        String id = Sha256.ofText("working " + reference + clock.incrementAndGet());
        containers.put(
                id,
                new ContainerSummary(
                        id, "memory-working-container-" + clock.get(), base.id(), reference, Map.of(), now(), true));
        return id;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    @Override
    public synchronized Optional<ImageDetails> inspect(String reference) throws EngineException {
        checkFault("inspect", reference);
        return find(reference).map(this::details);
    }

    private ImageDetails details(Image image) {
        List<String> own = tags.entrySet().stream()
                .filter(t -> t.getValue().equals(image.id()))
                .map(Map.Entry::getKey)
                .toList();
        List<String> repoDigests = image.config().containsKey("repoDigest")
                ? List.of(image.config().get("repoDigest"))
                : List.of();
        return new ImageDetails(
                image.id(),
                own,
                image.labels(),
                image.layers().stream().map(Layer::digest).toList(),
                image.size(),
                repoDigests,
                image.created());
    }

    @Override
    public synchronized List<Layer> layers(String reference) {
        return find(reference).map(Image::layers).orElse(List.of());
    }

    @Override
    public synchronized List<ImageSummary> listByLabels(Map<String, String> labels) {
        List<ImageSummary> listed = new ArrayList<>();
        for (Image image : images.values()) {
            ImageSummary summary = new ImageSummary(image.id(), details(image).tags(), image.labels(), image.size());
            if (summary.hasLabels(labels)) {
                listed.add(summary);
            }
        }
        return listed;
    }

    @Override
    public synchronized void tag(String imageId, String reference) throws EngineException {
        calls.add("tag " + imageId + " " + reference);
        checkFault("tag", reference);
        Image image = find(imageId).orElseThrow(() -> new EngineException(imageId + ": image not known"));
        tags.put(normalize(reference), image.id());
    }

    @Override
    public synchronized boolean remove(String referenceOrId) throws EngineException {
        calls.add("remove " + referenceOrId);
        checkFault("remove", referenceOrId);
        Optional<Image> found = find(referenceOrId);
        if (found.isEmpty()) {
            return true;
        }
        Image image = found.get();
        List<String> own = details(image).tags();
        boolean byId = !tags.containsKey(normalize(referenceOrId));
        if (byId && own.size() > 1) {
            throw new EngineException("unable to delete image " + image.id() + " by ID with more than one tag " + own
                    + ": please force removal");
        }
        if (!byId && own.size() > 1) {
            tags.remove(normalize(referenceOrId));
            return true;
        }
        if (inUse(image.id())) {
            return false;
        }
        if (hasChildren(image)) {
            if (byId) {
                return false;
            }
            tags.remove(normalize(referenceOrId));
            return true;
        }
        own.forEach(tags::remove);
        images.remove(image.id());
        return true;
    }

    @Override
    public synchronized boolean untag(String reference) throws EngineException {
        calls.add("untag " + reference);
        checkFault("untag", reference);
        tags.remove(normalize(reference));
        return true;
    }

    @Override
    public synchronized List<ContainerSummary> containers() {
        return List.copyOf(containers.values());
    }

    @Override
    public synchronized void removeContainer(String id) throws EngineException {
        calls.add("removeContainer " + id);
        checkFault("removeContainer", id);
        containers.remove(id);
        containers.values().removeIf(c -> c.name().equals(id));
    }

    @Override
    public String importRootfs(
            Path tarball, Map<String, String> labels, List<String> changes, Optional<Platform> platform)
            throws EngineException {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            LabelInstruction.of(label.getKey(), label.getValue(), LabelInstruction.Reader.PODMAN);
        }
        Map<String, Entry> files = new TreeMap<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(tarball);
            readTar(bytes, files);
        } catch (IOException e) {
            throw new EngineException("cannot import " + tarball + ": " + e.getMessage());
        }
        Map<String, String> config = new TreeMap<>();
        changes.forEach(change -> config.put(change.split(" ", 2)[0], change));
        Layer layer = new Layer("sha256:" + digest(bytes), bytes.length);
        Image image = image(List.of(layer), labels, config, files, "import " + clock.incrementAndGet());
        synchronized (this) {
            calls.add("importRootfs " + tarball.getFileName());
            images.putIfAbsent(image.id(), image);
        }
        return image.id();
    }

    private static void readTar(byte[] bytes, Map<String, Entry> files) throws IOException {
        InputStream in = new BufferedInputStream(new ByteArrayInputStream(bytes));
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            in = new GZIPInputStream(in);
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String path = "/" + entry.getName().replaceFirst("^\\./", "").replaceAll("/+$", "");
                if (path.equals("/")) {
                    continue;
                }
                files.put(
                        path,
                        new Entry(
                                entry.isFile() ? tar.readAllBytes() : new byte[0],
                                entry.getMode() & 07777,
                                (int) entry.getLongUserId(),
                                (int) entry.getLongGroupId(),
                                entry.isDirectory(),
                                entry.isSymbolicLink() ? entry.getLinkName() : null));
            }
        }
    }

    @Override
    public void exportFilesystem(String reference, Path tarball) throws EngineException {
        Image image;
        synchronized (this) {
            image = find(reference).orElseThrow(() -> new EngineException(reference + ": image not known"));
        }
        try (OutputStream out = Files.newOutputStream(tarball);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, Entry> file : new TreeMap<>(image.files()).entrySet()) {
                Entry entry = file.getValue();
                String path = file.getKey().substring(1);
                TarArchiveEntry tarEntry = entry.link() != null
                        ? new TarArchiveEntry(path, TarConstants.LF_SYMLINK)
                        : new TarArchiveEntry(entry.directory() ? path + "/" : path);
                if (entry.link() != null) {
                    tarEntry.setLinkName(entry.link());
                } else if (!entry.directory()) {
                    tarEntry.setSize(entry.content().length);
                }
                tarEntry.setMode(entry.mode());
                tarEntry.setIds(entry.uid(), entry.gid());
                tar.putArchiveEntry(tarEntry);
                if (tarEntry.isFile()) {
                    tar.write(entry.content());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new EngineException("cannot write " + tarball + ": " + e.getMessage());
        }
    }

    /** The memory engine's own format, not a docker-archive: the two stores of a test are both memory stores. */
    @Override
    public void saveImage(String reference, Path archive) throws EngineException {
        Image image;
        synchronized (this) {
            image = find(reference).orElseThrow(() -> new EngineException(reference + ": image not known"));
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(archive)))) {
            write(image, out);
        } catch (IOException e) {
            throw new EngineException("cannot write " + archive + ": " + e.getMessage());
        }
    }

    @Override
    public void loadImage(Path archive) throws EngineException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
            Image image = read(in);
            synchronized (this) {
                calls.add("loadImage " + image.id());
                images.putIfAbsent(image.id(), image);
            }
        } catch (IOException e) {
            throw new EngineException("cannot load " + archive + ": " + e.getMessage());
        }
    }

    private static void write(Image image, DataOutputStream out) throws IOException {
        out.writeUTF(image.id());
        out.writeInt(image.layers().size());
        for (Layer layer : image.layers()) {
            out.writeUTF(layer.digest());
            out.writeLong(layer.size());
        }
        for (Map<String, String> map : List.of(image.labels(), image.config())) {
            out.writeInt(map.size());
            for (Map.Entry<String, String> e : map.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
        }
        out.writeInt(image.files().size());
        for (Map.Entry<String, Entry> file : image.files().entrySet()) {
            Entry entry = file.getValue();
            out.writeUTF(file.getKey());
            out.writeInt(entry.content().length);
            out.write(entry.content());
            out.writeInt(entry.mode());
            out.writeInt(entry.uid());
            out.writeInt(entry.gid());
            out.writeBoolean(entry.directory());
            out.writeUTF(entry.link() == null ? "" : entry.link());
        }
        out.writeLong(image.created().getEpochSecond());
    }

    private static Image read(DataInputStream in) throws IOException {
        String id = in.readUTF();
        List<Layer> layers = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            layers.add(new Layer(in.readUTF(), in.readLong()));
        }
        List<Map<String, String>> maps = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            Map<String, String> map = new TreeMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                map.put(in.readUTF(), in.readUTF());
            }
            maps.add(map);
        }
        Map<String, Entry> files = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            String path = in.readUTF();
            byte[] content = in.readNBytes(in.readInt());
            int mode = in.readInt();
            int uid = in.readInt();
            int gid = in.readInt();
            boolean directory = in.readBoolean();
            String link = in.readUTF();
            files.put(path, new Entry(content, mode, uid, gid, directory, link.isEmpty() ? null : link));
        }
        return new Image(id, layers, maps.get(0), maps.get(1), files, Instant.ofEpochSecond(in.readLong()));
    }

    @Override
    public synchronized Map<String, byte[]> readFiles(String reference, List<String> paths) throws EngineException {
        checkFault("readFiles", reference + " " + String.join(" ", paths));
        Image image = find(reference).orElseThrow(() -> new EngineException(reference + ": image not known"));
        Map<String, byte[]> found = new java.util.LinkedHashMap<>();
        for (String path : paths) {
            Entry entry = image.files().get(path);
            if (entry != null && !entry.directory()) {
                found.put(path, entry.content().clone());
            }
        }
        return found;
    }

    @Override
    public ContainerOutput runInImage(String reference, List<String> command) throws EngineException {
        Image image;
        Program program;
        synchronized (this) {
            image = find(reference).orElseThrow(() -> new EngineException(reference + ": image not known"));
            program = programs.get(command.get(0));
        }
        if (program == null) {
            return new ContainerOutput(ContainerOutput.NOT_FOUND, "");
        }
        StringBuilder out = new StringBuilder();
        int status = program.run(
                command.subList(1, command.size()),
                new TreeMap<>(image.files()),
                line -> out.append(line).append('\n'));
        return new ContainerOutput(status, out.toString());
    }

    @Override
    public String pull(String reference, Optional<RegistryLogin> login, Consumer<String> output)
            throws EngineException {
        calls.add("pull " + reference);
        checkFault("pull", reference);
        Image image;
        synchronized (registry) {
            image = registry.get(reference);
        }
        if (image == null) {
            throw new EngineException("pulling " + reference + ": the registry has no such image");
        }
        synchronized (this) {
            images.putIfAbsent(image.id(), image);
        }
        return image.id();
    }

    @Override
    public void push(String image, String reference, Optional<RegistryLogin> login, Consumer<String> output)
            throws EngineException {
        calls.add("push " + image + " " + reference);
        checkFault("push", reference);
        Image found;
        synchronized (this) {
            found = find(image).orElseThrow(() -> new EngineException(image + ": image not known"));
        }
        synchronized (registry) {
            registry.put(reference, found);
        }
    }

    @Override
    public void close() {}

    // ---- the store's rules

    private void checkFault(String operation, String subject) throws EngineException {
        EngineException failure = null;
        synchronized (this) {
            for (Fault fault : faults) {
                if (fault.operation.equals(operation) && fault.times > 0 && fault.matches.test(subject)) {
                    fault.times--;
                    failure = fault.failure;
                    break;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** As podman names references: a name without a registry is {@code localhost/}'s, without a tag {@code :latest}. */
    static String normalize(String reference) {
        String named = reference;
        int slash = named.indexOf('/');
        String first = slash < 0 ? "" : named.substring(0, slash);
        if (slash < 0 || !(first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            named = "localhost/" + named;
        }
        int lastSlash = named.lastIndexOf('/');
        if (named.indexOf(':', lastSlash) < 0 && !named.contains("@")) {
            named = named + ":latest";
        }
        return named;
    }

    private Optional<Image> find(String reference) {
        if (reference.startsWith("sha256:")) {
            return Optional.ofNullable(images.get(reference));
        }
        if (reference.matches("[0-9a-f]{12,64}")) {
            List<Image> matching = images.values().stream()
                    .filter(i -> i.id().startsWith("sha256:" + reference))
                    .toList();
            if (matching.size() == 1) {
                return Optional.of(matching.get(0));
            }
        }
        return Optional.ofNullable(tags.get(normalize(reference))).map(images::get);
    }

    private boolean inUse(String imageId) {
        return containers.values().stream().anyMatch(c -> c.imageId().equals(imageId));
    }

    private boolean hasChildren(Image image) {
        return images.values().stream()
                .anyMatch(other -> !other.id().equals(image.id())
                        && other.layers().size() > image.layers().size()
                        && other.layers().subList(0, image.layers().size()).equals(image.layers()));
    }

    private Image image(
            List<Layer> layers,
            Map<String, String> labels,
            Map<String, String> config,
            Map<String, Entry> files,
            String nonce) {
        StringBuilder identity = new StringBuilder(nonce);
        layers.forEach(l -> identity.append('\n').append(l.digest()));
        new TreeMap<>(labels)
                .forEach((k, v) ->
                        identity.append("\nlabel ").append(k).append('=').append(v));
        new TreeMap<>(config)
                .forEach((k, v) ->
                        identity.append("\nconfig ").append(k).append('=').append(v));
        String id = "sha256:" + Sha256.ofText(identity.toString());
        return new Image(id, List.copyOf(layers), Map.copyOf(labels), Map.copyOf(config), Map.copyOf(files), now());
    }

    /** One build: the Containerfile's instructions applied to its base, in memory. */
    private final class Build {
        private final BuildRequest request;
        private final List<String> sent;
        private final Consumer<String> output;
        private final Deque<String> tail = new ArrayDeque<>();
        private final Map<String, String> variables = new LinkedHashMap<>();
        private final Map<String, String> global = new LinkedHashMap<>();
        private List<Layer> layers = new ArrayList<>();
        private Map<String, String> labels = new LinkedHashMap<>();
        private Map<String, String> config = new TreeMap<>();
        private Map<String, Entry> files = new TreeMap<>();
        private final Map<String, Map<String, Entry>> stages = new LinkedHashMap<>();
        /** The working container, once FROM found the base. */
        private volatile String working;

        Build(BuildRequest request, List<String> sent, Consumer<String> output) {
            this.request = request;
            this.sent = sent;
            this.output = output;
        }

        private void say(String line) {
            output.accept(line);
            tail.add(line);
            while (tail.size() > 30) {
                tail.removeFirst();
            }
        }

        Image apply(String text) throws EngineException {
            List<Instruction> instructions = ContainerfileParser.parse(
                            text, request.containerfile().toString())
                    .instructions();
            boolean started = false;
            int step = 0;
            String stageName = null;
            for (Instruction instruction : instructions) {
                String keyword = instruction.keyword().toUpperCase(Locale.ROOT);
                String arguments = instruction.arguments().strip();
                say("STEP " + ++step + "/" + instructions.size() + ": " + keyword + " " + arguments);
                if (keyword.equals("ARG") && !started) {
                    declare(arguments, global);
                    continue;
                }
                if (keyword.equals("FROM")) {
                    if (stageName != null) {
                        stages.put(stageName, files);
                    }
                    started = true;
                    variables.clear();
                    variables.putAll(global);
                    String[] words = substitute(arguments).split("\\s+");
                    variables.clear();
                    List<String> parts = new ArrayList<>(List.of(words));
                    parts.removeIf(w -> w.startsWith("--"));
                    stageName = parts.size() >= 3 && parts.get(1).equalsIgnoreCase("AS") ? parts.get(2) : null;
                    from(parts.get(0));
                    continue;
                }
                switch (keyword) {
                    case "ARG" -> declare(arguments, variables);
                    case "ENV" ->
                        pairs(arguments).forEach((k, v) -> {
                            variables.put(k, v);
                            config.put("ENV " + k, v);
                        });
                    case "LABEL" -> labels.putAll(pairs(arguments));
                    case "COPY", "ADD" -> copy(keyword, arguments);
                    case "RUN" -> run(arguments);
                    default -> config.put(keyword, substitute(arguments));
                }
            }
            labels.putAll(request.labels());
            String nonce = request.noCache() ? "no cache " + clock.incrementAndGet() : "";
            return image(layers, labels, config, files, nonce);
        }

        private void from(String reference) throws EngineException {
            if (reference.equals("scratch")) {
                layers = new ArrayList<>();
                labels = new LinkedHashMap<>();
                config = new TreeMap<>();
                files = new TreeMap<>();
                return;
            }
            if (stages.containsKey(reference)) {
                throw new BuildFailedException("a stage as a base is not known to the memory engine", List.of());
            }
            Image base;
            synchronized (MemoryEngine.this) {
                base = find(reference).orElse(null);
            }
            if (base == null) {
                throw new BuildFailedException(
                        "creating build container: " + reference + ": image not known", List.copyOf(tail));
            }
            if (working == null) {
                working = startWorkingContainer(base, reference);
            }
            layers = new ArrayList<>(base.layers());
            labels = new LinkedHashMap<>(base.labels());
            config = new TreeMap<>(base.config());
            config.remove("repoDigest");
            files = new TreeMap<>(base.files());
        }

        /** ARG: the build's argument, else the default, else the value declared before FROM. */
        private void declare(String arguments, Map<String, String> into) {
            String[] pair = arguments.split("=", 2);
            String key = pair[0].strip();
            String value = request.buildArgs().get(key);
            if (value == null && pair.length > 1) {
                value = unquote(substitute(pair[1].strip()));
            }
            into.put(key, value != null ? value : global.getOrDefault(key, ""));
        }

        private Map<String, String> pairs(String arguments) {
            Map<String, String> pairs = new LinkedHashMap<>();
            Matcher m = Pattern.compile("([^\\s=]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)")
                    .matcher(arguments);
            boolean any = false;
            while (m.find()) {
                any = true;
                pairs.put(unquote(m.group(1)), unquote(substitute(m.group(2))));
            }
            if (!any) {
                String[] legacy = arguments.split("\\s+", 2);
                pairs.put(legacy[0], legacy.length > 1 ? substitute(legacy[1]) : "");
            }
            return pairs;
        }

        private void copy(String keyword, String arguments) throws EngineException {
            List<String> words = new ArrayList<>(List.of(substitute(arguments).split("\\s+")));
            int uid = 0;
            int gid = 0;
            Map<String, Entry> source = null;
            for (String option : words.stream().filter(w -> w.startsWith("--")).toList()) {
                if (option.startsWith("--chown=")) {
                    String[] ids = option.substring(8).split(":");
                    uid = Integer.parseInt(ids[0]);
                    gid = ids.length > 1 ? Integer.parseInt(ids[1]) : uid;
                } else if (option.startsWith("--from=")) {
                    source = stages.get(option.substring(7));
                }
            }
            words.removeIf(w -> w.startsWith("--"));
            String destination = words.remove(words.size() - 1);
            boolean intoFolder = destination.endsWith("/") || words.size() > 1;
            ByteArrayOutputStream digest = new ByteArrayOutputStream();
            long size = 0;
            for (String word : words) {
                Map<String, byte[]> found = source != null ? fromStage(source, word) : fromContext(word);
                if (found.isEmpty()) {
                    throw new BuildFailedException(
                            "building at STEP \"" + keyword + " " + arguments + "\": checking "
                                    + "on sources under \"" + request.context() + "\": copier: stat: \"/" + word
                                    + "\": no such file or directory",
                            List.copyOf(tail));
                }
                for (Map.Entry<String, byte[]> file : found.entrySet()) {
                    String target = intoFolder || found.size() > 1
                            ? destination.replaceAll("/+$", "") + "/" + file.getKey()
                            : destination;
                    target = target.startsWith("/") ? target : "/" + target;
                    files.put(target, new Entry(file.getValue(), 0644, uid, gid, false, null));
                    digest.writeBytes((target + "\n").getBytes(StandardCharsets.UTF_8));
                    digest.writeBytes(file.getValue());
                    size += file.getValue().length;
                }
            }
            addLayer(keyword + " " + digest(digest.toByteArray()), size);
        }

        /** The context's files under a source path, by their names relative to it (a file: its own name). */
        private Map<String, byte[]> fromContext(String word) throws EngineException {
            String wanted = word.replaceFirst("^\\./", "").replaceAll("/+$", "");
            Map<String, byte[]> found = new TreeMap<>();
            try {
                for (String entry : sent) {
                    Path path = request.context().resolve(entry);
                    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    if (entry.equals(wanted)) {
                        found.put(Path.of(entry).getFileName().toString(), Files.readAllBytes(path));
                    } else if (wanted.equals(".") || entry.startsWith(wanted + "/")) {
                        found.put(
                                wanted.equals(".") ? entry : entry.substring(wanted.length() + 1),
                                Files.readAllBytes(path));
                    }
                }
            } catch (IOException e) {
                throw new EngineException("cannot read the build context: " + e.getMessage());
            }
            return found;
        }

        private Map<String, byte[]> fromStage(Map<String, Entry> stage, String word) {
            Map<String, byte[]> found = new TreeMap<>();
            Entry entry = stage.get(word);
            if (entry != null && !entry.directory()) {
                found.put(Path.of(word).getFileName().toString(), entry.content());
            }
            return found;
        }

        private void run(String arguments) throws EngineException {
            String command = arguments.startsWith("[")
                    ? String.join(" ", arguments.replaceAll("^\\[|\\]$", "").split("\",\\s*\""))
                            .replace("\"", "")
                    : arguments;
            Map<String, Entry> before = new TreeMap<>(files);
            int status = 0;
            for (String part : command.split("&&")) {
                status = simple(substitute(part.strip()));
                if (status != 0) {
                    break;
                }
            }
            if (status != 0) {
                throw new BuildFailedException(
                        "building at STEP \"RUN " + arguments + "\": while running runtime: " + "exit status " + status,
                        List.copyOf(tail));
            }
            long size = 0;
            StringBuilder changed = new StringBuilder("RUN " + command);
            variables.forEach(
                    (k, v) -> changed.append('\n').append(k).append('=').append(v));
            for (Map.Entry<String, Entry> file : files.entrySet()) {
                if (file.getValue() != before.get(file.getKey())) {
                    size += file.getValue().content().length;
                    changed.append('\n')
                            .append(file.getKey())
                            .append(' ')
                            .append(digest(file.getValue().content()));
                }
            }
            addLayer(changed.toString(), size);
        }

        /** One command of a RUN step; its exit status. */
        private int simple(String line) {
            if (line.startsWith("exit")) {
                String code = line.substring(4).strip();
                return code.isEmpty() ? 0 : Integer.parseInt(code);
            }
            String redirect = null;
            boolean append = false;
            String body = line;
            int at = line.indexOf(">>");
            if (at >= 0) {
                append = true;
                redirect = line.substring(at + 2).strip();
                body = line.substring(0, at).strip();
            } else if ((at = line.indexOf('>')) >= 0) {
                redirect = line.substring(at + 1).strip();
                body = line.substring(0, at).strip();
            }
            List<String> words = words(body);
            if (words.isEmpty()) {
                return 0;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String program = words.get(0);
            List<String> args = words.subList(1, words.size());
            int status = 0;
            switch (program) {
                case "true", ":" -> {}
                case "false" -> status = 1;
                case "echo" -> out.writeBytes((String.join(" ", args) + "\n").getBytes(StandardCharsets.UTF_8));
                case "cat" -> {
                    for (String file : args) {
                        Entry entry = files.get(file);
                        if (entry == null) {
                            say("cat: can't open '" + file + "': No such file or directory");
                            return 1;
                        }
                        out.writeBytes(entry.content());
                    }
                }
                case "head" -> out.writeBytes(new byte[Integer.parseInt(args.get(args.indexOf("-c") + 1))]);
                case "mkdir" ->
                    args.stream().filter(a -> !a.startsWith("-")).forEach(a -> files.put(a, Entry.folder()));
                case "touch" -> args.forEach(a -> files.putIfAbsent(a, Entry.file(new byte[0])));
                case "rm" ->
                    args.stream()
                            .filter(a -> !a.startsWith("-"))
                            .forEach(a -> files.keySet().removeIf(f -> f.equals(a) || f.startsWith(a + "/")));
                case "chown" -> {
                    String[] ids = args.get(args.size() - 2).split(":");
                    String path = args.get(args.size() - 1);
                    Entry entry = files.getOrDefault(path, Entry.folder());
                    int uid = Integer.parseInt(ids[0]);
                    files.put(
                            path,
                            new Entry(
                                    entry.content(),
                                    entry.mode(),
                                    uid,
                                    ids.length > 1 ? Integer.parseInt(ids[1]) : uid,
                                    entry.directory(),
                                    entry.link()));
                }
                default -> {
                    Program given;
                    synchronized (MemoryEngine.this) {
                        given = programs.get(program);
                    }
                    if (given != null) {
                        status = given.run(args, files, this::say);
                    }
                }
            }
            if (redirect == null) {
                new String(out.toByteArray(), StandardCharsets.UTF_8).lines().forEach(this::say);
            } else {
                byte[] before = append && files.containsKey(redirect)
                        ? files.get(redirect).content()
                        : new byte[0];
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                joined.writeBytes(before);
                joined.writeBytes(out.toByteArray());
                files.put(redirect, Entry.file(joined.toByteArray()));
            }
            return status;
        }

        private void addLayer(String what, long size) {
            String parent =
                    layers.isEmpty() ? "" : layers.get(layers.size() - 1).digest();
            String nonce = request.noCache() ? " " + clock.incrementAndGet() : "";
            layers.add(new Layer("sha256:" + Sha256.ofText(parent + "\n" + what + nonce), size));
        }

        /** {@code $NAME} and {@code ${NAME}} replaced by the build's variables. */
        private String substitute(String text) {
            Matcher m = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?").matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = variables.getOrDefault(m.group(1), "");
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    private static String digest(byte[] bytes) {
        return Sha256.hex(Sha256.newDigest().digest(bytes));
    }

    /** A shell's words: quotes grouped and removed. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
            }
        }
        if (any || word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    private static String unquote(String text) {
        if (text.length() >= 2
                && ((text.startsWith("\"") && text.endsWith("\"")) || (text.startsWith("'") && text.endsWith("'")))) {
            return text.substring(1, text.length() - 1).replace("\\\"", "\"");
        }
        return text;
    }

    /** A root filesystem shaped like busybox's: the program, its links, and the usual folders. */
    public static Path tinyRootfs(Path tarball) throws IOException {
        try (OutputStream out = Files.newOutputStream(tarball);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (String folder : List.of("bin/", "etc/", "tmp/")) {
                TarArchiveEntry entry = new TarArchiveEntry(folder);
                entry.setMode(0755);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            byte[] program = new byte[200_000];
            TarArchiveEntry busybox = new TarArchiveEntry("bin/busybox");
            busybox.setSize(program.length);
            busybox.setMode(0755);
            tar.putArchiveEntry(busybox);
            tar.write(program);
            tar.closeArchiveEntry();
            for (String applet : List.of("sh", "true", "false", "cat", "echo")) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarConstants.LF_SYMLINK);
                link.setLinkName("busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
        }
        return tarball;
    }

    /** A registry the stores of one test share. */
    public static Map<String, Image> registry() {
        return Collections.synchronizedMap(new LinkedHashMap<>());
    }

    /** The images of this store, for a test to compare. */
    public synchronized List<String> imageIds() {
        return List.copyOf(images.keySet());
    }

    /** What a Function a test hands as a program looks like when it only prints. */
    public static Program printing(Function<List<String>, String> text) {
        return (arguments, files, output) -> {
            text.apply(arguments).lines().forEach(output);
            return 0;
        };
    }
}
