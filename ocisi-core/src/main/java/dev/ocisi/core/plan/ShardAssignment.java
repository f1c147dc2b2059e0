package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.graph.Dependency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which shard builds which image of a plan: the same on every runner, since it depends on the plan and the weights
 * only. The hierarchy is cut into chains (each image with its heaviest child under it: the path that decides how long
 * the branch takes stays on one runner, with no wait in the registry between its images), and the chains go, heaviest
 * first, to the runner with the least work so far (longest processing time first).
 */
public final class ShardAssignment {

    /** An image's weight when nothing was recorded for it: the mean of those recorded, or this when none was. */
    private static final Duration UNKNOWN = Duration.ofSeconds(1);

    private final BuildPlan plan;
    private final int count;
    private final Map<ImageName, Integer> shardOf;
    private final Map<ImageName, Duration> weights;

    private ShardAssignment(
            BuildPlan plan, int count, Map<ImageName, Integer> shardOf, Map<ImageName, Duration> weights) {
        this.plan = plan;
        this.count = count;
        this.shardOf = shardOf;
        this.weights = weights;
    }

    public static ShardAssignment of(BuildPlan plan, int count, Map<ImageName, Duration> recorded) {
        Duration unknown = recorded.isEmpty()
                ? UNKNOWN
                : recorded.values().stream()
                        .reduce(Duration.ZERO, Duration::plus)
                        .dividedBy(recorded.size());
        Map<ImageName, Duration> weights = new LinkedHashMap<>();
        plan.images().forEach(p -> weights.put(p.id(), recorded.getOrDefault(p.id(), unknown)));
        Map<ImageName, ImageName> parent = new HashMap<>();
        Map<ImageName, List<ImageName>> children = new HashMap<>();
        for (BuildPlan.PlannedImage image : plan.images()) {
            primaryParent(image, weights.keySet()).ifPresent(p -> {
                parent.put(image.id(), p);
                children.computeIfAbsent(p, k -> new ArrayList<>()).add(image.id());
            });
        }
        Map<ImageName, Duration> subtree = new HashMap<>();
        List<BuildPlan.PlannedImage> reversed = new ArrayList<>(plan.images());
        java.util.Collections.reverse(reversed);
        for (BuildPlan.PlannedImage image : reversed) {
            Duration total = weights.get(image.id());
            for (ImageName child : children.getOrDefault(image.id(), List.of())) {
                total = total.plus(subtree.get(child));
            }
            subtree.put(image.id(), total);
        }
        Comparator<ImageName> heavierFirst = Comparator.<ImageName, Duration>comparing(subtree::get)
                .reversed()
                .thenComparing(ImageName::toString);
        List<List<ImageName>> chains = new ArrayList<>();
        for (BuildPlan.PlannedImage image : plan.images()) {
            ImageName up = parent.get(image.id());
            boolean head =
                    up == null || !heaviest(children.get(up), heavierFirst).equals(image.id());
            if (head) {
                List<ImageName> chain = new ArrayList<>();
                for (ImageName at = image.id();
                        at != null;
                        at = children.containsKey(at) ? heaviest(children.get(at), heavierFirst) : null) {
                    chain.add(at);
                }
                chains.add(chain);
            }
        }
        Comparator<List<ImageName>> byWeight = Comparator.<List<ImageName>, Duration>comparing(
                        chain -> chain.stream().map(weights::get).reduce(Duration.ZERO, Duration::plus))
                .reversed()
                .thenComparing(chain -> chain.get(0).toString());
        chains.sort(byWeight);
        Duration[] load = new Duration[count];
        java.util.Arrays.fill(load, Duration.ZERO);
        Map<ImageName, Integer> shardOf = new HashMap<>();
        for (List<ImageName> chain : chains) {
            int least = 0;
            for (int shard = 1; shard < count; shard++) {
                if (load[shard].compareTo(load[least]) < 0) {
                    least = shard;
                }
            }
            for (ImageName image : chain) {
                shardOf.put(image, least + 1);
                load[least] = load[least].plus(weights.get(image));
            }
        }
        return new ShardAssignment(plan, count, shardOf, weights);
    }

    /** The image it is built FROM, when the plan has it; else the first image of the plan it needs. */
    private static Optional<ImageName> primaryParent(BuildPlan.PlannedImage image, Set<ImageName> planned) {
        return image.dependencies().stream()
                .filter(d -> planned.contains(d.parent()))
                .sorted(Comparator.comparing(d -> d.isBase() ? 0 : 1))
                .map(Dependency::parent)
                .findFirst();
    }

    private static ImageName heaviest(List<ImageName> children, Comparator<ImageName> heavierFirst) {
        return children.stream().min(heavierFirst).orElseThrow();
    }

    public int count() {
        return count;
    }

    /** The shard (from 1) that builds the image. */
    public int shardOf(ImageName image) {
        return shardOf.get(image);
    }

    /** The images the shard builds, in build order. */
    public List<ImageName> images(int shard) {
        return plan.images().stream()
                .map(BuildPlan.PlannedImage::id)
                .filter(id -> shardOf.get(id) == shard)
                .toList();
    }

    /** The images of other shards that the shard's images are built on (it waits for them in the registry). */
    public List<ImageName> waitsFor(int shard) {
        Set<ImageName> waits = new LinkedHashSet<>();
        for (BuildPlan.PlannedImage image : plan.images()) {
            if (shardOf.get(image.id()) == shard) {
                image.needs().stream()
                        .filter(shardOf::containsKey)
                        .filter(need -> shardOf.get(need) != shard)
                        .forEach(waits::add);
            }
        }
        return plan.images().stream()
                .map(BuildPlan.PlannedImage::id)
                .filter(waits::contains)
                .toList();
    }

    /**
     * The images of other shards the shard needs in its store: those it waits for and the images they are built on,
     * since an image's inputs are its parents' ids, known here only once those are pulled too.
     */
    public Set<ImageName> needed(int shard) {
        Map<ImageName, BuildPlan.PlannedImage> byId = new HashMap<>();
        plan.images().forEach(p -> byId.put(p.id(), p));
        Set<ImageName> needed = new LinkedHashSet<>();
        List<ImageName> todo = new ArrayList<>(waitsFor(shard));
        while (!todo.isEmpty()) {
            ImageName next = todo.remove(todo.size() - 1);
            if (shardOf.get(next) != shard && needed.add(next)) {
                byId.get(next).needs().stream().filter(byId::containsKey).forEach(todo::add);
            }
        }
        return needed;
    }

    /** The recorded (or assumed) build time of the shard's images, summed. */
    public Duration load(int shard) {
        return images(shard).stream().map(weights::get).reduce(Duration.ZERO, Duration::plus);
    }

    public Duration weight(ImageName image) {
        return weights.get(image);
    }
}
