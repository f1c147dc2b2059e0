package dev.ocisi.core.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference as the OCI distribution spec and Docker read it: {@code [domain/]path[:tag][@digest]}.
 * The grammar is distribution/reference's; the domain split is Docker's (the first component is a domain when it
 * holds a dot or a colon, is {@code localhost}, or has upper case letters).
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    static final Pattern PATH_COMPONENT_PATTERN = Pattern.compile(PATH_COMPONENT);
    static final Pattern TAG_PATTERN = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN_PATTERN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_PATTERN = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    private static final Pattern DIGEST_PATTERN =
            Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
    private static final Pattern SPLIT = Pattern.compile("^([^@]+?)(?::([^:/@]*))?(?:@(.*))?$");
    private static final int MAX_NAME_LENGTH = 255;

    public static final String DEFAULT_TAG = "latest";

    /** Thrown for text that is no image reference; the message says what is wrong with it. */
    public static final class InvalidReferenceException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        InvalidReferenceException(String message) {
            super(message);
        }
    }

    public static ImageReference parse(String text) {
        if (text.isEmpty()) {
            throw new InvalidReferenceException("an image reference cannot be empty");
        }
        Matcher m = SPLIT.matcher(text);
        if (!m.matches()) {
            throw new InvalidReferenceException("'" + text + "' is not an image reference");
        }
        String name = m.group(1);
        String tag = m.group(2);
        String digest = m.group(3);
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidReferenceException(
                    "the name in '" + text + "' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        String domain = null;
        String path = name;
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".")
                    || first.contains(":")
                    || first.equals("localhost")
                    || !first.equals(first.toLowerCase(Locale.ROOT))) {
                domain = first;
                path = name.substring(slash + 1);
            }
        }
        if (domain != null && !DOMAIN_PATTERN.matcher(domain).matches()) {
            throw new InvalidReferenceException("'" + domain + "' in '" + text + "' is no registry host name");
        }
        if (!PATH_PATTERN.matcher(path).matches()) {
            String hint = path.equals(path.toLowerCase(Locale.ROOT)) ? "" : " (repository names are lower case)";
            throw new InvalidReferenceException("'" + path + "' in '" + text + "' is no repository name" + hint);
        }
        if (tag != null && !TAG_PATTERN.matcher(tag).matches()) {
            throw new InvalidReferenceException("'" + tag + "' in '" + text + "' is no tag: " + TAG_RULE);
        }
        if (digest != null && !DIGEST_PATTERN.matcher(digest).matches()) {
            throw new InvalidReferenceException("'" + digest + "' in '" + text + "' is no digest");
        }
        return new ImageReference(domain, path, tag, digest);
    }

    static final String TAG_RULE = "a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'";

    /** The tag, or {@code latest} when none is written (and no digest pins the image). */
    public String tagOrDefault() {
        return tag != null ? tag : DEFAULT_TAG;
    }

    public Optional<String> digestIfAny() {
        return Optional.ofNullable(digest);
    }

    /**
     * The image of the hierarchy this reference names, if it can name one: no digest (a pinned image is always
     * the registry's), and a domain that is none, {@code localhost} or Docker Hub's library.
     */
    public Optional<ImageName> localName() {
        if (digest != null) {
            return Optional.empty();
        }
        String name;
        if (domain == null || isDockerHub(domain)) {
            name = path.startsWith("library/") ? path.substring("library/".length()) : path;
        } else if (domain.equals("localhost")) {
            name = path;
        } else {
            return Optional.empty();
        }
        return name.indexOf('/') < 0 ? Optional.of(new ImageName(name, tagOrDefault())) : Optional.empty();
    }

    /** The repository with Docker Hub's implied parts written out, e.g. {@code docker.io/library/debian}. */
    public String canonicalRepository() {
        String registry = domain == null || isDockerHub(domain) ? "docker.io" : domain;
        String repository = registry.equals("docker.io") && path.indexOf('/') < 0 ? "library/" + path : path;
        return registry + "/" + repository;
    }

    /** The same repository at this digest, written as this reference writes its name: what a pinned pull asks for. */
    public String atDigest(String digest) {
        return (domain != null ? domain + "/" : "") + path + "@" + digest;
    }

    /** Written with a registry (or localhost) in front, so no short-name resolution can pick another image. */
    public boolean isQualified() {
        return domain != null;
    }

    public boolean isLocalhost() {
        return "localhost".equals(domain);
    }

    private static boolean isDockerHub(String domain) {
        return domain.equals("docker.io") || domain.equals("index.docker.io") || domain.equals("registry-1.docker.io");
    }

    @Override
    public String toString() {
        return (domain != null ? domain + "/" : "")
                + path
                + (tag != null ? ":" + tag : "")
                + (digest != null ? "@" + digest : "");
    }
}
