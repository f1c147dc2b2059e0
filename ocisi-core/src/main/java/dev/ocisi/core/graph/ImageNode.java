package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.ImageSpec;
import java.util.List;
import java.util.Optional;

/**
 * An image of the hierarchy with what its Containerfile says it builds on outside the hierarchy.
 *
 * @param spec          the image as declared
 * @param externalBase  the base of its final stage when that is no image of the hierarchy ({@code scratch}: none)
 * @param externalUses  every other image outside the hierarchy it uses (other stages, {@code COPY --from})
 */
public record ImageNode(ImageSpec spec, Optional<ImageReference> externalBase, List<ImageUse> externalUses) {

    public ImageNode {
        externalUses = List.copyOf(externalUses);
    }

    public ImageName id() {
        return spec.id();
    }
}
