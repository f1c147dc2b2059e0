package dev.ocisi.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.problem.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardAssignmentTest {

    @TempDir
    Path dir;

    /** base -> a, b, c; a -> a1, a2; a1 -> a1x; b -> b1; c -> c1. */
    private BuildPlan plan() throws Exception {
        return plan("");
    }

    /** The same, built for these platforms ({@code , platforms: [...]}) when given. */
    private BuildPlan plan(String platforms) throws Exception {
        Fixture fixture = new Fixture(dir)
                .write(
                        "ocisictl.yaml",
                        "defaults: {path: img, enabled: true" + platforms + "}\nimages:\n"
                                + "  - name: base\n  - name: a\n  - name: b\n  - name: c\n  - name: a1\n  - name: a2\n"
                                + "  - name: a1x\n  - name: b1\n  - name: c1\n")
                .write("img/Containerfile.base", "FROM scratch\n");
        for (String[] edge : new String[][] {
            {"a", "base"},
            {"b", "base"},
            {"c", "base"},
            {"a1", "a"},
            {"a2", "a"},
            {"a1x", "a1"},
            {"b1", "b"},
            {"c1", "c"}
        }) {
            fixture.write("img/Containerfile." + edge[0], "FROM localhost/" + edge[1] + "\n");
        }
        return Planner.plan(fixture.read(), List.of());
    }

    /**
     * An amd64 runner and an arm64 one give different images the plain names (each its own platform's); here two
     * orders of the platforms do the same (the first listed has the plain name when this machine's is not listed).
     */
    @Test
    void runnersOfDifferentPlatformsAgreeOnWhoBuildsEachPlatformsImage() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(List.of("linux/arm64", "linux/riscv64")
                .contains(Platform.machine().toString()));
        BuildPlan arm = plan(", platforms: [linux/arm64, linux/riscv64]");
        Map<ImageName, Integer> armShards = unitShards(arm);
        BuildPlan riscv = plan(", platforms: [linux/riscv64, linux/arm64]");
        Map<ImageName, Integer> riscvShards = unitShards(riscv);
        assertEquals("linux/arm64", arm.graph().node(id("a")).spec().platform().toString());
        assertEquals(
                "linux/riscv64", riscv.graph().node(id("a")).spec().platform().toString());
        assertEquals(18, armShards.size(), armShards.toString());
        assertEquals(armShards, riscvShards, "each platform's image has one shard, whichever runner computes it");
        assertEquals(
                Set.of(1, 2, 3), Set.copyOf(armShards.values()), "both platforms' images are spread over the runners");
    }

    private static Map<ImageName, Integer> unitShards(BuildPlan plan) {
        ShardAssignment assignment = ShardAssignment.of(plan, 3, Map.of());
        Map<ImageName, Integer> shards = new java.util.TreeMap<>();
        plan.images().forEach(p -> shards.put(ShardAssignment.unit(p.node().spec()), assignment.shardOf(p.id())));
        return shards;
    }

    private static ImageName id(String name) {
        return new ImageName(name, "latest");
    }

    @Test
    void everyImageHasOneShardAndTheHeaviestPathStaysTogether() throws Exception {
        BuildPlan plan = plan();
        ShardAssignment three = ShardAssignment.of(plan, 3, Map.of());
        List<ImageName> all = new ArrayList<>();
        for (int shard = 1; shard <= 3; shard++) {
            all.addAll(three.images(shard));
        }
        assertEquals(plan.images().size(), all.size());
        assertEquals(
                Set.copyOf(
                        plan.images().stream().map(BuildPlan.PlannedImage::id).toList()),
                Set.copyOf(all));
        // base's heaviest child is a (4 images under it), a's is a1 (2): one chain, one runner, no wait between
        int chain = three.shardOf(id("base"));
        for (String name : List.of("a", "a1", "a1x")) {
            assertEquals(chain, three.shardOf(id(name)), name);
        }
        // chains of 4, 2, 2 and 1 images, heaviest first to the least loaded runner
        assertEquals(
                List.of(4, 3, 2),
                List.of(
                        three.images(1).size(),
                        three.images(2).size(),
                        three.images(3).size()));
    }

    @Test
    void theSameOnEveryRunnerAndWithRecordedTimesTheHeavyGoesAlone() throws Exception {
        BuildPlan plan = plan();
        ShardAssignment first = ShardAssignment.of(plan, 2, Map.of());
        ShardAssignment again = ShardAssignment.of(plan(), 2, Map.of());
        for (BuildPlan.PlannedImage image : plan.images()) {
            assertEquals(
                    first.shardOf(image.id()),
                    again.shardOf(image.id()),
                    image.id().toString());
        }
        Map<ImageName, Duration> recorded = new java.util.HashMap<>();
        plan.images().forEach(p -> recorded.put(p.id(), Duration.ofSeconds(10)));
        recorded.put(id("c1"), Duration.ofMinutes(10));
        ShardAssignment timed = ShardAssignment.of(plan, 2, recorded);
        int heavy = timed.shardOf(id("c1"));
        assertEquals(
                List.of(id("base"), id("c"), id("c1")),
                timed.images(heavy),
                "the 10-minute branch is the heaviest path: its runner builds it alone");
        assertEquals(Duration.ofSeconds(620), timed.load(heavy));
        assertEquals(Duration.ofSeconds(60), timed.load(3 - heavy));
        assertEquals(List.of(), timed.waitsFor(heavy));
        assertEquals(List.of(id("base")), timed.waitsFor(3 - heavy), "the other runner waits for base only");
    }

    @Test
    void aShardNeedsWhatItWaitsForAndWhatThoseAreBuiltOn() throws Exception {
        BuildPlan plan = plan();
        ShardAssignment timed = ShardAssignment.of(plan, 2, Map.of(id("a1x"), Duration.ofMinutes(10)));
        int light = timed.shardOf(id("b1"));
        assertTrue(light != timed.shardOf(id("a1x")));
        for (ImageName waited : timed.waitsFor(light)) {
            assertTrue(timed.shardOf(waited) != light);
        }
        assertTrue(timed.needed(light).containsAll(timed.waitsFor(light)));
        assertTrue(timed.needed(light).stream().allMatch(image -> timed.shardOf(image) != light));
        assertEquals(
                Set.of(),
                timed.needed(timed.shardOf(id("base"))).stream()
                        .filter(image -> image.equals(id("base")))
                        .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void badShardsAreRefusedWithTheFlag() throws Exception {
        ConfigurationException text = assertThrows(
                ConfigurationException.class, () -> ShardOptions.parse("two", ShardOptions.DEFAULT_WAIT, "", Map.of()));
        assertTrue(
                text.getMessage().contains("-Docisi.shard: 'two' is not K/N: write -Docisi.shard=2/3"),
                text.getMessage());
        ConfigurationException range = assertThrows(
                ConfigurationException.class, () -> ShardOptions.parse("4/3", ShardOptions.DEFAULT_WAIT, "", Map.of()));
        assertTrue(range.getMessage().contains("K must be between 1 and N (3)"), range.getMessage());
        assertEquals(
                "2/3",
                ShardOptions.parse(" 2 / 3 ", ShardOptions.DEFAULT_WAIT, "", Map.of())
                        .toString());
    }
}
