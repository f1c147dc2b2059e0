package dev.ocisi.core.graph;

import dev.ocisi.core.problem.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The build-context paths a Containerfile's {@code COPY} and {@code ADD} read (not those that copy from a stage or an
 * image), as written: files, folders, or patterns. Inline heredoc sources read nothing from the context; remote
 * sources (URLs, git) are listed apart, since no file holds them.
 */
public final class CopySources {

    /** What one COPY or ADD takes: paths and patterns in the context, and the URLs that ADD fetches. */
    public record Sources(List<String> paths, List<String> remote) {}

    private CopySources() {}

    public static Sources of(ContainerfileParser.Parsed parsed) {
        List<String> paths = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        for (Instruction instruction : parsed.instructions()) {
            if (!instruction.is("COPY") && !instruction.is("ADD")) {
                continue;
            }
            List<String> words = arguments(instruction, parsed.escape());
            if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
                continue;
            }
            List<String> operands =
                    words.stream().filter(w -> !w.startsWith("--")).toList();
            for (String source : operands.subList(0, Math.max(0, operands.size() - 1))) {
                if (source.startsWith("<<")) {
                    continue;
                }
                if (source.contains("://") || source.startsWith("git@")) {
                    remote.add(source);
                } else {
                    paths.add(source);
                }
            }
        }
        return new Sources(List.copyOf(paths), List.copyOf(remote));
    }

    /**
     * A located error for each source of COPY and ADD that leaves the build context ({@code COPY ../../x}): engines send
     * the context alone to a build, which would fail later with "no such file"; said when the file is read instead.
     */
    public static List<Problem> outsideContext(ContainerfileParser.Parsed parsed, String context) {
        List<Problem> problems = new ArrayList<>();
        for (Instruction instruction : parsed.instructions()) {
            if (!instruction.is("COPY") && !instruction.is("ADD")) {
                continue;
            }
            List<String> words = arguments(instruction, parsed.escape());
            if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
                continue;
            }
            List<String> operands =
                    words.stream().filter(w -> !w.startsWith("--")).toList();
            for (String source : operands.subList(0, Math.max(0, operands.size() - 1))) {
                if (source.startsWith("<<") || source.contains("://") || source.startsWith("git@")) {
                    continue;
                }
                // a source that starts with '/' is the context's root, where '..' stays (the engines clean it so)
                if (!source.startsWith("/") && Path.of(source).normalize().startsWith("..")) {
                    int offset = instruction.arguments().indexOf(source);
                    problems.add(Problem.error(
                            offset < 0 ? instruction.location() : instruction.at(offset),
                            instruction.keyword() + " source '" + source + "' leaves the build context " + context
                                    + ", and a build is sent the context alone (it would fail with 'no such file'): "
                                    + "move the file into the context, or make 'path' a folder that holds both"));
                }
            }
        }
        return problems;
    }

    /** The words of COPY/ADD, in either form: {@code COPY a b /dest} or {@code COPY ["a", "b", "/dest"]}. */
    private static List<String> arguments(Instruction instruction, char escape) {
        List<Words.Word> words = Words.split(instruction.arguments(), escape);
        List<String> flags = new ArrayList<>();
        int i = 0;
        while (i < words.size() && words.get(i).text().startsWith("--")) {
            flags.add(words.get(i++).text());
        }
        String rest = i < words.size()
                ? instruction.arguments().substring(words.get(i).offset()).trim()
                : "";
        List<String> all = new ArrayList<>(flags);
        if (rest.startsWith("[") && rest.endsWith("]")) {
            for (String element : rest.substring(1, rest.length() - 1).split(",")) {
                String trimmed = element.trim();
                if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
                    all.add(trimmed.substring(1, trimmed.length() - 1));
                }
            }
        } else {
            words.subList(i, words.size()).forEach(w -> all.add(w.text()));
        }
        return all;
    }
}
