package dev.ocisi.core.publish;

import dev.ocisi.core.config.ImageName;
import java.time.Duration;
import java.util.Locale;

/**
 * What a push did for one image.
 *
 * @param reference where it went: {@code host/namespace/name:tag}
 * @param imageId   the image pushed
 * @param detail    what was uploaded or why not, in words
 */
public record PushResult(
        ImageName image, String reference, String imageId, Status status, Duration duration, String detail) {

    public enum Status {
        /** Its layers and manifest went up under its inputs tag, and its tag names it. */
        PUSHED,
        /** The registry had it under its inputs tag already: nothing uploaded; its tag was set when it differed. */
        ALREADY_THERE,
        FAILED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }
}
