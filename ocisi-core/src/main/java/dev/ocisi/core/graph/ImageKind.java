package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The images of one kind (VMs, dev containers) and which of them a goal works on: the ones named on the command line,
 * each of which must be of the kind, or every enabled one.
 *
 * @param is      whether an image is of the kind
 * @param missing why an image named on the command line is not, with the fix (after "image 'x' ")
 * @param others  what leads the list of those that are ("the images with one are")
 * @param none    why nothing is to be had when no image is of the kind, with the fix
 * @param verb    what the goal does with the one image it works on ("to boot")
 */
public record ImageKind(Predicate<ImageSpec> is, String missing, String others, String none, String verb) {

    /** The enabled images of the kind, in file order. */
    public List<ImageSpec> all(HierarchyGraph graph) {
        return graph.enabledImages().stream().map(ImageNode::spec).filter(is).toList();
    }

    /**
     * The images these names select; with no names, every enabled one of the kind.
     *
     * @param option the flag the names came from, for the message
     */
    public List<ImageSpec> select(HierarchyGraph graph, List<String> names, String option)
            throws ConfigurationException {
        if (names.isEmpty()) {
            return all(graph);
        }
        List<Problem> problems = new ArrayList<>();
        List<ImageSpec> selected = new ArrayList<>();
        for (ImageNode node : ImageSelector.select(graph, names, option)) {
            if (is.test(node.spec())) {
                selected.add(node.spec());
            } else {
                List<String> kind =
                        all(graph).stream().map(s -> s.id().toString()).toList();
                problems.add(Problem.error(
                        node.spec().origin().item(),
                        "image '" + node.id() + "' " + missing
                                + (kind.isEmpty() ? "" : "; " + others + " " + String.join(", ", kind))));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return selected;
    }

    /** The one image a goal works on: the named one, or the only one of the kind when there is one. */
    public ImageSpec one(HierarchyGraph graph, List<String> names, String option) throws ConfigurationException {
        List<ImageSpec> selected = select(graph, names, option);
        if (selected.size() == 1) {
            return selected.get(0);
        }
        throw new ConfigurationException(
                Location.option(option),
                selected.isEmpty()
                        ? none
                        : "name the image " + verb + " with " + option + "=<name>; " + others + " "
                                + String.join(
                                        ", ",
                                        selected.stream()
                                                .map(s -> s.id().toString())
                                                .toList()));
    }
}
