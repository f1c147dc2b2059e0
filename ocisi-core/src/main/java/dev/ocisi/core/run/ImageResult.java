package dev.ocisi.core.run;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.engine.BuildFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What happened to one image of a run.
 *
 * @param retries how often its build was started again after a failure of the engine's own (see
 *                {@link BuildFailedException#transientCause})
 */
public record ImageResult(ImageName image, Outcome outcome, Duration duration, String reason,
        Optional<String> imageId, Optional<String> digest, List<String> outputTail, int retries) {

    public enum Outcome {
        BUILT,
        UP_TO_DATE,
        FAILED,
        SKIPPED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    public ImageResult {
        outputTail = List.copyOf(outputTail);
    }

    /** Whether images built on it may go ahead. */
    public boolean usable() {
        return outcome == Outcome.BUILT || outcome == Outcome.UP_TO_DATE;
    }

    static ImageResult built(ImageName image, Duration duration, String imageId, String digest, String reason) {
        return new ImageResult(image, Outcome.BUILT, duration, reason, Optional.of(imageId), Optional.of(digest),
                List.of(), 0);
    }

    ImageResult withRetries(int count) {
        return new ImageResult(image, outcome, duration, reason, imageId, digest, outputTail, count);
    }

    static ImageResult upToDate(ImageName image, Duration duration, String imageId, String digest) {
        return new ImageResult(image, Outcome.UP_TO_DATE, duration, "up to date", Optional.of(imageId),
                Optional.of(digest), List.of(), 0);
    }

    static ImageResult failed(ImageName image, Duration duration, String reason, Optional<String> digest,
            List<String> tail) {
        return new ImageResult(image, Outcome.FAILED, duration, reason, Optional.empty(), digest, tail, 0);
    }

    static ImageResult skipped(ImageName image, String reason) {
        return new ImageResult(image, Outcome.SKIPPED, Duration.ZERO, reason, Optional.empty(), Optional.empty(),
                List.of(), 0);
    }
}
