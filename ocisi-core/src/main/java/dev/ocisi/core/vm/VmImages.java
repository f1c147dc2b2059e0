package dev.ocisi.core.vm;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.graph.ImageSelector;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problem;
import java.util.ArrayList;
import java.util.List;

/** Which images of the hierarchy are VMs, and which of them a goal works on. */
public final class VmImages {

    private VmImages() {
    }

    /** The enabled images with a {@code vm} section, in file order. */
    public static List<ImageSpec> all(HierarchyGraph graph) {
        return graph.enabledImages().stream().map(ImageNode::spec).filter(s -> s.vm().isPresent()).toList();
    }

    /**
     * The images these names select, each of which must have a {@code vm} section; with no names, every enabled one
     * that has.
     *
     * @param option the flag the names came from, for the message
     */
    public static List<ImageSpec> select(HierarchyGraph graph, List<String> names, String option)
            throws ConfigurationException {
        if (names.isEmpty()) {
            return all(graph);
        }
        List<Problem> problems = new ArrayList<>();
        List<ImageSpec> selected = new ArrayList<>();
        for (ImageNode node : ImageSelector.select(graph, names, option)) {
            if (node.spec().vm().isEmpty()) {
                problems.add(Problem.error(node.spec().origin().item(), "image '" + node.id() + "' has no 'vm' "
                        + "section: add one (e.g. 'vm: {memory: 1G}') to make a VM of it" + others(graph)));
            } else {
                selected.add(node.spec());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return selected;
    }

    /** The one image a boot starts: the named one, or the only VM image when there is one. */
    public static ImageSpec one(HierarchyGraph graph, List<String> names, String option)
            throws ConfigurationException {
        List<ImageSpec> selected = select(graph, names, option);
        if (selected.size() == 1) {
            return selected.get(0);
        }
        throw new ConfigurationException(Location.option(option), selected.isEmpty()
                ? "no enabled image has a 'vm' section: add one to an image to boot it"
                : "name the image to boot with " + option + "=<name>; the VM images are "
                        + String.join(", ", selected.stream().map(s -> s.id().toString()).toList()));
    }

    private static String others(HierarchyGraph graph) {
        List<String> names = all(graph).stream().map(s -> s.id().toString()).toList();
        return names.isEmpty() ? "" : "; the images with one are " + String.join(", ", names);
    }
}
