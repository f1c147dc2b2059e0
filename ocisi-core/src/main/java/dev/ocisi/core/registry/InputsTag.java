package dev.ocisi.core.registry;

/**
 * The immutable tag an image is published under besides its own: {@code inputs-} and the 64 hex digits of its inputs
 * digest. The digest names everything the build read, its parents' image ids included, so the tag names one build's
 * inputs forever; any machine that computes the same digest finds the image under it.
 */
public final class InputsTag {

    private static final String PREFIX = "inputs-";

    private InputsTag() {}

    /** The tag for an inputs digest ({@code sha256:<hex>}). */
    public static String of(String inputsDigest) {
        String hex = inputsDigest.startsWith("sha256:") ? inputsDigest.substring(7) : inputsDigest;
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 digest: " + inputsDigest);
        }
        return PREFIX + hex;
    }
}
