package dev.ocisi.core.engine;

/** Engines disagree on how to write an image id; ocisi always writes {@code sha256:<hex>}. */
public final class ImageIds {

    private ImageIds() {}

    static String normalize(String id) {
        String trimmed = id.trim();
        return trimmed.contains(":") ? trimmed : "sha256:" + trimmed;
    }

    /**
     * Splits {@code localhost/name:tag} into repository and tag; a tag cannot hold '/'. A reference by digest
     * ({@code name@sha256:...}) splits at the '@': the Docker API takes the digest where the tag goes.
     */
    static String[] repositoryAndTag(String reference) {
        int at = reference.indexOf('@');
        if (at > 0) {
            return new String[] {reference.substring(0, at), reference.substring(at + 1)};
        }
        int colon = reference.lastIndexOf(':');
        if (colon > reference.lastIndexOf('/')) {
            return new String[] {reference.substring(0, colon), reference.substring(colon + 1)};
        }
        return new String[] {reference, "latest"};
    }
}
