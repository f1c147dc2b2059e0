package dev.ocisi.core.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A build context's {@code .containerignore} (read first, as podman does) or {@code .dockerignore}, with the meaning
 * moby's patternmatcher gives it (which buildah's copy follows): each line is cleaned like a path, {@code *} and
 * {@code ?} stay within one name, {@code **} spans folders, {@code !} makes an exception, and a path is left out
 * when the last line that matches it, or a folder above it, is not an exception.
 */
public final class IgnoreRules {

    /** The names of the ignore files, in the order podman reads them. */
    static final List<String> FILE_NAMES = List.of(".containerignore", ".dockerignore");

    private enum Kind {
        EXACT,
        PREFIX,
        SUFFIX,
        REGEXP
    }

    private record Rule(String cleaned, Kind kind, Pattern regexp, boolean exception) {

        boolean matches(String path) {
            return switch (kind) {
                case EXACT -> path.equals(cleaned);
                case PREFIX -> path.startsWith(cleaned.substring(0, cleaned.length() - 2));
                case SUFFIX -> {
                    String suffix = cleaned.substring(2);
                    yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
                }
                case REGEXP -> regexp.matcher(path).matches();
            };
        }
    }

    /** A line that is no pattern. */
    public static final class BadPatternException extends IOException {

        private static final long serialVersionUID = 1L;

        BadPatternException(String message) {
            super(message);
        }
    }

    private final List<Rule> rules;

    private IgnoreRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules of the context's ignore file; none when it has neither. */
    public static IgnoreRules of(Path context) throws IOException {
        for (String name : FILE_NAMES) {
            Path file = context.resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
                } catch (BadPatternException e) {
                    throw new BadPatternException(file + ": " + e.getMessage());
                }
            }
        }
        return new IgnoreRules(List.of());
    }

    static IgnoreRules parse(List<String> lines) throws BadPatternException {
        List<Rule> rules = new ArrayList<>();
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1);
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = line.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            if (exception) {
                pattern = pattern.substring(1).strip();
                if (pattern.isEmpty()) {
                    throw new BadPatternException("line " + number + ": a '!' needs a pattern after it");
                }
            }
            pattern = clean(pattern);
            if (pattern.length() > 1 && pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            try {
                rules.add(compile(pattern, exception));
            } catch (IllegalArgumentException e) {
                throw new BadPatternException("line " + number + ": '" + line.strip() + "' is no pattern ("
                        + e.getMessage().lines().findFirst().orElse("") + "); a class needs its closing ']', a "
                        + "range needs both ends, and a lone '\\' at the end escapes nothing");
            }
        }
        return new IgnoreRules(rules);
    }

    /** Whether a line makes an exception, which can bring back a path below a folder that is left out. */
    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    /**
     * Whether the context leaves the path out.
     *
     * @param path relative to the context, with '/' between names
     */
    public boolean ignores(String path) {
        String file = clean(path);
        if (file.equals(".")) {
            return false;
        }
        List<String> parents = new ArrayList<>();
        for (int slash = file.indexOf('/'); slash > 0; slash = file.indexOf('/', slash + 1)) {
            parents.add(file.substring(0, slash));
        }
        boolean matched = false;
        for (Rule rule : rules) {
            // an inclusion cannot add to a match, nor an exception remove one that is not there
            if (rule.exception() != matched) {
                continue;
            }
            boolean match = rule.matches(file) || parents.stream().anyMatch(rule::matches);
            if (match) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    /** Go's filepath.Clean for '/' paths: no empty or '.' names, '..' folded, no trailing '/'. */
    static String clean(String path) {
        boolean rooted = path.startsWith("/");
        Deque<String> names = new ArrayDeque<>();
        for (String name : path.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!names.isEmpty() && !names.peekLast().equals("..")) {
                    names.removeLast();
                } else if (!rooted) {
                    names.addLast("..");
                }
                continue;
            }
            names.addLast(name);
        }
        String joined = String.join("/", names);
        return rooted ? "/" + joined : joined.isEmpty() ? "." : joined;
    }

    /** moby's compile: an exact name, a prefix ({@code dir/**}), a suffix ({@code **}{@code /name}) or a regexp. */
    private static Rule compile(String pattern, boolean exception) {
        checkClasses(pattern);
        StringBuilder regexp = new StringBuilder("^");
        Kind kind = Kind.EXACT;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    boolean first = i == 0;
                    i++;
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                        i++;
                    }
                    if (i + 1 >= pattern.length()) {
                        if (kind == Kind.EXACT) {
                            kind = Kind.PREFIX;
                        } else {
                            regexp.append(".*");
                            kind = Kind.REGEXP;
                        }
                    } else {
                        regexp.append("(.*/)?");
                        kind = Kind.REGEXP;
                    }
                    if (first) {
                        kind = Kind.SUFFIX;
                    }
                } else {
                    regexp.append("[^/]*");
                    kind = Kind.REGEXP;
                }
            } else if (c == '?') {
                regexp.append("[^/]");
                kind = Kind.REGEXP;
            } else if (c == '\\') {
                if (i + 1 < pattern.length()) {
                    regexp.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    kind = Kind.REGEXP;
                } else {
                    regexp.append("\\\\");
                }
            } else if (c == '[') {
                int end = classEnd(pattern, i);
                regexp.append(javaClass(pattern.substring(i, end + 1)));
                i = end;
                kind = Kind.REGEXP;
            } else {
                regexp.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Rule(
                pattern,
                kind,
                kind == Kind.REGEXP ? Pattern.compile(regexp.append('$').toString()) : null,
                exception);
    }

    /** Where the class that opens at {@code open} closes; escaped ']' do not close it. */
    private static int classEnd(String pattern, int open) {
        int i = open + 1;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            i++;
        }
        for (; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed '['");
    }

    /**
     * Go's filepath.Match rules for classes, which moby checks each pattern against: not empty, every range with
     * both ends, no unescaped '-' or ']' where a character belongs, a '\' that escapes something.
     */
    private static void checkClasses(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 >= pattern.length()) {
                    throw new IllegalArgumentException("a '\\' at the end");
                }
                i++;
            } else if (c == '[') {
                int end = classEnd(pattern, i);
                int j = i + 1;
                if (pattern.charAt(j) == '^') {
                    j++;
                }
                if (j == end) {
                    throw new IllegalArgumentException("an empty class");
                }
                while (j < end) {
                    j = classChar(pattern, j, end);
                    if (j < end && pattern.charAt(j) == '-') {
                        j = classChar(pattern, j + 1, end);
                    }
                }
                i = end;
            }
        }
    }

    /** Past one character of a class (escaped or not); '-' and the end are no character. */
    private static int classChar(String pattern, int at, int end) {
        if (at >= end || pattern.charAt(at) == '-') {
            throw new IllegalArgumentException("a range without both ends");
        }
        return pattern.charAt(at) == '\\' ? at + 2 : at + 1;
    }

    /** A Go class as Java reads it: '[' and '&' inside are literal in Go, special in Java. */
    private static String javaClass(String goClass) {
        StringBuilder java = new StringBuilder("[");
        int i = 1;
        if (goClass.charAt(1) == '^') {
            java.append('^');
            i = 2;
        }
        for (; i < goClass.length() - 1; i++) {
            char c = goClass.charAt(i);
            if (c == '\\') {
                java.append('\\').append(goClass.charAt(++i));
            } else if (c == '[' || c == '&') {
                java.append('\\').append(c);
            } else {
                java.append(c);
            }
        }
        return java.append(']').toString();
    }
}
