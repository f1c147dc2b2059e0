package dev.ocisi.core.engine;

/** Engines disagree on how to write an image id; ocisi always writes {@code sha256:<hex>}. */
final class ImageIds {

    private ImageIds() {
    }

    static String normalize(String id) {
        String trimmed = id.trim();
        return trimmed.contains(":") ? trimmed : "sha256:" + trimmed;
    }

    /** Splits {@code localhost/name:tag} into repository and tag; a tag cannot hold '/'. */
    static String[] repositoryAndTag(String reference) {
        int colon = reference.lastIndexOf(':');
        if (colon > reference.lastIndexOf('/')) {
            return new String[] {reference.substring(0, colon), reference.substring(colon + 1)};
        }
        return new String[] {reference, "latest"};
    }
}
