package dev.ocisi.core.vm;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageKind;
import dev.ocisi.core.problem.ConfigurationException;
import java.util.List;

/** Which images of the hierarchy are VMs, and which of them a goal works on. */
public final class VmImages {

    private static final ImageKind VMS = new ImageKind(
            spec -> spec.vm().isPresent(),
            "has no 'vm' section: add one (e.g. 'vm: {memory: 1G}') to make a VM of it",
            "the images with one are",
            "no enabled image has a 'vm' section: add one to an image to boot it",
            "to boot");

    private VmImages() {}

    /** The enabled images with a {@code vm} section, in file order. */
    public static List<ImageSpec> all(HierarchyGraph graph) {
        return VMS.all(graph);
    }

    /**
     * The images these names select, each of which must have a {@code vm} section; with no names, every enabled one
     * that has.
     *
     * @param option the flag the names came from, for the message
     */
    public static List<ImageSpec> select(HierarchyGraph graph, List<String> names, String option)
            throws ConfigurationException {
        return VMS.select(graph, names, option);
    }

    /** The one image a boot starts: the named one, or the only VM image when there is one. */
    public static ImageSpec one(HierarchyGraph graph, List<String> names, String option) throws ConfigurationException {
        return VMS.one(graph, names, option);
    }
}
