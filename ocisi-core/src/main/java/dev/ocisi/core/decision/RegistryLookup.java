package dev.ocisi.core.decision;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.registry.ImageSignatures;
import dev.ocisi.core.registry.InputsTag;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RegistryException;
import dev.ocisi.core.registry.RemoteImage;
import dev.ocisi.core.trust.VerifyingKey;
import java.util.Map;
import java.util.Optional;

/**
 * What the image's registry holds under the inputs tag of the digest ocisi computed: found only when the image there
 * carries that same digest and was built as this image (a tag whose image says otherwise is never trusted). Reads
 * only; the pull is the run's.
 */
public final class RegistryLookup {

    private RegistryLookup() {}

    public static Published find(ImageSpec spec, String digest, Registries registries, Log log) {
        Optional<RegistryLocation> where = registries.location(spec);
        if (where.isEmpty() || !registries.options().reuse()) {
            return new Published.NoRegistry();
        }
        RegistryLocation location = where.get();
        String tag = InputsTag.of(digest);
        Optional<RemoteImage> remote;
        try {
            remote = registries.client(location).find(location.repository(spec.id()), tag);
        } catch (RegistryException e) {
            registries.warnOnce(
                    location,
                    "Cannot look for published images in " + location + " (" + e.getMessage()
                            + "); images missing or stale here are built instead");
            return new Published.Unusable(location, e.getMessage());
        }
        if (remote.isEmpty()) {
            return new Published.NotThere(location);
        }
        Optional<String> mismatch = mismatch(remote.get().labels(), spec, digest);
        if (mismatch.isPresent()) {
            String why = location.reference(spec.id(), tag) + " " + mismatch.get() + ", so it is not used";
            log.warn(spec.id() + ": " + why);
            return new Published.Unusable(location, why);
        }
        Optional<VerifyingKey> key = registries.options().verifying();
        if (key.isPresent()) {
            String repository = location.repository(spec.id());
            String why;
            try {
                ImageSignatures.Check check = ImageSignatures.check(
                        registries.client(location), repository, remote.get().manifestDigest(), key.get());
                if (check.valid()) {
                    return new Published.Found(location, remote.get());
                }
                why = location.reference(spec.id(), tag) + " is not used: " + check.reason();
            } catch (RegistryException e) {
                why = location.reference(spec.id(), tag) + " is not used: its signatures cannot be read ("
                        + e.getMessage() + ")";
            }
            log.warn(spec.id() + ": " + why);
            return new Published.Unusable(location, why);
        }
        return new Published.Found(location, remote.get());
    }

    /** Why labels are not those of an image ocisi built as this image from these inputs, if they are not. */
    private static Optional<String> mismatch(Map<String, String> labels, ImageSpec spec, String digest) {
        if (!OcisiLabels.builtFor(labels, spec)) {
            return Optional.of("was not built by ocisi as " + spec.id() + " of a hierarchy file named "
                    + OcisiLabels.hierarchyOf(spec.origin().file()));
        }
        if (!digest.equals(labels.get(OcisiLabels.INPUT_DIGEST))) {
            return Optional.of("carries the inputs digest " + labels.get(OcisiLabels.INPUT_DIGEST)
                    + ", not this build's " + digest);
        }
        return Optional.empty();
    }
}
