package dev.ocisi.core.registry;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.RegistryLocation;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a shard says in the registry when an image of its share failed, so that the shards waiting for that image
 * report the failure instead of waiting until they give up: a note under {@code failed-<inputs digest>} beside the
 * image's build cache, naming the run (the shards of one run share its id) and why.
 */
public final class ShardFailures {

    private static final String RUN = "dev.ocisi.shard.run";
    private static final String SHARD = "dev.ocisi.shard";
    private static final String REASON = "dev.ocisi.failure";
    private static final String AT = "dev.ocisi.failed-at";
    private static final int LONGEST_REASON = 2000;

    private ShardFailures() {}

    private static String tag(String inputsDigest) {
        return "failed-" + InputsTag.of(inputsDigest).substring("inputs-".length());
    }

    public static void record(
            RegistryClient client,
            RegistryLocation location,
            ImageName image,
            String inputsDigest,
            String run,
            String shard,
            String reason)
            throws RegistryException {
        String text = reason.length() > LONGEST_REASON ? reason.substring(0, LONGEST_REASON) + "..." : reason;
        client.putNote(
                location.cacheRepositoryPath(image),
                tag(inputsDigest),
                Map.of(RUN, run, SHARD, shard, REASON, text, AT, Instant.now().toString()));
    }

    /** Why the image of these inputs failed in a shard of this run, if one said so. */
    public static Optional<Failure> find(
            RegistryClient client, RegistryLocation location, ImageName image, String inputsDigest, String run)
            throws RegistryException {
        return client.note(location.cacheRepositoryPath(image), tag(inputsDigest))
                .filter(note -> run.equals(note.get(RUN)))
                .map(note -> new Failure(note.getOrDefault(SHARD, "?"), note.getOrDefault(REASON, "")));
    }

    /** @param shard the shard that failed it, {@code K/N} */
    public record Failure(String shard, String reason) {}
}
