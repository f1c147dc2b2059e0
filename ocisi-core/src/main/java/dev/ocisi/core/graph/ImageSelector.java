package dev.ocisi.core.graph;

import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problem;
import dev.ocisi.core.problem.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Images named on the command line ({@code name} for every tag, or {@code name:tag}), each name checked. */
public final class ImageSelector {

    private ImageSelector() {}

    /** A comma-separated list as Maven passes it, blanks dropped. */
    public static List<String> split(String text) {
        return text == null
                ? List.of()
                : Arrays.stream(text.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    /**
     * The images the names match, in the order named.
     *
     * @param option the flag the names came from, for the message
     * @throws ConfigurationException naming every name that matches no image, with the nearest known name
     */
    public static List<ImageNode> select(HierarchyGraph graph, List<String> names, String option)
            throws ConfigurationException {
        List<Problem> problems = new ArrayList<>();
        List<ImageNode> selected = select(graph, names, option, problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return selected;
    }

    /** As {@link #select(HierarchyGraph, List, String)}, adding the problems to a list the caller completes. */
    public static List<ImageNode> select(
            HierarchyGraph graph, List<String> names, String option, List<Problem> problems) {
        List<ImageNode> selected = new ArrayList<>();
        List<String> known =
                graph.images().stream().map(n -> n.id().name()).distinct().toList();
        for (String name : names) {
            List<ImageNode> matches =
                    graph.images().stream().filter(n -> matches(n, name)).toList();
            if (matches.isEmpty()) {
                problems.add(Problem.error(
                        Location.option(option),
                        "no image '" + name + "' in the hierarchy"
                                + Suggestions.didYouMean(
                                        name.contains(":") ? name.substring(0, name.indexOf(':')) : name, known)));
            }
            selected.addAll(matches);
        }
        return selected;
    }

    /** {@code name:tag} matches the image of each platform too; {@code name:tag-arm64} that platform's only. */
    public static boolean matches(ImageNode node, String name) {
        return name.contains(":")
                ? node.id().toString().equals(name)
                        || node.spec().declaredId().toString().equals(name)
                : node.id().name().equals(name);
    }
}
