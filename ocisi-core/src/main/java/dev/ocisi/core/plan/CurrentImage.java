package dev.ocisi.core.plan;

import java.util.Optional;

/** The image a tag names now: its id, and the input digest ocisi recorded on it (none when ocisi did not build it). */
public record CurrentImage(String id, Optional<String> inputDigest) {
}
