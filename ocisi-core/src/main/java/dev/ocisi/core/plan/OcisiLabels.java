package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels ocisi puts on every image it builds. They are how ocisi tells its own images from everyone else's:
 * clean and prune touch nothing without them.
 */
public final class OcisiLabels {

    /** {@code ocisi}: ocisi built this image. */
    public static final String BUILT_BY = "dev.ocisi.built-by";
    /** The image's {@code name:tag} in the hierarchy. */
    public static final String IMAGE = "dev.ocisi.image";
    /**
     * The name of the hierarchy file that declares the image, without its folder: an image's labels make its id, and
     * the same hierarchy checked out at another path (a CI runner, a laptop) must make the same image.
     */
    public static final String HIERARCHY = "dev.ocisi.hierarchy";
    /** The id of the image it was built on (its parent in the hierarchy, or its external base). */
    public static final String PARENT = "dev.ocisi.parent";

    /** For an image made from a root filesystem: where its files came from (tarball and digest, or suite). */
    public static final String ROOTFS = "dev.ocisi.rootfs";

    /** The digest of everything the build read (see {@code Inputs}): the same digest, the same build. */
    public static final String INPUT_DIGEST = "dev.ocisi.input-digest";

    public static final String BUILT_BY_VALUE = "ocisi";

    private OcisiLabels() {}

    /** The user's labels, then ocisi's, which win. */
    public static Map<String, String> forImage(ImageSpec image, String parentId) {
        return forImage(image, image.labels(), parentId);
    }

    /**
     * The labels a build gives the image (the user's, a dev container's: its inputs' labels), then ocisi's, which
     * win.
     */
    public static Map<String, String> forImage(ImageSpec image, Map<String, String> given, String parentId) {
        Map<String, String> labels = new LinkedHashMap<>(given);
        labels.put(BUILT_BY, BUILT_BY_VALUE);
        labels.put(IMAGE, image.id().toString());
        labels.put(HIERARCHY, hierarchyOf(image.origin().file()));
        if (parentId != null) {
            labels.put(PARENT, parentId);
        }
        image.rootfs().ifPresent(rootfs -> labels.put(ROOTFS, rootfs.source().describe()));
        return labels;
    }

    /** The value of {@link #HIERARCHY} for images this hierarchy file declares. */
    public static String hierarchyOf(Path hierarchyFile) {
        return hierarchyFile.getFileName().toString();
    }

    /** Whether ocisi built the image as this {@code name:tag} for this hierarchy file (at whatever path). */
    public static boolean builtFor(Map<String, String> labels, ImageSpec image) {
        return builtAs(labels, image) && hierarchyOf(image.origin().file()).equals(labels.get(HIERARCHY));
    }

    /** Whether ocisi built the image as this {@code name:tag}, from whichever hierarchy file. */
    public static boolean builtAs(Map<String, String> labels, ImageSpec image) {
        return BUILT_BY_VALUE.equals(labels.get(BUILT_BY))
                && image.id().toString().equals(labels.get(IMAGE));
    }
}
