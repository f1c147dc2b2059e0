package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageName;
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

    /** One image to build, and why. */
    public record PlannedImage(ImageNode node, List<ImageName> needs, String reason) {
        public PlannedImage {
            needs = List.copyOf(needs);
        }

        public ImageName id() {
            return node.id();
        }
    }

    public boolean isEmpty() {
        return images.isEmpty();
    }
}
