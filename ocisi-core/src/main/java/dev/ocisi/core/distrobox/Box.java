package dev.ocisi.core.distrobox;

import dev.ocisi.core.config.BoxSettings;
import dev.ocisi.core.config.Manager;

/**
 * A distrobox to assemble from an image of the hierarchy.
 *
 * @param image   the reference the box runs, as ocisi tags it ({@code localhost/name:tag})
 * @param imageId the image that reference names now
 */
public record Box(String name, Manager manager, String image, String imageId, BoxSettings settings) {}
