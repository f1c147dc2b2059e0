package dev.ocisi.core.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A build's labels as one {@code LABEL} instruction after the Containerfile's own, in a copy of it that the build reads
 * instead: podman's {@code --label} adds an instruction, and so a commit and an intermediate image, per label (five of
 * ocisi's own, and the user's), where one instruction makes one. For the local podman CLI only: podman-remote and the
 * Docker API send a Containerfile from outside the context inside it, where {@code COPY .} would copy it. Values are quoted for the Containerfile's parser,
 * with its escape character ({@code # escape=} may change it), so that what the image carries is what was given.
 */
final class LabelStep {

    private static final Pattern ESCAPE = Pattern.compile("(?i)^#\\s*escape\\s*=\\s*(\\S)\\s*$");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*[a-zA-Z]+\\s*=.*$");

    private LabelStep() {}

    /** The Containerfile with the labels' instruction appended, written to {@code target}. */
    static Path write(Path containerfile, Map<String, String> labels, Path target) throws IOException {
        String text = Files.readString(containerfile, StandardCharsets.UTF_8);
        StringBuilder copy = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            copy.append('\n');
        }
        if (!labels.isEmpty()) {
            copy.append(instruction(labels, escapeCharacter(text))).append('\n');
        }
        Files.writeString(target, copy, StandardCharsets.UTF_8);
        return target;
    }

    /** {@code LABEL "k"="v" ...}, each key and value quoted. */
    static String instruction(Map<String, String> labels, char escape) {
        StringBuilder line = new StringBuilder("LABEL");
        labels.forEach((key, value) ->
                line.append(' ').append(quoted(key, escape)).append('=').append(quoted(value, escape)));
        return line.toString();
    }

    private static String quoted(String text, char escape) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a label cannot hold a line break: " + text);
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '$' || c == escape) {
                quoted.append(escape);
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /** The parser directive {@code # escape=`} of the file's first lines, else the backslash. */
    static char escapeCharacter(String containerfile) {
        for (String line : containerfile.split("\n", -1)) {
            Matcher escape = ESCAPE.matcher(line.strip());
            if (escape.matches()) {
                return escape.group(1).charAt(0);
            }
            if (!DIRECTIVE.matcher(line.strip()).matches()) {
                break; // directives come first, before any comment, blank line or instruction
            }
        }
        return '\\';
    }
}
