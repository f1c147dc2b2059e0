package dev.ocisi.core.plan;

import dev.ocisi.core.config.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of a build context that a Containerfile's COPY and ADD read, each with the SHA-256 of its content (of
 * its target, for a symbolic link), minus what the ignore file leaves out. Only these make an image stale: the other
 * Containerfiles that share the folder do not.
 */
public final class ContextFiles {

    private ContextFiles() {}

    /** @return path relative to the context (with '/') to content digest, sorted */
    static Map<String, String> visible(Path context, List<String> sources) throws IOException {
        IgnoreRules ignore = IgnoreRules.of(context);
        Map<String, String> files = new TreeMap<>();
        for (String source : sources) {
            String pattern =
                    source.replace('\\', '/').replaceAll("^(\\./|/)+", "").replaceAll("/+$", "");
            if (pattern.isEmpty() || pattern.equals(".")) {
                addTree(context, context, ignore, files);
            } else if (pattern.matches(".*[*?\\[].*")) {
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
                try (Stream<Path> all = Files.walk(context)) {
                    for (Path path : all.toList()) {
                        if (!path.equals(context) && matcher.matches(context.relativize(path))) {
                            addTree(context, path, ignore, files);
                        }
                    }
                }
            } else {
                Path path = context.resolve(pattern).normalize();
                if (path.startsWith(context) && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    addTree(context, path, ignore, files);
                }
            }
        }
        return files;
    }

    /**
     * What a build of the context is given: every folder, file and link the ignore file does not leave out, relative
     * to the context with '/', parents before what they hold. The engines that read the ignore file themselves
     * (podman) give the same; to the others ocisi sends exactly these, so that a build sees what was digested.
     */
    public static List<String> sent(Path context) throws IOException {
        IgnoreRules ignore = IgnoreRules.of(context);
        List<String> entries = new ArrayList<>();
        Files.walkFileTree(context, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (dir.equals(context)) {
                    return FileVisitResult.CONTINUE;
                }
                String relative = relative(context, dir);
                if (!ignore.ignores(relative)) {
                    entries.add(relative);
                    return FileVisitResult.CONTINUE;
                }
                // an exception may bring back something below a folder that is left out
                return ignore.hasExceptions() ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String relative = relative(context, file);
                if (!ignore.ignores(relative)) {
                    entries.add(relative);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    private static String relative(Path context, Path path) {
        return context.relativize(path).toString().replace('\\', '/');
    }

    private static void addTree(Path context, Path start, IgnoreRules ignore, Map<String, String> files)
            throws IOException {
        try (Stream<Path> tree = Files.walk(start)) {
            for (Path path : tree.toList()) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String relative = relative(context, path);
                if (!ignore.ignores(relative)) {
                    files.put(relative, digest(path));
                }
            }
        }
    }

    static String digest(Path file) throws IOException {
        MessageDigest sha = Sha256.newDigest();
        if (Files.isSymbolicLink(file)) {
            sha.update(("link:" + Files.readSymbolicLink(file)).getBytes(StandardCharsets.UTF_8));
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                // sized to the file: thousands of images digest small files, and 64 KiB each added up to a GiB
                byte[] buffer = new byte[(int) Math.max(1, Math.min(64 * 1024, Files.size(file) + 1))];
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    sha.update(buffer, 0, n);
                }
            }
            if (Files.isExecutable(file)) {
                sha.update((byte) 'x'); // the mode is copied too
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
