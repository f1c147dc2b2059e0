package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.problem.Location;

/**
 * An image a Containerfile uses, as written and resolved.
 *
 * @param reference the reference after build arguments were substituted
 * @param written   the text of the Containerfile before substitution
 * @param location  where it is written
 * @param kind      what the build takes from it
 */
public record ImageUse(ImageReference reference, String written, Location location, Kind kind) {

    public enum Kind {
        /** The base of the final stage: the image inherits its layers. */
        BASE,
        /** The base of another stage of a multi-stage build. */
        STAGE,
        /** Files are copied or mounted from it ({@code COPY --from}, {@code RUN --mount=from=}). */
        COPY_FROM
    }

    ImageUse withKind(Kind newKind) {
        return new ImageUse(reference, written, location, newKind);
    }
}
