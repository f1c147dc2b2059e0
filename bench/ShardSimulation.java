import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.HierarchyReader;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.ShardAssignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * A SIMULATION, not a measurement: how long a cold build of a hierarchy takes on N runners, from ocisi's own plan and
 * shard assignment and given build times. Each runner has SLOTS builds at once and starts, whenever a slot is free,
 * the first image of its share (in build order) whose parents are done; a parent built by another runner is usable
 * TRANSFER seconds after it was built (its push, the poll, the pull). Compared: ocisi's assignment (chains, heaviest
 * first, to the least loaded runner), a round-robin by build order, and one machine with N x SLOTS slots and no
 * registry (the bound no split can beat).
 * Usage: java -cp CLASSPATH bench/ShardSimulation.java FOLDER_WITH_OCISICTL_YAML DURATIONS_FILE SLOTS TRANSFER
 */
public class ShardSimulation {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, Double> seconds = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            String[] f = line.split("\\s+");
            seconds.put(f[0], Double.parseDouble(f[1]));
        }
        int slots = Integer.parseInt(args[2]);
        double transfer = Double.parseDouble(args[3]);
        HierarchyGraph graph = new HierarchyReader(dir, System.getenv()).read(List.of(dir.resolve("ocisictl.yaml")));
        BuildPlan plan = Planner.plan(graph, List.of());
        Map<ImageName, Duration> times = new LinkedHashMap<>();
        plan.images().forEach(p -> times.put(p.id(), Duration.ofMillis(Math.round(
                seconds.get(p.id().name()) * 1000))));
        double total = times.values().stream().mapToDouble(d -> d.toMillis() / 1000.0).sum();
        System.out.printf("%d images, %.0f s of builds in all, %d builds at once per runner, %.0f s from a push on "
                + "one runner to the image usable on another%n", plan.images().size(), total, slots, transfer);
        System.out.println("runners | ocisi's shards | round-robin | one machine with the same slots, no registry");
        for (int n : new int[] {1, 2, 3, 4, 6, 8}) {
            ShardAssignment chains = ShardAssignment.of(plan, n, times);
            List<ImageName> order = plan.images().stream().map(BuildPlan.PlannedImage::id).toList();
            double ours = simulate(plan, times, n, slots, transfer, chains::shardOf);
            double robin = simulate(plan, times, n, slots, transfer, id -> order.indexOf(id) % n + 1);
            double bound = simulate(plan, times, 1, slots * n, 0, id -> 1);
            System.out.printf("%7d | %8.0f s (%.1fx) | %8.0f s (%.1fx) | %8.0f s (%.1fx)%n", n, ours,
                    base(plan, times, slots) / ours, robin, base(plan, times, slots) / robin, bound,
                    base(plan, times, slots) / bound);
        }
    }

    private static double base(BuildPlan plan, Map<ImageName, Duration> times, int slots) {
        return simulate(plan, times, 1, slots, 0, id -> 1);
    }

    /** The time the last image is done. */
    static double simulate(BuildPlan plan, Map<ImageName, Duration> times, int runners, int slots, double transfer,
            ToIntFunction<ImageName> shardOf) {
        Map<ImageName, Double> end = new HashMap<>();
        List<List<BuildPlan.PlannedImage>> todo = new ArrayList<>();
        for (int r = 0; r <= runners; r++) {
            todo.add(new ArrayList<>());
        }
        plan.images().forEach(p -> todo.get(shardOf.applyAsInt(p.id())).add(p));
        List<double[]> running = new ArrayList<>(); // {end, runner}
        int[] busy = new int[runners + 1];
        double now = 0;
        int left = plan.images().size();
        while (left > 0) {
            double nextReady = Double.MAX_VALUE;
            for (int r = 1; r <= runners; r++) {
                for (var it = todo.get(r).iterator(); it.hasNext() && busy[r] < slots; ) {
                    BuildPlan.PlannedImage image = it.next();
                    double ready = 0;
                    boolean parentsDone = true;
                    for (ImageName parent : image.needs()) {
                        Double done = end.get(parent);
                        if (done == null || done > now) {
                            parentsDone = false;
                            break;
                        }
                        ready = Math.max(ready, done + (shardOf.applyAsInt(parent) == r ? 0 : transfer));
                    }
                    if (!parentsDone) {
                        continue;
                    }
                    if (ready > now) {
                        nextReady = Math.min(nextReady, ready);
                        continue;
                    }
                    double finish = now + times.get(image.id()).toMillis() / 1000.0;
                    end.put(image.id(), finish);
                    running.add(new double[] {finish, r});
                    busy[r]++;
                    it.remove();
                }
            }
            double nextEnd = running.stream().mapToDouble(e -> e[0]).min().orElse(Double.MAX_VALUE);
            now = Math.min(nextEnd, nextReady);
            for (var it = running.iterator(); it.hasNext(); ) {
                double[] e = it.next();
                if (e[0] <= now) {
                    busy[(int) e[1]]--;
                    left--;
                    it.remove();
                }
            }
        }
        return end.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
