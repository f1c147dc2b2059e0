package dev.ocisi.core.plan;

import java.time.Instant;
import java.util.Optional;

/**
 * The image a tag names now: its id, the input digest ocisi recorded on it (none when ocisi did not build it), and
 * when it was built.
 */
public record CurrentImage(String id, Optional<String> inputDigest, Instant created) {

    /** An image whose build time is not known, which counts as old. */
    public CurrentImage(String id, Optional<String> inputDigest) {
        this(id, inputDigest, Instant.EPOCH);
    }
}
