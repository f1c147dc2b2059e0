package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.graph.ImageSelector;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Decides what {@code process} builds: the enabled images, or with {@code only} those and what they need. */
public final class Planner {

    private Planner() {}

    /**
     * @param only names ({@code name} or {@code name:tag}) to narrow the plan to; empty for every enabled image
     */
    public static BuildPlan plan(HierarchyGraph graph, List<String> only) throws ConfigurationException {
        Set<ImageName> wanted = new LinkedHashSet<>();
        if (only.isEmpty()) {
            graph.enabledImages().forEach(n -> wanted.add(n.id()));
        } else {
            for (ImageNode node : selected(graph, only)) {
                wanted.add(node.id());
                graph.ancestors(node.id()).forEach(a -> wanted.add(a.id()));
            }
        }
        List<BuildPlan.PlannedImage> planned = new ArrayList<>();
        for (ImageNode node : graph.images()) {
            if (wanted.contains(node.id())) {
                String reason = only.isEmpty() ? "enabled" : isNamed(node, only) ? "asked for" : "needed";
                planned.add(new BuildPlan.PlannedImage(node, graph.dependencies(node.id()), reason));
            }
        }
        return new BuildPlan(graph, planned);
    }

    private static List<ImageNode> selected(HierarchyGraph graph, List<String> only) throws ConfigurationException {
        List<Problem> problems = new ArrayList<>();
        List<ImageNode> selected = ImageSelector.select(graph, only, "-Docisi.only", problems);
        for (ImageNode match : selected) {
            if (!match.spec().enabled()) {
                problems.add(Problem.error(
                        Location.option("-Docisi.only"),
                        match.id() + " is disabled; enable it " + "in the hierarchy file to build it"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return selected;
    }

    private static boolean isNamed(ImageNode node, List<String> only) {
        return only.stream().anyMatch(name -> ImageSelector.matches(node, name));
    }
}
