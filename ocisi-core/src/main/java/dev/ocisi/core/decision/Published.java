package dev.ocisi.core.decision;

import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.registry.RemoteImage;

/** What the image's registry holds under the inputs tag of its digest, checked against its labels. */
public sealed interface Published {

    /** The image has no registry, or registries are not reused ({@code -Docisi.reuse=false}). */
    record NoRegistry() implements Published {}

    /** The registry has no image of these inputs. */
    record NotThere(RegistryLocation location) implements Published {}

    /** The registry could not be asked, or its image is not one ocisi built as this image from these inputs. */
    record Unusable(RegistryLocation location, String why) implements Published {}

    /** The image ocisi built as this image from these inputs, as the registry describes it. */
    record Found(RegistryLocation location, RemoteImage image) implements Published {}

    /** Why {@code -Docisi.pullOnly} cannot have the image, when it cannot. */
    static String whyNot(Published published) {
        if (published instanceof NotThere notThere) {
            return "not published in " + notThere.location() + " yet (no image built from these inputs)";
        }
        if (published instanceof Unusable unusable) {
            return "cannot be pulled from " + unusable.location() + ": " + unusable.why();
        }
        return "it has no registry to pull from (set 'registry:' or -Docisi.registry)";
    }
}
