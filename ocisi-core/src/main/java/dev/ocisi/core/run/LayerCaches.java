package dev.ocisi.core.run;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.engine.BuildRequest;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RegistryException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The registry as a build's layer cache, so that a changed last step on a fresh machine does not redo the earlier
 * ones: podman reads each step's layer from the image's cache repository (and a publishing run writes them there);
 * dockerd's classic builder gets the image last published under the image's tag, pulled for the purpose, to match
 * steps against. Without a registry, or with {@code -Docisi.noCache}, a build has only the store's own layers.
 */
final class LayerCaches {

    /** The cache of one build, and the image pulled for it that goes when the build is done. */
    record Prepared(BuildRequest.LayerCache cache, Optional<String> pulledForCache) {}

    private LayerCaches() {}

    static Prepared prepare(
            ImageSpec spec,
            ContainerEngine engine,
            Registries registries,
            BuildOptions options,
            Log log,
            Consumer<String> output)
            throws EngineException {
        Optional<RegistryLocation> where = registries.location(spec);
        if (where.isEmpty() || options.noCache() || spec.isRootfs() || !registries.usable(where.get())) {
            return new Prepared(BuildRequest.LayerCache.NONE, Optional.empty());
        }
        RegistryLocation location = where.get();
        switch (engine.layerCacheKind()) {
            case REGISTRY -> {
                return new Prepared(
                        new BuildRequest.LayerCache(
                                Optional.of(location.cacheRepository(spec.id())),
                                options.registry().push(),
                                registries.login(location.host()),
                                List.of()),
                        Optional.empty());
            }
            case IMAGES -> {
                if (spec.platformOf().isPresent()) {
                    // name:tag holds the machine's own platform's image (or an index of them): not this build's
                    return new Prepared(BuildRequest.LayerCache.NONE, Optional.empty());
                }
                String published = location.reference(spec.id(), spec.id().tag());
                try {
                    if (registries
                            .client(location)
                            .find(location.repository(spec.id()), spec.id().tag())
                            .isEmpty()) {
                        return new Prepared(BuildRequest.LayerCache.NONE, Optional.empty());
                    }
                    log.info(spec.id() + ": pulling " + published + " for the steps it shares with this build");
                    engine.pull(published, registries.login(location.host()), output);
                } catch (RegistryException | EngineException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new EngineException("interrupted while pulling " + published);
                    }
                    log.warn(spec.id() + ": cannot pull " + published + " as a layer cache (" + e.getMessage()
                            + "); building without it");
                    return new Prepared(BuildRequest.LayerCache.NONE, Optional.empty());
                }
                return new Prepared(
                        new BuildRequest.LayerCache(Optional.empty(), false, Optional.empty(), List.of(published)),
                        Optional.of(published));
            }
            default -> {
                return new Prepared(BuildRequest.LayerCache.NONE, Optional.empty());
            }
        }
    }
}
