package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
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
    /** By each image's {@link #unit}: the same on every runner, whatever its platform. */
    private final Map<ImageName, Integer> shardOf;

    private final Map<ImageName, Duration> weights;
    private final Map<ImageName, ImageName> unitOf;

    private ShardAssignment(
            BuildPlan plan,
            int count,
            Map<ImageName, Integer> shardOf,
            Map<ImageName, Duration> weights,
            Map<ImageName, ImageName> unitOf) {
        this.plan = plan;
        this.count = count;
        this.shardOf = shardOf;
        this.weights = weights;
        this.unitOf = unitOf;
    }

    /**
     * The image as a unit of the assignment: its name, or for an image of several platforms its declared name with
     * the platform's suffix ({@code tools:latest-amd64}, {@code tools:latest-arm64}) on every runner. Locally the
     * machine's own platform has the plain name, so an amd64 runner and an arm64 one would otherwise mean different
     * images by {@code tools:latest} and disagree on who builds what.
     */
    public static ImageName unit(ImageSpec spec) {
        if (!spec.hasPlatforms()) {
            return spec.id();
        }
        ImageName declared = spec.declaredId();
        return new ImageName(
                declared.name(), declared.tag() + "-" + spec.platform().tagSuffix());
    }

    /** @param recorded build times by {@link #unit} (or, as files before platforms wrote them, by image name) */
    public static ShardAssignment of(BuildPlan plan, int count, Map<ImageName, Duration> recorded) {
        Duration unknown = recorded.isEmpty()
                ? UNKNOWN
                : recorded.values().stream()
                        .reduce(Duration.ZERO, Duration::plus)
                        .dividedBy(recorded.size());
        Map<ImageName, ImageName> unitOf = new HashMap<>();
        plan.images().forEach(p -> unitOf.put(p.id(), unit(p.node().spec())));
        Map<ImageName, Duration> weights = new LinkedHashMap<>();
        plan.images()
                .forEach(p -> weights.put(
                        unitOf.get(p.id()),
                        recorded.getOrDefault(unitOf.get(p.id()), recorded.getOrDefault(p.id(), unknown))));
        Map<ImageName, ImageName> parent = new HashMap<>();
        Map<ImageName, List<ImageName>> children = new HashMap<>();
        for (BuildPlan.PlannedImage image : plan.images()) {
            primaryParent(image, unitOf.keySet()).map(unitOf::get).ifPresent(p -> {
                parent.put(unitOf.get(image.id()), p);
                children.computeIfAbsent(p, k -> new ArrayList<>()).add(unitOf.get(image.id()));
            });
        }
        Map<ImageName, Duration> subtree = new HashMap<>();
        List<BuildPlan.PlannedImage> reversed = new ArrayList<>(plan.images());
        java.util.Collections.reverse(reversed);
        for (BuildPlan.PlannedImage image : reversed) {
            ImageName unit = unitOf.get(image.id());
            Duration total = weights.get(unit);
            for (ImageName child : children.getOrDefault(unit, List.of())) {
                total = total.plus(subtree.get(child));
            }
            subtree.put(unit, total);
        }
        Comparator<ImageName> heavierFirst = Comparator.<ImageName, Duration>comparing(subtree::get)
                .reversed()
                .thenComparing(ImageName::toString);
        List<List<ImageName>> chains = new ArrayList<>();
        for (BuildPlan.PlannedImage image : plan.images()) {
            ImageName unit = unitOf.get(image.id());
            ImageName up = parent.get(unit);
            boolean head =
                    up == null || !heaviest(children.get(up), heavierFirst).equals(unit);
            if (head) {
                List<ImageName> chain = new ArrayList<>();
                for (ImageName at = unit;
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
        return new ShardAssignment(plan, count, shardOf, weights, unitOf);
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
        return shardOf.get(unitOf.get(image));
    }

    /** The images the shard builds, in build order. */
    public List<ImageName> images(int shard) {
        return plan.images().stream()
                .map(BuildPlan.PlannedImage::id)
                .filter(id -> shardOf(id) == shard)
                .toList();
    }

    /** The images of other shards that the shard's images are built on (it waits for them in the registry). */
    public List<ImageName> waitsFor(int shard) {
        Set<ImageName> waits = new LinkedHashSet<>();
        for (BuildPlan.PlannedImage image : plan.images()) {
            if (shardOf(image.id()) == shard) {
                image.needs().stream()
                        .filter(unitOf::containsKey)
                        .filter(need -> shardOf(need) != shard)
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
            if (shardOf(next) != shard && needed.add(next)) {
                byId.get(next).needs().stream().filter(byId::containsKey).forEach(todo::add);
            }
        }
        return needed;
    }

    /** The recorded (or assumed) build time of the shard's images, summed. */
    public Duration load(int shard) {
        return images(shard).stream().map(id -> weights.get(unitOf.get(id))).reduce(Duration.ZERO, Duration::plus);
    }

    public Duration weight(ImageName image) {
        return weights.get(unitOf.get(image));
    }
}
