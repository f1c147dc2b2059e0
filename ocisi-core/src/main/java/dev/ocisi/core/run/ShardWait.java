package dev.ocisi.core.run;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.decision.Published;
import dev.ocisi.core.decision.RegistryLookup;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.log.WarnOnce;
import dev.ocisi.core.plan.CurrentImage;
import dev.ocisi.core.plan.Inputs;
import dev.ocisi.core.plan.ShardOptions;
import dev.ocisi.core.registry.RegistryException;
import dev.ocisi.core.registry.ShardFailures;
import dev.ocisi.core.result.ImageResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An image another shard builds, which this shard needs: looked for in the registry under its inputs tag until it is
 * there (then pulled), or the shard that builds it says it failed, or the wait is over.
 */
final class ShardWait {

    /** How often the registry is asked, and how often the log says the wait goes on. */
    static final Duration POLL = Duration.ofSeconds(2);

    static final Duration PROGRESS = Duration.ofSeconds(30);

    /** @param shard the shard that builds it, from 1 */
    record Foreign(int shard, ShardOptions options) {
        String describe() {
            return "shard " + shard + "/" + options.count();
        }
    }

    private ShardWait() {}

    static ImageStep.Done await(
            ImageSpec spec,
            Inputs inputs,
            String whyBuild,
            Instant start,
            Optional<CurrentImage> current,
            ImageStep.Context context,
            Foreign foreign)
            throws EngineException {
        Log log = context.log();
        String digest = inputs.digest();
        RegistryLocation location = context.registries().location(spec).orElseThrow();
        OutputFilter output = new OutputFilter(
                line -> log.info("[" + spec.id() + "] " + line),
                context.options().batch());
        Instant deadline = start.plus(foreign.options().patience());
        Instant nextWord = start.plus(PROGRESS);
        log.info(spec.id() + ": " + foreign.describe() + " builds it; waiting for it in " + location + " (up to "
                + TextTable.seconds(foreign.options().patience()) + ")");
        // a published image found unusable (unsigned yet, say) is said once, not at every poll
        Log lookupLog = new WarnOnce(log);
        while (true) {
            Published published = RegistryLookup.find(spec, digest, context.registries(), lookupLog);
            if (published instanceof Published.Found found
                    && RegistryPull.pull(
                                    spec, found, context.engine(), context.registries(), context.held(), log, output)
                            instanceof RegistryPull.Pulled pulled) {
                return ImageStep.adopt(spec, pulled, inputs, whyBuild, start, current, context);
            }
            Optional<ShardFailures.Failure> failure = failure(spec, digest, location, foreign, context);
            if (failure.isPresent()) {
                return failed(
                        spec,
                        start,
                        "failed in shard " + failure.get().shard() + ": "
                                + failure.get().reason(),
                        digest,
                        log);
            }
            Instant now = Instant.now();
            if (!now.isBefore(deadline)) {
                return failed(
                        spec,
                        start,
                        "waiting for " + foreign.describe() + ": gave up after "
                                + Duration.between(start, now).toSeconds() + " s (-Docisi.shardWait); it is not in "
                                + location + " under its inputs",
                        digest,
                        log);
            }
            if (!now.isBefore(nextWord)) {
                log.info(spec.id() + ": still waiting for " + foreign.describe() + " ("
                        + Duration.between(start, now).toSeconds() + " s)");
                nextWord = now.plus(PROGRESS);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted while waiting for " + spec.id() + " from " + foreign.describe());
            }
        }
    }

    private static Optional<ShardFailures.Failure> failure(
            ImageSpec spec, String digest, RegistryLocation location, Foreign foreign, ImageStep.Context context) {
        if (foreign.options().run().isEmpty()) {
            return Optional.empty(); // without a run id, an earlier run's failure could not be told apart
        }
        try {
            return ShardFailures.find(
                    context.registries().client(location),
                    location,
                    spec.id(),
                    digest,
                    foreign.options().run());
        } catch (RegistryException e) {
            return Optional.empty(); // the image's own lookup says what is wrong with the registry
        }
    }

    private static ImageStep.Done failed(ImageSpec spec, Instant start, String reason, String digest, Log log) {
        log.error(spec.id() + ": " + reason);
        return new ImageStep.Done(
                ImageResult.failed(
                        spec.id(), Duration.between(start, Instant.now()), reason, Optional.of(digest), List.of()),
                Optional.empty());
    }
}
