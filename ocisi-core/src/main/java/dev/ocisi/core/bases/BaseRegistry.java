package dev.ocisi.core.bases;

import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RegistryClient;
import dev.ocisi.core.registry.RegistryException;

/** The registry an external base comes from, asked through the distribution API like the hierarchy's own. */
final class BaseRegistry {

    private BaseRegistry() {}

    static RegistryClient client(Registries registries, ImageReference reference) throws RegistryException {
        String canonical = reference.canonicalRepository();
        String host = canonical.substring(0, canonical.indexOf('/'));
        String path = repository(reference);
        int slash = path.indexOf('/');
        return registries.client(new RegistryLocation(host, slash < 0 ? path : path.substring(0, slash)));
    }

    /** The repository's path in its registry ({@code library/debian}). */
    static String repository(ImageReference reference) {
        String canonical = reference.canonicalRepository();
        return canonical.substring(canonical.indexOf('/') + 1);
    }
}
