package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.plan.ShardAssignment;
import dev.ocisi.core.plan.ShardOptions;
import dev.ocisi.core.registry.RegistryClient;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * One hierarchy of 12 images built by three runners at once, each "another machine" (a podman store and an ocisi state
 * folder of its own) with its own checkout, meeting in the tests' registry: each image is built once, by its shard,
 * and a fourth, empty machine then pulls the whole hierarchy. A runner stopped in the middle: the others say which
 * images they gave up waiting for, nothing half-pushed is in the registry, and running that shard again completes it.
 */
@EngineTest
@Execution(ExecutionMode.CONCURRENT) // several runners, each with a store of its own: beside the other tests
class ShardedRunnersTest {

    private static final String REGISTRY = System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555");
    /** Child, parent: a root made from a tarball and three branches of unequal size. */
    private static final String[][] EDGES = {
        {"a", "root"},
        {"b", "root"},
        {"c", "root"},
        {"a1", "a"},
        {"a2", "a"},
        {"a3", "a"},
        {"b1", "b"},
        {"b2", "b"},
        {"c1", "c"},
        {"a1x", "a1"},
        {"b1x", "b1"}
    };

    /** A runner: a store of its own, a state folder of its own, a checkout of its own. */
    private record Runner(OwnStore store, Path state, Fixture checkout) {
        BuildReport process(Optional<ShardOptions> shard, RegistryOptions registry, RecordingLog log) throws Exception {
            try (Engines engines = new Engines(EngineSettings.defaults(), store.environment, log)) {
                return new Scheduler(
                                engines,
                                BuildOptions.in(state)
                                        .lockWait(Duration.ofSeconds(5))
                                        .registry(registry)
                                        .shard(shard)
                                        .build(),
                                HierarchyBuildContract.USER,
                                log)
                        .build(Planner.plan(checkout.read(), List.of()));
            }
        }
    }

    private static Runner runner(OwnStore store, String id, RegistryLocation location, Path tarball) throws Exception {
        Fixture checkout = new Fixture(TestEngines.scratchFolder("ocisi-checkout-"));
        Files.copy(tarball, checkout.dir().resolve("busybox.tar"));
        StringBuilder yaml = new StringBuilder("defaults: {path: img, enabled: true, manager: podman, registry: "
                + location + ", labels: {" + TestEngines.TEST_LABEL + ": " + id + "}}\nimages:\n  - name: " + id
                + "-root\n    rootfs: {tarball: busybox.tar, sha256: " + Sha256.ofFile(tarball) + "}\n");
        for (String[] edge : EDGES) {
            yaml.append("  - name: ").append(id).append('-').append(edge[0]).append('\n');
            checkout.write(
                    "img/Containerfile." + id + "-" + edge[0],
                    "FROM localhost/" + id + "-" + edge[1] + ":latest\nRUN echo " + edge[0] + " > /" + edge[0]
                            + " && sleep 1\n");
        }
        checkout.write("ocisictl.yaml", yaml.toString());
        return new Runner(store, TestEngines.scratchFolder("ocisi-state-"), checkout);
    }

    /** Three runners of one hierarchy and registry namespace, each with a store of its own. */
    private record Setup(String id, RegistryLocation location, Path tarball, List<Runner> runners) {
        static Setup of(OwnStore... stores) throws Exception {
            String id = stores[0].testId;
            RegistryLocation location = RegistryLocation.parse(REGISTRY + "/" + id);
            Path tarball = RootfsRuns.busyboxTarball(Files.createDirectories(stores[0].folder.resolve("tar")), "1");
            List<Runner> runners = new ArrayList<>();
            for (OwnStore store : stores) {
                runners.add(runner(store, id, location, tarball));
            }
            return new Setup(id, location, tarball, List.copyOf(runners));
        }
    }

