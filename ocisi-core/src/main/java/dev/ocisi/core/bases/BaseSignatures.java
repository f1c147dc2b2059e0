package dev.ocisi.core.bases;

import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.TrustSettings;
import dev.ocisi.core.registry.ImageSignatures;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RegistryException;
import dev.ocisi.core.registry.RemoteImage;
import dev.ocisi.core.trust.TrustException;
import dev.ocisi.core.trust.VerifyingKey;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * External bases checked against their publisher's key before anything is built on them (the hierarchy file's
 * {@code verifyBases}): the signature of the manifest the registry serves, read through the registry's API as for the
 * hierarchy's own images, so that it holds with every engine (dockerd has no signature policy, and Debian's podman is
 * built without sigstore). A base no key applies to is not checked.
 */
final class BaseSignatures {

    private final TrustSettings trust;
    private final Registries registries;
    private final Map<Path, VerifyingKey> keys = new HashMap<>();

    BaseSignatures(TrustSettings trust, Registries registries) {
        this.trust = trust;
        this.registries = registries;
    }

    boolean applies(ImageReference reference) {
        return trust.baseKey(reference.canonicalRepository()).isPresent();
    }

    /** The digest the registry serves the reference at now: what is checked, then pulled by that digest. */
    String servedDigest(ImageReference reference) throws RegistryException {
        Optional<RemoteImage> served = BaseRegistry.client(registries, reference)
                .find(
                        BaseRegistry.repository(reference),
                        reference.digestIfAny().orElse(reference.tagOrDefault()));
        if (served.isEmpty()) {
            throw new RegistryException(reference + " is not in its registry");
        }
        return served.get().manifestDigest();
    }

    /** Why the base at this manifest digest may not be used, if it may not. */
    Optional<String> problem(ImageReference reference, String manifestDigest) {
        Map.Entry<String, Path> key =
                trust.baseKey(reference.canonicalRepository()).orElseThrow();
        try {
            ImageSignatures.Check check = ImageSignatures.check(
                    BaseRegistry.client(registries, reference),
                    BaseRegistry.repository(reference),
                    manifestDigest,
                    key(key.getValue()));
            return check.valid()
                    ? Optional.empty()
                    : Optional.of("not used: " + check.reason() + " (verifyBases." + key.getKey() + ")");
        } catch (RegistryException e) {
            return Optional.of("not used: its signatures cannot be read (" + e.getMessage() + ")");
        } catch (TrustException e) {
            return Optional.of("not used: " + e.getMessage());
        }
    }

    private synchronized VerifyingKey key(Path file) throws TrustException {
        VerifyingKey key = keys.get(file);
        if (key == null) {
            key = VerifyingKey.read(file, file.getFileName().toString());
            keys.put(file, key);
        }
        return key;
    }
}
