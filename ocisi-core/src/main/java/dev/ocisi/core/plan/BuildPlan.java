package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.graph.Dependency;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import java.util.List;

/**
 * The images to build, parents first, each with the images of the plan it needs.
 *
 * @param graph  the hierarchy the plan was made from
 * @param images what to build, in build order
 */
public record BuildPlan(HierarchyGraph graph, List<PlannedImage> images) {

    public BuildPlan {
        images = List.copyOf(images);
    }

    /** One image to build, the images of the hierarchy it needs (its edges), and why it is in the plan. */
    public record PlannedImage(ImageNode node, List<Dependency> dependencies, String reason) {
        public PlannedImage {
            dependencies = List.copyOf(dependencies);
        }

        public ImageName id() {
            return node.id();
        }

        public List<ImageName> needs() {
            return dependencies.stream().map(Dependency::parent).toList();
        }
    }

    public boolean isEmpty() {
        return images.isEmpty();
    }
}
