package dev.ocisi.core.engine;

import dev.ocisi.core.config.Platform;
import dev.ocisi.core.plan.RegistryLogin;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to build: the context folder, the Containerfile, build arguments and labels.
 *
 * A build never pulls: the hierarchy builds its own parents, and the images it takes from registries are pulled,
 * refreshed or pinned before any build starts. A build that pulled would look for the hierarchy's own parents in a
 * registry, and could build on another image than the one that was checked.
 *
 * @param noCache build every step anew
 * @param cache   layers cached outside the store that the build may reuse, and where it leaves its own
 * @param httpProxy a plain-HTTP proxy for the RUN steps (ocisi's package cache), given as the proxy variables, which
 *                  engines keep out of the image's history and configuration
 * @param platform  the platform to build for, when not the engine's own (its RUN steps then run under emulation)
 */
public record BuildRequest(
        Path context,
        Path containerfile,
        Map<String, String> buildArgs,
        Map<String, String> labels,
        boolean noCache,
        LayerCache cache,
        Optional<String> httpProxy,
        Optional<Platform> platform) {

    /**
     * Layers from elsewhere: a registry repository of cached steps (podman reads each step's layer from it by the
     * step's cache key, and writes its own when {@code write}), and images already in the store whose history a
     * classic Docker build may match step by step.
     *
     * @param repository {@code host/namespace/...} of the cached steps, or empty
     * @param write      also push each step's layer there (a publishing run)
     * @param login      the registry's login for that, or empty for the engine's own
     * @param images     images in the store to reuse steps from (dockerd)
     */
    public record LayerCache(
            Optional<String> repository, boolean write, Optional<RegistryLogin> login, List<String> images) {

        public static final LayerCache NONE = new LayerCache(Optional.empty(), false, Optional.empty(), List.of());

        public LayerCache {
            images = List.copyOf(images);
        }
    }

    public BuildRequest {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        cache = cache == null ? LayerCache.NONE : cache;
        httpProxy = httpProxy == null ? Optional.empty() : httpProxy;
        platform = platform == null ? Optional.empty() : platform;
    }

    public BuildRequest(
            Path context,
            Path containerfile,
            Map<String, String> buildArgs,
            Map<String, String> labels,
            boolean noCache) {
        this(context, containerfile, buildArgs, labels, noCache, LayerCache.NONE, Optional.empty(), Optional.empty());
    }

    /** The build arguments the engine gets besides the digested ones: the proxy variables, when there is a proxy. */
    public Map<String, String> proxyArgs() {
        Map<String, String> args = new LinkedHashMap<>();
        httpProxy.ifPresent(url -> {
            args.put("http_proxy", url);
            args.put("HTTP_PROXY", url);
        });
        return args;
    }
}
