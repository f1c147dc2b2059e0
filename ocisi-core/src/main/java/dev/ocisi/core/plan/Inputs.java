package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.graph.ContainerfileParser;
import dev.ocisi.core.graph.CopySources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 */
public record Inputs(String containerfile, SortedMap<String, String> files, List<String> remote,
        SortedMap<String, String> args, SortedMap<String, String> labels, SortedMap<String, String> parents,
        String base) {

    public Inputs {
        files = new TreeMap<>(files);
        remote = List.copyOf(remote);
        args = new TreeMap<>(args);
        labels = new TreeMap<>(labels);
        parents = new TreeMap<>(parents);
        base = Objects.requireNonNullElse(base, "");
    }

    /** Reads the image's inputs from its Containerfile and context, now. */
    public static Inputs of(ImageSpec image, Map<String, String> buildArgs, Map<String, String> parentIds,
            String baseId)
            throws IOException {
        String text = Files.readString(image.containerfile(), StandardCharsets.UTF_8);
        CopySources.Sources sources = CopySources.of(ContainerfileParser.parse(text, image.containerfile().toString()));
        Path context = image.context();
        return new Inputs(ContextFiles.digest(image.containerfile()), new TreeMap<>(ContextFiles.visible(context, sources.paths())),
                sources.remote(), new TreeMap<>(buildArgs), new TreeMap<>(image.labels()), new TreeMap<>(parentIds),
                baseId);
    }

    /** {@code sha256:<hex>} over a canonical text of every input. */
    public String digest() {
        StringBuilder canonical = new StringBuilder("ocisi-inputs-v1\n");
        canonical.append("containerfile ").append(containerfile).append('\n');
        files.forEach((path, sha) -> canonical.append("file ").append(path).append(' ').append(sha).append('\n'));
        remote.forEach(url -> canonical.append("remote ").append(url).append('\n'));
        args.forEach((k, v) -> canonical.append("arg ").append(k).append('=').append(v).append('\n'));
        labels.forEach((k, v) -> canonical.append("label ").append(k).append('=').append(v).append('\n'));
        parents.forEach((name, id) -> canonical.append("parent ").append(name).append(' ').append(id).append('\n'));
        canonical.append("base ").append(base).append('\n');
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(canonical.toString()
                .getBytes(StandardCharsets.UTF_8)));
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
        return reasons;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** A new SHA-256 digest; every Java has one. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }
}
