package dev.ocisi.core.run;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.ShardAssignment;
import dev.ocisi.core.plan.ShardOptions;
import dev.ocisi.core.publish.Publisher;
import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RegistryException;
import dev.ocisi.core.registry.ShardFailures;
import dev.ocisi.core.result.ImageResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * With {@code -Docisi.shard=K/N}: which runner builds which image, and this shard's part of meeting the others in the
 * registry: each of its images pushed as soon as it is built (others may wait for it), and a failure said there.
 */
final class Shards {

    private final ShardOptions shard;
    private final ShardAssignment assignment;
    private final Registries registries;
    private final Publisher publisher;
    private final Log log;
    private final Map<ImageName, PushResult> pushes = new ConcurrentHashMap<>();

    private Shards(
            ShardOptions shard, ShardAssignment assignment, Registries registries, Publisher publisher, Log log) {
        this.shard = shard;
        this.assignment = assignment;
        this.registries = registries;
        this.publisher = publisher;
        this.log = log;
    }

    /** Who builds what, said in the log; every image needs a registry, where the shards meet. */
    static Shards assign(
            BuildPlan plan,
            BuildOptions options,
            ShardOptions shard,
            Registries registries,
            Publisher publisher,
            Log log)
            throws RegistryException {
        if (!options.registry().push()) {
            throw new RegistryException("-Docisi.shard needs -Docisi.push: the shards meet in the registry");
        }
        for (BuildPlan.PlannedImage image : plan.images()) {
            if (registries.location(image.node().spec()).isEmpty()) {
                throw new RegistryException("-Docisi.shard needs a registry for every image, and " + image.id()
                        + " has none: set 'registry:' in the file's defaults, or -Docisi.registry");
            }
        }
        ShardAssignment assignment = ShardAssignment.of(plan, shard.count(), shard.weights());
        List<ImageName> mine = assignment.images(shard.index());
        List<ImageName> waits = assignment.waitsFor(shard.index());
        log.info("Shard " + shard + ": builds " + mine.size() + (mine.size() == 1 ? " image" : " images")
                + (mine.isEmpty() ? "" : " (" + names(mine) + ")") + "; waits in the registry for " + waits.size()
                + " of other shards" + (waits.isEmpty() ? "" : " (" + names(waits) + ")")
                + (shard.run().isEmpty()
                        ? "; no run id (-Docisi.shardRun), so a failure in another shard is seen only when the wait "
                                + "ends"
                        : "; run " + shard.run()));
        return new Shards(shard, assignment, registries, publisher, log);
    }

    private static String names(List<ImageName> images) {
        return String.join(", ", images.stream().map(Object::toString).toList());
    }

    /** The images this shard has nothing to do with: another's, and nothing of this shard built on them. */
    List<ImageResult> elsewhere(BuildPlan plan) {
        Set<ImageName> needed = assignment.needed(shard.index());
        return plan.images().stream()
                .map(BuildPlan.PlannedImage::id)
                .filter(id -> assignment.shardOf(id) != shard.index() && !needed.contains(id))
                .map(id -> ImageResult.skipped(
                        id, "shard " + assignment.shardOf(id) + "/" + assignment.count() + " builds it"))
                .toList();
    }

    /** How many images of other shards this one waits for: each wait sleeps on a thread of its own. */
    int waits() {
        return assignment.needed(shard.index()).size();
    }

    /** The shard that builds the image, when another does. */
    Optional<ShardWait.Foreign> foreign(ImageName image) {
        int owner = assignment.shardOf(image);
        return owner == shard.index() ? Optional.empty() : Optional.of(new ShardWait.Foreign(owner, shard));
    }

    /**
     * Pushes an image of this shard as soon as it is there, since other shards may wait for it; one that failed (or
     * whose push failed) is said in the registry, so that they report it instead of waiting.
     */
    void publish(ImageSpec spec, ImageResult result) {
        String failure = null;
        if (result.usable()) {
            PushResult push = publisher
                    .push(List.of(new Publisher.Publishable(
                            spec,
                            result.imageId().orElseThrow(),
                            result.digest().orElseThrow())))
                    .get(0);
            pushes.put(spec.id(), push);
            if (push.status() == PushResult.Status.FAILED) {
                failure = "built, but its push failed: " + push.detail();
            }
        } else if (result.outcome() == ImageResult.Outcome.FAILED
                && result.digest().isPresent()) {
            failure = result.reason();
        }
        if (failure != null && !shard.run().isEmpty() && result.digest().isPresent()) {
            RegistryLocation location = registries.location(spec).orElseThrow();
            try {
                ShardFailures.record(
                        registries.client(location),
                        location,
                        spec.id(),
                        result.digest().get(),
                        shard.run(),
                        shard.toString(),
                        failure);
            } catch (RegistryException e) {
                log.warn("Cannot tell the other shards in " + location + " that " + spec.id() + " failed ("
                        + e.getMessage() + "): they wait for it until -Docisi.shardWait");
            }
        }
    }

    /** The pushes of this shard's images, in the plan's order. */
    List<PushResult> pushes(BuildPlan plan) {
        return plan.images().stream()
                .map(p -> pushes.get(p.id()))
                .filter(Objects::nonNull)
                .toList();
    }
}
