package dev.ocisi.core.result;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.engine.BuildFailedException;
import dev.ocisi.core.plan.PackageSet;
import dev.ocisi.core.registry.UpdateSize;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What happened to one image of a run.
 *
 * @param retries how often its build was started again after a failure of the engine's own (see
 *                {@link BuildFailedException#transientCause})
 * @param update  for a pulled image, what the pull downloaded
 * @param packages for a refreshed image, how its installed packages changed (none: the old image stayed)
 */
public record ImageResult(
        ImageName image,
        Outcome outcome,
        Duration duration,
        String reason,
        Optional<String> imageId,
        Optional<String> digest,
        List<String> outputTail,
        int retries,
        Optional<UpdateSize> update,
        Optional<PackageSet.Changes> packages) {

    public enum Outcome {
        BUILT,
        /** Pulled from its registry, where an image built from the same inputs was published. */
        PULLED,
        UP_TO_DATE,
        /** {@code -Docisi.pullOnly}, and its registry has no image built from its inputs. */
        NOT_PUBLISHED,
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
        return outcome == Outcome.BUILT || outcome == Outcome.PULLED || outcome == Outcome.UP_TO_DATE;
    }

    public static ImageResult built(ImageName image, Duration duration, String imageId, String digest, String reason) {
        return new ImageResult(
                image,
                Outcome.BUILT,
                duration,
                reason,
                Optional.of(imageId),
                Optional.of(digest),
                List.of(),
                0,
                Optional.empty(),
                Optional.empty());
    }

    public ImageResult withRetries(int count) {
        return new ImageResult(image, outcome, duration, reason, imageId, digest, outputTail, count, update, packages);
    }

    public static ImageResult upToDate(ImageName image, Duration duration, String imageId, String digest) {
        return new ImageResult(
                image,
                Outcome.UP_TO_DATE,
                duration,
                "up to date",
                Optional.of(imageId),
                Optional.of(digest),
                List.of(),
                0,
                Optional.empty(),
                Optional.empty());
    }

    public static ImageResult failed(
            ImageName image, Duration duration, String reason, Optional<String> digest, List<String> tail) {
        return new ImageResult(
                image,
                Outcome.FAILED,
                duration,
                reason,
                Optional.empty(),
                digest,
                tail,
                0,
                Optional.empty(),
                Optional.empty());
    }

    /** The same result, from a refresh that compared the packages of the old image and the new. */
    public ImageResult refreshed(String newReason, PackageSet.Changes changes) {
        return new ImageResult(
                image,
                outcome,
                duration,
                newReason,
                imageId,
                digest,
                outputTail,
                retries,
                update,
                Optional.of(changes));
    }

    public static ImageResult pulled(
            ImageName image, Duration duration, String imageId, String digest, String reason, UpdateSize update) {
        return new ImageResult(
                image,
                Outcome.PULLED,
                duration,
                reason,
                Optional.of(imageId),
                Optional.of(digest),
                List.of(),
                0,
                Optional.of(update),
                Optional.empty());
    }

    public static ImageResult notPublished(ImageName image, Duration duration, String digest, String reason) {
        return new ImageResult(
                image,
                Outcome.NOT_PUBLISHED,
                duration,
                reason,
                Optional.empty(),
                Optional.of(digest),
                List.of(),
                0,
                Optional.empty(),
                Optional.empty());
    }

    public static ImageResult skipped(ImageName image, String reason) {
        return new ImageResult(
                image,
                Outcome.SKIPPED,
                Duration.ZERO,
                reason,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                0,
                Optional.empty(),
                Optional.empty());
    }
}
