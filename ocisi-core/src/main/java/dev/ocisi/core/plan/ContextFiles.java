package dev.ocisi.core.plan;

import dev.ocisi.core.config.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of a build context that a Containerfile's COPY and ADD read, each with the SHA-256 of its content (of
 * its target, for a symbolic link), minus what the ignore file leaves out. Only these make an image stale: the other
 * Containerfiles that share the folder do not.
 */
final class ContextFiles {

    private ContextFiles() {
    }

    /** @return path relative to the context (with '/') to content digest, sorted */
    static Map<String, String> visible(Path context, List<String> sources) throws IOException {
        IgnoreRules ignore = IgnoreRules.of(context);
        Map<String, String> files = new TreeMap<>();
        for (String source : sources) {
            String pattern = source.replace('\\', '/').replaceAll("^(\\./|/)+", "").replaceAll("/+$", "");
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

    private static void addTree(Path context, Path start, IgnoreRules ignore, Map<String, String> files)
            throws IOException {
        try (Stream<Path> tree = Files.walk(start)) {
            for (Path path : tree.toList()) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String relative = context.relativize(path).toString().replace('\\', '/');
                if (!ignore.ignores(relative)) {
                    files.put(relative, digest(path));
                }
            }
        }
    }

    static String digest(Path file) throws IOException {
        MessageDigest sha = Sha256.newDigest();
        if (Files.isSymbolicLink(file)) {
            sha.update(("link:" + Files.readSymbolicLink(file)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    sha.update(buffer, 0, n);
                }
            }
            if (Files.isExecutable(file)) {
                sha.update((byte) 'x'); // the mode is copied too
            }
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }
}
