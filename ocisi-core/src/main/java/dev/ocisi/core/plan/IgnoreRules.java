package dev.ocisi.core.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A build context's {@code .containerignore} (podman's, read first) or {@code .dockerignore}: patterns with
 * {@code *}, {@code ?}, {@code **} and {@code !} exceptions, the last matching line winning. A path is ignored when
 * it, or a folder above it, matches.
 */
final class IgnoreRules {

    private record Rule(Pattern pattern, boolean exception) {
    }

    private final List<Rule> rules;

    private IgnoreRules(List<Rule> rules) {
        this.rules = rules;
    }

    static IgnoreRules of(Path context) throws IOException {
        for (String name : List.of(".containerignore", ".dockerignore")) {
            Path file = context.resolve(name);
            if (Files.isRegularFile(file)) {
                return parse(Files.readAllLines(file));
            }
        }
        return new IgnoreRules(List.of());
    }

    static IgnoreRules parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exception = line.startsWith("!");
            String pattern = (exception ? line.substring(1) : line).trim();
            pattern = pattern.replaceAll("^(\\./|/)+", "").replaceAll("/+$", "");
            if (!pattern.isEmpty()) {
                rules.add(new Rule(Pattern.compile(toRegex(pattern)), exception));
            }
        }
        return new IgnoreRules(rules);
    }

    /** @param path relative to the context, with '/' between names */
    boolean ignores(String path) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if (matchesItselfOrAFolderAbove(rule.pattern(), path)) {
                ignored = !rule.exception();
            }
        }
        return ignored;
    }

    private static boolean matchesItselfOrAFolderAbove(Pattern pattern, String path) {
        String candidate = path;
        while (true) {
            if (pattern.matcher(candidate).matches()) {
                return true;
            }
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            candidate = candidate.substring(0, slash);
        }
    }

    static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                    regex.append("/?");
                    i++;
                }
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[') {
                int close = glob.indexOf(']', i);
                if (close < 0) {
                    regex.append("\\[");
                } else {
                    regex.append('[').append(glob, i + 1, close).append(']');
                    i = close;
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
