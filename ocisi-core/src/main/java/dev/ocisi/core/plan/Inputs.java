package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RootfsSettings;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.graph.ContainerfileParser;
import dev.ocisi.core.graph.CopySources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a build of one image depends on. Its {@link #digest()} is stored on the image as a label: the same digest
 * means the same build, and the image is up to date.
 *
 * @param containerfile the Containerfile's SHA-256
 * @param files         each context file the build reads, with its SHA-256
 * @param remote        URLs that ADD fetches (their content is not known before the build)
 * @param args          the build arguments as passed
 * @param labels        the user's labels
 * @param parents       the id of each image of the hierarchy it builds on or copies from, by name:tag
 * @param base          the id of the external base image, or ""
 * @param rootfs        for an image made from a root filesystem, the settings that decide its files (the tarball's
 *                      pinned digest, or debootstrap's suite and packages) and its CMD; else empty
 * @param platform      the platform it is built for, when the hierarchy names its platforms; else "" (the
 *                      machine's own, as before platforms existed, so those digests stay)
 */
public record Inputs(
        String containerfile,
        SortedMap<String, String> files,
        List<String> remote,
        SortedMap<String, String> args,
        SortedMap<String, String> labels,
        SortedMap<String, String> parents,
        String base,
        SortedMap<String, String> rootfs,
        String platform) {

    /** The name of the {@link #rootfs} entry that holds the image's CMD. */
    static final String CMD = "cmd";

    private static final String TARBALL_PIN = RootfsSettings.Tarball.PIN;
    private static final String SUITE = RootfsSettings.Debootstrap.SUITE;

    public Inputs {
        // inputs recorded before root filesystems existed have none
        rootfs = rootfs == null ? new TreeMap<>() : new TreeMap<>(rootfs);
        files = new TreeMap<>(files);
        remote = List.copyOf(remote);
        args = new TreeMap<>(args);
        labels = new TreeMap<>(labels);
        parents = new TreeMap<>(parents);
        base = Objects.requireNonNullElse(base, "");
        platform = Objects.requireNonNullElse(platform, "");
    }

    /** Reads the image's inputs, with the user's labels as the labels its build gives it. */
    public static Inputs of(
            ImageSpec image, Map<String, String> buildArgs, Map<String, String> parentIds, String baseId)
            throws IOException {
        return of(image, buildArgs, image.labels(), parentIds, baseId);
    }

    /**
     * Reads the image's inputs from its Containerfile and context (or its root filesystem's settings), now.
     *
     * @param labels the labels its build gives it besides ocisi's own bookkeeping (the user's, a dev container's)
     */
    public static Inputs of(
            ImageSpec image,
            Map<String, String> buildArgs,
            Map<String, String> labels,
            Map<String, String> parentIds,
            String baseId)
            throws IOException {
        if (image.rootfs().isPresent()) {
            RootfsSettings settings = image.rootfs().get();
            SortedMap<String, String> rootfs = new TreeMap<>(settings.source().settings());
            settings.cmd().ifPresent(cmd -> rootfs.put(CMD, cmd));
            return new Inputs(
                    "",
                    new TreeMap<>(),
                    List.of(),
                    new TreeMap<>(),
                    new TreeMap<>(labels),
                    new TreeMap<>(),
                    "",
                    rootfs,
                    platformOf(image));
        }
        String text = Files.readString(image.containerfile(), StandardCharsets.UTF_8);
        CopySources.Sources sources = CopySources.of(
                ContainerfileParser.parse(text, image.containerfile().toString()));
        Path context = image.context();
        return new Inputs(
                ContextFiles.digest(image.containerfile()),
                new TreeMap<>(ContextFiles.visible(context, sources.paths())),
                sources.remote(),
                new TreeMap<>(buildArgs),
                new TreeMap<>(labels),
                new TreeMap<>(parentIds),
                baseId,
                new TreeMap<>(),
                platformOf(image));
    }

    private static String platformOf(ImageSpec image) {
        return image.hasPlatforms() ? image.platform().toString() : "";
    }

    /** {@code sha256:<hex>} over a canonical text of every input. */
    public String digest() {
        StringBuilder canonical = new StringBuilder("ocisi-inputs-v1\n");
        canonical.append("containerfile ").append(containerfile).append('\n');
        files.forEach((path, sha) ->
                canonical.append("file ").append(path).append(' ').append(sha).append('\n'));
        remote.forEach(url -> canonical.append("remote ").append(url).append('\n'));
        args.forEach((k, v) ->
                canonical.append("arg ").append(k).append('=').append(v).append('\n'));
        labels.forEach((k, v) ->
                canonical.append("label ").append(k).append('=').append(v).append('\n'));
        parents.forEach((name, id) ->
                canonical.append("parent ").append(name).append(' ').append(id).append('\n'));
        canonical.append("base ").append(base).append('\n');
        // only images made from a root filesystem have these lines: other images keep the digests they had
        rootfs.forEach((k, v) ->
                canonical.append("rootfs ").append(k).append('=').append(v).append('\n'));
        if (!platform.isEmpty()) {
            canonical.append("platform ").append(platform).append('\n');
        }
        return "sha256:" + Sha256.ofText(canonical.toString());
    }

    /** Why these inputs differ from {@code previous}, one reason per difference, in a stable order. */
    public List<String> changesSince(Inputs previous) {
        List<String> reasons = new ArrayList<>();
        if (!containerfile.equals(previous.containerfile)) {
            reasons.add("Containerfile changed");
        }
        for (String path : new TreeSet<>(union(files.keySet(), previous.files.keySet()))) {
            String now = files.get(path);
            String then = previous.files.get(path);
            if (then == null) {
                reasons.add("context file " + path + " added");
            } else if (now == null) {
                reasons.add("context file " + path + " removed");
            } else if (!now.equals(then)) {
                reasons.add("context file " + path + " changed");
            }
        }
        if (!remote.equals(previous.remote)) {
            reasons.add("remote sources changed");
        }
        for (String arg : new TreeSet<>(union(args.keySet(), previous.args.keySet()))) {
            if (!Objects.equals(args.get(arg), previous.args.get(arg))) {
                reasons.add("build arg " + arg + " changed");
            }
        }
        if (!labels.equals(previous.labels)) {
            reasons.add("labels changed");
        }
        for (String name : new TreeSet<>(union(parents.keySet(), previous.parents.keySet()))) {
            if (!Objects.equals(parents.get(name), previous.parents.get(name))) {
                reasons.add("parent " + name + " rebuilt");
            }
        }
        if (!base.equals(previous.base)) {
            reasons.add("base image updated");
        }
        if (!platform.equals(previous.platform)) {
            reasons.add("platform " + (previous.platform.isEmpty() ? "this machine's" : previous.platform) + " -> "
                    + (platform.isEmpty() ? "this machine's" : platform));
        }
        if (!rootfsKind().equals(previous.rootfsKind())) {
            reasons.add(
                    rootfsKind().isEmpty()
                            ? "now built from a Containerfile"
                            : "now made from " + (rootfsKind().equals(TARBALL_PIN) ? "a tarball" : "a debootstrap"));
            return reasons;
        }
        for (String key : new TreeSet<>(union(rootfs.keySet(), previous.rootfs.keySet()))) {
            if (!Objects.equals(rootfs.get(key), previous.rootfs.get(key))) {
                reasons.add(rootfsChange(key, previous.rootfs.get(key), rootfs.get(key)));
            }
        }
        return reasons;
    }

    /** Which kind of root filesystem these inputs describe: the tarball's key, debootstrap's, or "" for none. */
    private String rootfsKind() {
        return rootfs.containsKey(TARBALL_PIN) ? TARBALL_PIN : rootfs.containsKey(SUITE) ? SUITE : "";
    }

    private static String rootfsChange(String key, String then, String now) {
        if (key.equals(TARBALL_PIN)) {
            return "tarball changed (sha256 " + Sha256.shortForm(then) + " -> " + Sha256.shortForm(now) + ")";
        }
        if (key.equals("debootstrap.packages") && then != null && now != null) {
            Set<String> added = new TreeSet<>(List.of(now.split(",")));
            Set<String> removed = new TreeSet<>(List.of(then.split(",")));
            added.removeAll(List.of(then.split(",")));
            removed.removeAll(List.of(now.split(",")));
            added.remove("");
            removed.remove("");
            return "debootstrap packages changed" + (added.isEmpty() ? "" : " (+" + String.join(" +", added) + ")")
                    + (removed.isEmpty() ? "" : " (-" + String.join(" -", removed) + ")");
        }
        String what = key.startsWith("debootstrap.") ? "debootstrap " + key.substring("debootstrap.".length()) : key;
        return what + " changed" + (then != null && now != null ? " (" + then + " -> " + now + ")" : "");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
