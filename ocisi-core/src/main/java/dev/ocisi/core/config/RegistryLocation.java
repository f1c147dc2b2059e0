package dev.ocisi.core.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a hierarchy's images are published: a registry host (with its port, when not the default) and a namespace in
 * it, as the {@code registry:} key and {@code -Docisi.registry} write it: {@code HOST[:PORT]/NAMESPACE}, e.g.
 * {@code ghcr.io/acme/toolchains}. An image {@code name:tag} goes up as {@code HOST[:PORT]/NAMESPACE/name:tag}.
 *
 * @param host      the registry's host and port as written ({@code ghcr.io}, {@code localhost:5000}); the key of its
 *                  credentials
 * @param namespace one or more path components, e.g. {@code acme/toolchains}
 */
public record RegistryLocation(String host, String namespace) {

    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*"
                    + "[a-zA-Z0-9]))*(?::[0-9]{1,5})?");
    private static final Pattern NAMESPACE =
            Pattern.compile(ImageReference.PATH_COMPONENT + "(?:/" + ImageReference.PATH_COMPONENT + ")*");

    /** {@code HOST[:PORT]/NAMESPACE}, or why the text is none, with the form to write. */
    public static RegistryLocation parse(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        int slash = text.indexOf('/');
        return new RegistryLocation(text.substring(0, slash), text.substring(slash + 1));
    }

    /** What is wrong with the text as a registry location, or empty when it is one. */
    public static Optional<String> problem(String text) {
        String form = "; write HOST[:PORT]/NAMESPACE, e.g. ghcr.io/acme/toolchains or localhost:5000/toolchains";
        if (text.contains("://")) {
            return Optional.of("registry '" + text + "' has a scheme; the engines choose https (or plain http on "
                    + "a registry they are told is insecure)" + form);
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            return Optional.of(
                    "registry '" + text + "' names no " + (slash <= 0 ? "namespace" : "namespace after '/'") + form);
        }
        String host = text.substring(0, slash);
        String namespace = text.substring(slash + 1);
        if (!HOST.matcher(host).matches()) {
            return Optional.of(
                    "registry '" + text + "': '" + host + "' is not a host name with an optional port" + form);
        }
        if (!host.contains(".") && !host.contains(":") && !host.equals("localhost")) {
            // engines would read 'acme/toolchains' as Docker Hub's acme: say which registry, always
            return Optional.of("registry '" + text + "': '" + host + "' is not a registry host (it has no dot, no "
                    + "port and is not localhost), so engines would read it as a namespace on Docker Hub; write "
                    + "docker.io/" + text + " for Docker Hub" + form);
        }
        int colon = host.indexOf(':');
        if (colon > 0) {
            int port = Integer.parseInt(host.substring(colon + 1));
            if (port < 1 || port > 65535) {
                return Optional.of("registry '" + text + "': port " + port + " is not between 1 and 65535");
            }
        }
        if (namespace.contains(":") || namespace.contains("@")) {
            return Optional.of(
                    "registry '" + text + "' has a tag or digest; ocisi adds each image's name and tag" + form);
        }
        if (!NAMESPACE.matcher(namespace).matches()) {
            return Optional.of("registry '" + text + "': namespace '" + namespace + "' is not lower case letters, "
                    + "digits and separators (. _ -) in components split by '/'" + form);
        }
        return Optional.empty();
    }

    /** The repository of one image of the hierarchy: {@code HOST/NAMESPACE/name}. */
    public String repository(ImageName image) {
        return namespace + "/" + image.name();
    }

    /** The full reference of an image under a tag: {@code HOST/NAMESPACE/name:tag}. */
    public String reference(ImageName image, String tag) {
        return host + "/" + repository(image) + ":" + tag;
    }

    /**
     * The repository where the steps of an image's builds are cached, layer by layer ({@code --cache-to}): beside
     * the images, under {@code ocisi-cache/}, so that its many tags stay out of the image's own repository.
     */
    public String cacheRepository(ImageName image) {
        return host + "/" + cacheRepositoryPath(image);
    }

    /** {@link #cacheRepository} within the registry (without the host), where ocisi keeps its notes too. */
    public String cacheRepositoryPath(ImageName image) {
        return namespace + "/ocisi-cache/" + image.name();
    }

    @Override
    public String toString() {
        return host + "/" + namespace;
    }
}