    /** Every runner's process at the same moment, runner K as shard K. */
    private static List<CompletableFuture<BuildReport>> allAtOnce(
            List<Runner> runners, java.util.function.IntFunction<ShardOptions> shard) {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<BuildReport>> running = new ArrayList<>();
        for (int k = 1; k <= runners.size(); k++) {
            int index = k;
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return runners.get(index - 1)
                            .process(
                                    Optional.of(shard.apply(index)),
                                    RegistryOptions.NONE.withPush(true),
                                    new RecordingLog());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();
        return running;
    }

    private static ShardOptions shard(int index, String run, Duration patience) {
        return new ShardOptions(index, 3, patience, run, Map.of());
    }

    @Test
    void threeRunnersBuildEachImageOnceAndAFourthPullsThemAll() throws Exception {
        try (OwnStore s1 = OwnStore.withBase("sh");
                OwnStore s2 = OwnStore.withBase("sh");
                OwnStore s3 = OwnStore.withBase("sh");
                OwnStore s4 = OwnStore.withBase("sh")) {
            Setup setup = Setup.of(s1, s2, s3);
            String id = setup.id();
            RegistryLocation location = setup.location();
            List<Runner> runners = setup.runners();
            String run = "test-" + id;
            List<CompletableFuture<BuildReport>> running =
                    allAtOnce(runners, k -> shard(k, run, Duration.ofMinutes(4)));
            List<BuildReport> reports = new ArrayList<>();
            for (CompletableFuture<BuildReport> report : running) {
                reports.add(report.get());
            }
            BuildPlan plan = Planner.plan(runners.get(0).checkout().read(), List.of());
            ShardAssignment assignment = ShardAssignment.of(plan, 3, Map.of());
            Map<ImageName, Integer> builtBy = new HashMap<>();
            for (int k = 1; k <= 3; k++) {
                BuildReport report = reports.get(k - 1);
                assertEquals(List.of(), report.failed(), report.summary());
                for (ImageResult result : report.results()) {
                    if (result.outcome() == ImageResult.Outcome.BUILT) {
                        assertEquals(null, builtBy.put(result.image(), k), result.image() + " built twice");
                        assertEquals(
                                assignment.shardOf(result.image()),
                                k,
                                result.image() + " built by shard " + k + ", not its own");
                    }
                }
                assertTrue(report.count(ImageResult.Outcome.BUILT) > 0, "every shard builds: " + report.summary());
            }
            assertEquals(12, builtBy.size(), "each of the 12 images built once in all: " + builtBy);
            RegistryClient client = RegistryClient.of(location, Optional.empty());
            for (BuildPlan.PlannedImage image : plan.images()) {
                assertTrue(
                        client.find(location.repository(image.id()), "latest").isPresent(),
                        image.id() + " is in the registry");
            }
            BuildReport fourth = runner(s4, id, location, setup.tarball())
                    .process(Optional.empty(), RegistryOptions.NONE.withPullOnly(true), new RecordingLog());
            assertEquals(0, fourth.count(ImageResult.Outcome.BUILT), fourth.summary());
            assertEquals(12, fourth.count(ImageResult.Outcome.PULLED), fourth.summary());
        }
    }

    @Test
    void aRunnerStoppedInTheMiddleLeavesTheOthersToSayWhatTheyGaveUpOnAndARerunCompletes() throws Exception {
        try (OwnStore s1 = OwnStore.withBase("sk");
                OwnStore s2 = OwnStore.withBase("sk");
                OwnStore s3 = OwnStore.withBase("sk")) {
            Setup setup = Setup.of(s1, s2, s3);
            String id = setup.id();
            RegistryLocation location = setup.location();
            List<Runner> runners = setup.runners();
            BuildPlan plan = Planner.plan(runners.get(0).checkout().read(), List.of());
            ShardAssignment assignment = ShardAssignment.of(plan, 3, Map.of());
            // the shard that builds the root is the one every other waits for: stop it after its first image
            int stopped = assignment.shardOf(new ImageName(id + "-root", "latest"));
            String run = "test-" + id;
            Duration patience = Duration.ofSeconds(20);
            Thread[] stoppedThread = new Thread[1];
            CompletableFuture<Throwable> stoppedRun = CompletableFuture.supplyAsync(() -> {
                stoppedThread[0] = Thread.currentThread();
                try {
                    runners.get(stopped - 1)
                            .process(
                                    Optional.of(shard(stopped, run, patience)),
                                    RegistryOptions.NONE.withPush(true),
                                    new RecordingLog() {
                                        @Override
                                        public void info(String message) {
                                            super.info(message);
                                            if (message.startsWith("Pushed " + location + "/" + id + "-root:latest")) {
                                                // as a runner killed in the middle: its next builds never finish
                                                stoppedThread[0].interrupt();
                                            }
                                        }
                                    });
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            List<BuildReport> others = new ArrayList<>();
            for (int k = 1; k <= 3; k++) {
                if (k != stopped) {
                    others.add(runners.get(k - 1)
                            .process(
                                    Optional.of(shard(k, run, patience)),
                                    RegistryOptions.NONE.withPush(true),
                                    new RecordingLog()));
                }
            }
            assertTrue(stoppedRun.get() != null, "the stopped runner's run ended with an error");
            RegistryClient client = RegistryClient.of(location, Optional.empty());
            List<ImageName> gaveUp = new ArrayList<>();
            for (BuildReport report : others) {
                for (ImageResult result : report.failed()) {
                    assertEquals(stopped, assignment.shardOf(result.image()), result.toString());
                    assertTrue(
                            result.reason().startsWith("waiting for shard " + stopped + "/3: gave up after "),
                            result.reason());
                    gaveUp.add(result.image());
                }
            }
            assertTrue(!gaveUp.isEmpty(), "the others waited for the stopped shard's images");
            for (ImageName image : gaveUp) {
                assertTrue(
                        client.find(location.repository(image), "latest").isEmpty(),
                        image + " is not in the " + "registry, not even in part");
            }
            // that shard again: it completes its share, and the others then find everything
            BuildReport rerun = runners.get(stopped - 1)
                    .process(
                            Optional.of(shard(stopped, run, patience)),
                            RegistryOptions.NONE.withPush(true),
                            new RecordingLog());
            assertEquals(List.of(), rerun.failed(), rerun.summary());
            for (int k = 1; k <= 3; k++) {
                if (k != stopped) {
                    BuildReport again = runners.get(k - 1)
                            .process(
                                    Optional.of(shard(k, run, patience)),
                                    RegistryOptions.NONE.withPush(true),
                                    new RecordingLog());
                    assertEquals(List.of(), again.failed(), again.summary());
                }
            }
            for (BuildPlan.PlannedImage image : plan.images()) {
                assertTrue(
                        client.find(location.repository(image.id()), "latest").isPresent(),
                        image.id() + " is in the registry after the rerun");
            }
        }
    }

    /** A failure in one shard is reported by the shards that wait for the image at once, not when they give up. */
    @Test
    void aBuildThatFailsInItsShardIsReportedSoByTheShardsWaitingForIt() throws Exception {
        try (OwnStore s1 = OwnStore.withBase("sf");
                OwnStore s2 = OwnStore.withBase("sf");
                OwnStore s3 = OwnStore.withBase("sf")) {
            Setup setup = Setup.of(s1, s2, s3);
            String id = setup.id();
            List<Runner> runners = setup.runners();
            ShardAssignment assignment =
                    ShardAssignment.of(Planner.plan(runners.get(0).checkout().read(), List.of()), 3, Map.of());
            int waiting = assignment.shardOf(new ImageName(id + "-b1", "latest"));
            ImageName awaited = assignment
                    .waitsFor(waiting)
                    .get(assignment.waitsFor(waiting).size() - 1);
            int failing = assignment.shardOf(awaited);
            String parent = java.util.Arrays.stream(EDGES)
                    .filter(e -> (id + "-" + e[0]).equals(awaited.name()))
                    .findFirst()
                    .map(e -> e[1])
                    .orElseThrow();
            for (Runner runner : runners) {
                runner.checkout()
                        .write(
                                "img/Containerfile." + awaited.name(),
                                "FROM localhost/" + id + "-" + parent + ":latest\nRUN echo broken && exit 3\n");
            }
            String run = "test-" + id;
            Duration patience = Duration.ofMinutes(5);
            long start = System.nanoTime();
            List<CompletableFuture<BuildReport>> running = allAtOnce(runners, k -> shard(k, run, patience));
            BuildReport waiter = running.get(waiting - 1).get();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            for (CompletableFuture<BuildReport> other : running) {
                other.get();
            }
            ImageResult seen = waiter.results().stream()
                    .filter(r -> r.image().equals(awaited))
                    .findFirst()
                    .orElseThrow();
            assertEquals(ImageResult.Outcome.FAILED, seen.outcome(), waiter.summary());
            assertTrue(seen.reason().startsWith("failed in shard " + failing + "/3: "), seen.reason());
            assertTrue(seen.reason().contains("exit"), seen.reason());
            assertTrue(took.compareTo(patience) < 0, "reported in " + took + ", before the wait's end");
            assertEquals(
                    ImageResult.Outcome.FAILED,
                    running.get(failing - 1).get().results().stream()
                            .filter(r -> r.image().equals(awaited))
                            .findFirst()
                            .orElseThrow()
                            .outcome());
        }
    }
}
