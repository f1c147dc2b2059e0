package dev.ocisi.core.build;

import dev.ocisi.core.config.ImageName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What happened to one image of a run. */
public record ImageResult(ImageName image, Outcome outcome, Duration duration, String reason,
        Optional<String> imageId, List<String> outputTail) {

    public enum Outcome {
        BUILT,
        FAILED,
        SKIPPED;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ImageResult {
        outputTail = List.copyOf(outputTail);
    }

    static ImageResult built(ImageName image, Duration duration, String imageId, String reason) {
        return new ImageResult(image, Outcome.BUILT, duration, reason, Optional.of(imageId), List.of());
    }

    static ImageResult failed(ImageName image, Duration duration, String reason, List<String> tail) {
        return new ImageResult(image, Outcome.FAILED, duration, reason, Optional.empty(), tail);
    }

    static ImageResult skipped(ImageName image, String reason) {
        return new ImageResult(image, Outcome.SKIPPED, Duration.ZERO, reason, Optional.empty(), List.of());
    }
}
