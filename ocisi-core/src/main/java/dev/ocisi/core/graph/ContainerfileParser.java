package dev.ocisi.core.graph;

import dev.ocisi.core.problem.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Containerfile (Dockerfile syntax) into instructions the way BuildKit and buildah do: parser directives
 * ({@code # escape=`}), comments, line continuations, and heredocs, whose bodies are no instructions even when a line
 * of them starts with FROM.
 */
public final class ContainerfileParser {

    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("RUN", "COPY", "ADD");

    private ContainerfileParser() {}

    /** The character that continues a line: {@code \} unless an escape directive says otherwise. */
    public record Parsed(List<Instruction> instructions, char escape) {}

    public static Parsed parse(String text, String file) {
        String[] lines = text.split("\r?\n", -1);
        char escape = '\\';
        int i = 0;
        while (i < lines.length) {
            Matcher directive = DIRECTIVE.matcher(lines[i]);
            if (!directive.matches()) {
                break;
            }
            if (directive.group(1).toLowerCase(Locale.ROOT).equals("escape")
                    && directive.group(2).length() == 1) {
                escape = directive.group(2).charAt(0);
            }
            i++;
        }
        List<Instruction> instructions = new ArrayList<>();
        while (i < lines.length) {
            String line = lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                i++;
                continue;
            }
            Joined joined = new Joined();
            boolean first = true;
            int startLine = i;
            while (i < lines.length) {
                String current = lines[i];
                if (!first && (current.isBlank() || current.stripLeading().startsWith("#"))) {
                    i++; // comments and empty lines inside a continuation are dropped, as Docker does
                    continue;
                }
                int from = first ? indent(current) : 0;
                String trailing = current.stripTrailing();
                boolean continues = trailing.length() > from && trailing.charAt(trailing.length() - 1) == escape;
                int to = continues ? trailing.length() - 1 : current.length();
                joined.append(current, from, to, i + 1);
                first = false;
                i++;
                if (!continues) {
                    break;
                }
            }
            Instruction instruction = joined.toInstruction(file, startLine + 1, indent(lines[startLine]) + 1);
            if (instruction == null) {
                continue;
            }
            instructions.add(instruction);
            if (HEREDOC_INSTRUCTIONS.contains(instruction.keyword())) {
                i = skipHeredocs(instruction.arguments(), lines, i);
            }
        }
        return new Parsed(List.copyOf(instructions), escape);
    }

    private static int skipHeredocs(String arguments, String[] lines, int next) {
        Matcher heredoc = HEREDOC.matcher(arguments);
        int i = next;
        while (heredoc.find()) {
            boolean stripTabs = !heredoc.group(1).isEmpty();
            String end = heredoc.group(3);
            while (i < lines.length) {
                String body = stripTabs ? lines[i].replaceFirst("^\t+", "") : lines[i];
                i++;
                if (body.equals(end)) {
                    break;
                }
            }
        }
        return i;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && Character.isWhitespace(line.charAt(n))) {
            n++;
        }
        return n;
    }

    /** The logical line being built, with each character's position. */
    private static final class Joined {
        private final StringBuilder text = new StringBuilder();
        private final List<int[]> positions = new ArrayList<>();

        void append(String line, int from, int to, int lineNumber) {
            for (int c = from; c < to; c++) {
                text.append(line.charAt(c));
                positions.add(new int[] {lineNumber, c + 1});
            }
        }

        Instruction toInstruction(String file, int line, int column) {
            String all = text.toString();
            int keywordEnd = 0;
            while (keywordEnd < all.length() && !Character.isWhitespace(all.charAt(keywordEnd))) {
                keywordEnd++;
            }
            if (keywordEnd == 0) {
                return null;
            }
            int argsStart = keywordEnd;
            while (argsStart < all.length() && Character.isWhitespace(all.charAt(argsStart))) {
                argsStart++;
            }
            String arguments = all.substring(argsStart).stripTrailing();
            int[] lines = new int[arguments.length()];
            int[] columns = new int[arguments.length()];
            for (int k = 0; k < arguments.length(); k++) {
                lines[k] = positions.get(argsStart + k)[0];
                columns[k] = positions.get(argsStart + k)[1];
            }
            return new Instruction(
                    all.substring(0, keywordEnd).toUpperCase(Locale.ROOT),
                    arguments,
                    new Location(file, line, column),
                    file,
                    lines,
                    columns);
        }
    }
}
