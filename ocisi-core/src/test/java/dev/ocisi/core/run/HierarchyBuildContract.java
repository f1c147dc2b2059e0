package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Alone;
import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.clean.Removal;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.engine.ImportedBaseTest;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.history.RunListener;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code process}'s runner against a real engine: a three-level hierarchy on an imported busybox base, a failing
 * middle image, an interrupted build. Each subclass names an engine setup.
 */
@EngineTest
abstract class HierarchyBuildContract extends ImportedBaseTest {

    static final RunUser USER = new RunUser("tester", "4242", "4343");

    private ContainerEngine engine;
    private String testId;
    private String base;
    private Fixture fixture;
    private RecordingLog log;

    @TempDir
    Path dir;

    /** One state folder for the class, as a user has one cache folder: the images outlive each test method. */
    private Path state;

    @org.junit.jupiter.api.BeforeAll
    void stateFolder() throws java.io.IOException {
        state = TestEngines.scratchFolder("ocisi-state-");
    }

    abstract Manager manager();

    abstract EngineSettings settings();

    /** The environment the engines run with. */
    Map<String, String> environment() {
        return System.getenv();
    }

    @Override
    protected String prefix() {
        return "hb";
    }

    @BeforeEach
    void writeHierarchy() {
        engine = testEngine();
        testId = testId();
        base = base();
        log = new RecordingLog();
        fixture = new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults:
                  path: img
                  enabled: true
                  manager: %s
                  labels: {dev.ocisi.test: %s}
                images:
                  - name: %s-a
                    args: {FLAVOUR: spicy}
                  - name: %s-b
                  - name: %s-c
                  - name: %s-c-dx
                  - name: %s-side
                """.formatted(manager(), testId, testId, testId, testId, testId, testId))
                .write(
                        "img/Containerfile." + testId + "-a",
                        "FROM " + base + "\nARG FLAVOUR=plain\n"
                                + "RUN echo \"$FLAVOUR\" > /flavour\nLABEL flavour=$FLAVOUR\n")
                .write(
                        "img/Containerfile." + testId + "-b",
                        "FROM localhost/" + testId + "-a\n" + "COPY payload.txt /payload.txt\n")
                .write("img/payload.txt", "payload\n")
                // the short name: dockerd resolves it only because ocisi tags it too
                .write(
                        "img/Containerfile." + testId + "-c",
                        "FROM " + testId + "-b:latest\nRUN cat /payload.txt /flavour\n")
                .write(
                        "img/Containerfile.img-dx",
                        "ARG IMG\nARG TAG\nFROM $IMG:$TAG\nARG USER\nARG UID\n" + "LABEL user=$USER uid=$UID\n")
                .write(
                        "img/Containerfile." + testId + "-side",
                        "FROM localhost/" + testId + "-a\nRUN echo side > /side\n");
    }

    private BuildReport process(List<String> only) throws Exception {
        return process(only, 2, BuildOptions.Force.NONE);
    }

    /** With {@code -DskipClean}: the images whose tags move stay, untagged. */
    private BuildReport process(List<String> only, boolean skipClean) throws Exception {
        try (Engines engines = new Engines(settings(), environment(), log)) {
            return new Scheduler(
                            engines,
                            BuildOptions.in(state)
                                    .skipClean(skipClean)
                                    .lockWait(Duration.ofSeconds(5))
                                    .parallel(2)
                                    .build(),
                            USER,
                            log)
                    .build(Planner.plan(fixture.read(), only));
        }
    }

    BuildReport process(List<String> only, int parallel, BuildOptions.Force force) throws Exception {
        return process(only, parallel, force, RunListener.NONE);
    }

    BuildReport process(List<String> only, int parallel, BuildOptions.Force force, RunListener listener)
            throws Exception {
        HierarchyGraph graph = fixture.read();
        BuildOptions options = BuildOptions.in(state)
                .lockWait(Duration.ofSeconds(5))
                .parallel(parallel)
                .force(force)
                .build();
        try (Engines engines = new Engines(settings(), environment(), log)) {
            return new Scheduler(engines, options, USER, log, listener).build(Planner.plan(graph, only));
        }
    }

    /**
     * The context a build gets is the one ocisi digested: a file that only {@code .containerignore} leaves out is
     * neither in the image nor a reason to rebuild, on every engine (docker-java alone would read only
     * {@code .dockerignore}).
     */
    @Test
    void whatTheContainerignoreLeavesOutIsNeitherSentNorDigested() throws Exception {
        String name = testId + "-ctx";
        Fixture context = new Fixture(dir.resolve("ctx"))
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: %s, labels: {dev.ocisi.test: %s}}
                images:
                  - name: %s
                """.formatted(manager(), testId, name))
                .write(
                        "img/Containerfile." + name,
                        "FROM " + base + "\nCOPY . /ctx/\n" + "RUN cd /ctx && find . -type f | sort > /listing\n")
                .write("img/.containerignore", "secret.txt\n**/*.tmp\n!keep.tmp\n")
                .write("img/kept.txt", "kept\n")
                .write("img/secret.txt", "secret\n")
                .write("img/a.tmp", "a\n")
                .write("img/keep.tmp", "keep\n")
                .write("img/sub/b.tmp", "b\n")
                .write("img/sub/c.txt", "c\n");
        assertEquals(List.of(), processIn(context).failed());
        assertEquals(
                String.join(
                        "\n",
                        "./.containerignore",
                        "./Containerfile." + name,
                        "./keep.tmp",
                        "./kept.txt",
                        "./sub/c.txt"),
                RootfsRuns.fileOf(engine, "localhost/" + name + ":latest", "listing"));

        context.write("img/secret.txt", "changed\n").write("img/sub/b.tmp", "changed\n");
        assertEquals(1, processIn(context).count(ImageResult.Outcome.UP_TO_DATE), "what is left out is not digested");
        context.write("img/keep.tmp", "changed\n");
        assertEquals(1, processIn(context).count(ImageResult.Outcome.BUILT), "what is sent is digested");
    }

    private BuildReport processIn(Fixture fixture) throws Exception {
        return processIn(fixture, false);
    }

    /** {@code process} of another hierarchy file on this class's engine and state folder. */
    private BuildReport processIn(Fixture fixture, boolean pull) throws Exception {
        try (Engines engines = new Engines(settings(), environment(), log)) {
            return new Scheduler(
                            engines,
                            BuildOptions.in(state)
                                    .pull(pull)
                                    .lockWait(Duration.ofSeconds(5))
                                    .parallel(2)
                                    .build(),
                            USER,
                            log)
                    .build(Planner.plan(fixture.read(), List.of()));
        }
    }

    @Test
    @Alone
    void aRunLeavesTheTempFolderAsItFoundIt() throws Exception {
        TestEngines.busyboxRootfs(); // made once per JVM, removed when it ends
        java.util.Set<Path> before = dev.ocisi.core.doctor.DoctorTest.ocisiTempEntries();
        assertEquals(
                List.of(),
                process(List.of(), 2, new BuildOptions.Force(true, java.util.Set.of()))
                        .failed());
        assertEquals(java.util.Set.of(), dev.ocisi.core.doctor.DoctorTest.leftSince(before));
    }

    /**
     * {@code -Docisi.pull} (a nightly job's refresh) on a hierarchy with an item made from a root filesystem, a base
     * from a registry and two levels of children under each: the external base is refreshed before the builds, and
     * no build pulls, so that none looks for the hierarchy's own parents in a registry.
     */
    @Test
    void aRefreshPullsTheRegistryBaseOnceAndNoBuildPulls() throws Exception {
        String registry = System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555");
        String remote = registry + "/" + testId + "/upstream:1";
        Path tarball = RootfsRuns.busyboxTarball(dir, "root");
        List<String> cli = TestEngines.cli(engine);
        try {
            pushBusybox(remote, cli, "1");
            Fixture pulled = new Fixture(dir.resolve("pull"))
                    .write("ocisictl.yaml", """
                    defaults: {path: img, enabled: true, manager: %s, labels: {dev.ocisi.test: %s}}
                    images:
                      - name: %s-root
                        rootfs: {tarball: ../busybox-root.tar, sha256: %s}
                      - name: %s-mid
                      - name: %s-leaf
                      - name: %s-up
                      - name: %s-up-leaf
                    """.formatted(
                                    manager(),
                                    testId,
                                    testId,
                                    dev.ocisi.core.config.Sha256.ofFile(tarball),
                                    testId,
                                    testId,
                                    testId,
                                    testId))
                    .write(
                            "img/Containerfile." + testId + "-mid",
                            "FROM localhost/" + testId + "-root\n" + "RUN echo mid > /mid\n")
                    .write(
                            "img/Containerfile." + testId + "-leaf",
                            "FROM localhost/" + testId + "-mid:latest\n" + "RUN cat /mid /etc/version > /leaf\n")
                    .write("img/Containerfile." + testId + "-up", "FROM " + remote + "\nRUN cp /etc/version /up\n")
                    .write(
                            "img/Containerfile." + testId + "-up-leaf",
                            "FROM localhost/" + testId + "-up\n" + "RUN cat /up > /up-leaf\n");
            BuildReport first = processWithPull(pulled);
            assertEquals(List.of(), first.failed(), first.table().toString());
            assertEquals(
                    5, first.count(ImageResult.Outcome.BUILT), first.table().toString());

            // upstream moves on: the refresh takes the new base, and the children under it are built on it
            pushBusybox(remote, cli, "2");
            BuildReport second = processWithPull(pulled);
            assertEquals(List.of(), second.failed(), second.table().toString());
            assertEquals("2", RootfsRuns.fileOf(engine, "localhost/" + testId + "-up-leaf:latest", "up-leaf"));
            assertEquals("mid\nroot", RootfsRuns.fileOf(engine, "localhost/" + testId + "-leaf:latest", "leaf"));
            assertEquals(3, second.count(ImageResult.Outcome.UP_TO_DATE), "the rootfs branch: " + second.table());
        } finally {
            engine.remove(remote);
        }
    }

    private BuildReport processWithPull(Fixture fixture) throws Exception {
        return processIn(fixture, true);
    }

    /** busybox with /etc/version holding {@code version}, pushed to the registry and removed from the store. */
    private void pushBusybox(String remote, List<String> cli, String version) throws Exception {
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("v" + version));
        String id = engine.importRootfs(
                RootfsRuns.busyboxTarball(folder, version),
                Map.of(TestEngines.TEST_LABEL, testId),
                List.of("CMD [\"/bin/sh\"]"));
        engine.tag(id, remote);
        List<String> push = new java.util.ArrayList<>(cli);
        push.addAll(
                cli.get(0).equals("podman")
                        ? List.of("push", "--quiet", "--tls-verify=false", remote)
                        : List.of("push", "--quiet", remote));
        RootfsRuns.run(push);
        engine.remove(remote);
    }

    private ImageDetails image(String suffix) throws EngineException {
        return engine.inspect("localhost/" + testId + "-" + suffix + ":latest")
                .orElseThrow(() -> new AssertionError("no image " + testId + "-" + suffix));
    }

    @Test
    void buildsParentsFirstWithLabelsStackedLayersAndBuildArgs() throws Exception {
        BuildReport report = process(List.of(), 2, new BuildOptions.Force(true, java.util.Set.of()));
        assertEquals(List.of(), report.failed(), report.table().toString());
        assertEquals(5, report.count(ImageResult.Outcome.BUILT));
        ImageDetails a = image("a");
        ImageDetails b = image("b");
        ImageDetails c = image("c");
        ImageDetails dx = image("c-dx");
        ImageDetails baseImage = engine.inspect(base).orElseThrow();
        assertEquals("spicy", a.label("flavour"), "args from the hierarchy file reach the build");
        assertEquals("tester", dx.label("user"), "the -dx convention passes USER");
        assertEquals("4242", dx.label("uid"), "the -dx convention passes UID");
        assertEquals("ocisi", b.label(OcisiLabels.BUILT_BY));
        assertEquals(testId + "-b:latest", b.label(OcisiLabels.IMAGE));
        assertEquals("ocisictl.yaml", b.label(OcisiLabels.HIERARCHY));
        assertEquals(a.id(), b.label(OcisiLabels.PARENT), "the parent's image id");
        assertEquals(baseImage.id(), a.label(OcisiLabels.PARENT), "an external base's id");
        assertEquals(b.id(), c.label(OcisiLabels.PARENT));
        assertEquals(a.layers(), b.layers().subList(0, a.layers().size()), "b's layers start with a's");
        assertEquals(b.layers(), c.layers().subList(0, b.layers().size()), "c's layers start with b's");
        assertTrue(log.contains("[" + testId + "-b:latest] "), "build output streams, prefixed by its image");
    }

    @Test
    void aFailingMiddleImageSkipsItsChildrenBuildsItsSiblingAndKeepsItsOldTag() throws Exception {
        assertEquals(List.of(), process(List.of()).failed());
        String oldB = image("b").id();
        String oldSide = image("side").id();
        fixture.write(
                "img/Containerfile." + testId + "-b", "FROM localhost/" + testId + "-a\nRUN echo broken && exit 7\n");
        fixture.write(
                "img/Containerfile." + testId + "-side", "FROM localhost/" + testId + "-a\nRUN echo side2 > /side\n");

        BuildReport report = process(List.of());
        assertEquals(
                List.of(
                        testId + "-a:latest up to date",
                        testId + "-b:latest failed",
                        testId + "-c:latest skipped",
                        testId + "-c-dx:latest skipped",
                        testId + "-side:latest built"),
                report.results().stream()
                        .map(r -> r.image() + " " + r.outcome())
                        .toList());
        assertEquals(
                "needs " + testId + "-b:latest, which failed",
                report.results().get(2).reason());
        assertEquals(
                "needs " + testId + "-c:latest, which skipped",
                report.results().get(3).reason());
        assertTrue(
                report.failed().get(0).outputTail().stream().anyMatch(l -> l.contains("broken")),
                "the failing step's output: " + report.failed().get(0).outputTail());
        assertEquals(oldB, image("b").id(), "the failed image keeps its old tag");
        assertNotEquals(oldSide, image("side").id(), "the independent sibling was rebuilt");
        assertTrue(engine.inspect(oldSide).isEmpty(), "the sibling's superseded image was cleaned up");
    }

    @Test
    @Alone // the working containers are left while any other build runs on the machine
    void anInterruptedBuildLeavesTheOldTag() throws Exception {
        assertEquals(List.of(), process(List.of(testId + "-a")).failed());
        String oldA = image("a").id();
        fixture.write("img/Containerfile." + testId + "-a", "FROM " + base + "\nRUN echo slow && sleep 30\n");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                process(List.of(testId + "-a"));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        run.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!log.contains("slow") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(log.contains("slow"), "the slow step started: " + log.lines());
        run.interrupt();
        run.join(30_000);
        assertTrue(!run.isAlive(), "the run stopped when interrupted");
        assertTrue(thrown.get() instanceof EngineException, "interrupted: " + thrown.get());
        assertEquals(oldA, image("a").id(), "the tag still names the old image");
        assertEquals(
                List.of(),
                engine.containers().stream()
                        .filter(c -> c.workingContainer() && c.image().contains(testId))
                        .toList(),
                "the stopped build's working containers are gone");
    }

    @Test
    void aMissingExternalBaseStopsTheRunBeforeAnyBuild() throws Exception {
        fixture.write("img/Containerfile." + testId + "-side", "FROM localhost:1/" + testId + "/gone:1\n");
        EngineException failure = assertThrows(EngineException.class, () -> process(List.of()));
        assertTrue(
                failure.getMessage()
                        .startsWith("base images are missing, so nothing was built:\nlocalhost:1/" + testId
                                + "/gone:1 (used by " + testId + "-side:latest"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("podman import"), "says how to provide it without a registry");
        assertTrue(log.lines().stream().noneMatch(l -> l.startsWith("INFO Building ")), "nothing was built");
    }

    @Test
    void aSecondRunWithNothingChangedBuildsNothing() throws Exception {
        assertEquals(List.of(), process(List.of()).failed());
        int before = log.lines().size();
        BuildReport again = process(List.of());
        assertEquals(
                5, again.count(ImageResult.Outcome.UP_TO_DATE), again.table().toString());
        assertTrue(
                log.lines().subList(before, log.lines().size()).stream().noneMatch(l -> l.startsWith("INFO Building ")),
                "nothing was built");
    }

    @Test
    void layerSizesAreReadOnceAndTheNextListingNeedsOneInspectionPerStore() throws Exception {
        assertEquals(List.of(), process(List.of()).failed());
        Path state = TestEngines.scratchFolder("ocisi-layer-sizes-");
        RecordingLog first = new RecordingLog();
        RecordingLog second = new RecordingLog();
        Path firstJson = state.resolve("first.json");
        Path secondJson = state.resolve("second.json");
        try (Engines engines = new Engines(settings(), environment(), first)) {
            dev.ocisi.core.layers.LayerListing.survey(fixture.read(), engines, false, Optional.of(state), first)
                    .writeJson(firstJson, first);
        }
        try (Engines engines = new Engines(settings(), environment(), second)) {
            dev.ocisi.core.layers.LayerListing.survey(fixture.read(), engines, false, Optional.of(state), second)
                    .writeJson(secondJson, second);
        }
        assertEquals(
                java.nio.file.Files.readString(firstJson),
                java.nio.file.Files.readString(secondJson),
                "the same layers and sizes, remembered");
        java.util.function.BiFunction<RecordingLog, String, Long> calls = (recorded, verb) -> recorded.lines().stream()
                .filter(l -> l.startsWith("DEBUG $ podman") && l.contains(" " + verb + " "))
                .count();
        if (manager() == dev.ocisi.core.config.Manager.PODMAN
                && settings().podmanAccess() == EngineSettings.PodmanAccess.CLI) {
            assertTrue(calls.apply(first, "history") > 0, first.lines().toString());
            assertEquals(0L, calls.apply(second, "history"), second.lines().toString());
            assertEquals(1L, calls.apply(second, "inspect"), "one inspection of every image: " + second.lines());
        }
    }

    @Test
    void theLayerReportMatchesTheEnginesOwnData() throws Exception {
        assertEquals(List.of(), process(List.of()).failed());
        dev.ocisi.core.layers.LayerReport report;
        try (Engines engines = new Engines(settings(), environment(), log)) {
            report = dev.ocisi.core.layers.LayerSurvey.of(fixture.read(), engines, log);
        }
        List<dev.ocisi.core.engine.Layer> c = engine.layers("localhost/" + testId + "-c:latest");
        List<dev.ocisi.core.engine.Layer> b = engine.layers("localhost/" + testId + "-b:latest");
        List<dev.ocisi.core.engine.Layer> a = engine.layers("localhost/" + testId + "-a:latest");
        List<dev.ocisi.core.engine.Layer> baseLayers = engine.layers(base);
        dev.ocisi.core.layers.LayerReport.ImageLayers cLayers = report.images().stream()
                .filter(i -> i.image().equals(testId + "-c:latest"))
                .findFirst()
                .orElseThrow();
        // c's RUN changes no file: buildah commits a layer for it anyway, dockerd makes none
        List<String> origins = new java.util.ArrayList<>(List.of(base, testId + "-a:latest", testId + "-b:latest"));
        if (c.size() > b.size()) {
            origins.add(testId + "-c:latest");
        }
        assertEquals(origins, cLayers.groups().stream().map(g -> g.from()).toList());
        assertEquals(
                c,
                cLayers.groups().stream().flatMap(g -> g.layers().stream()).toList(),
                "the groups put together are the engine's layers");
        assertEquals(baseLayers, cLayers.groups().get(0).layers());
        assertEquals(
                a.subList(baseLayers.size(), a.size()), cLayers.groups().get(1).layers());
        assertEquals(b.subList(a.size(), b.size()), cLayers.groups().get(2).layers());
        java.util.Map<String, Long> distinct = new java.util.LinkedHashMap<>();
        long standalone = 0;
        for (String name : List.of("a", "b", "c", "c-dx", "side")) {
            List<dev.ocisi.core.engine.Layer> layers = engine.layers("localhost/" + testId + "-" + name + ":latest");
            java.util.Map<String, Long> own = new java.util.LinkedHashMap<>();
            layers.forEach(l -> own.putIfAbsent(l.digest(), l.size()));
            standalone += own.values().stream().mapToLong(Long::longValue).sum();
            distinct.putAll(own);
        }
        assertEquals(distinct.values().stream().mapToLong(Long::longValue).sum(), report.onDisk());
        assertEquals(standalone, report.standalone());
        assertTrue(report.saved() > 4 * baseLayers.get(0).size(), "five images share the busybox layer");
    }

    private dev.ocisi.core.clean.CleanReport clean(boolean prune, boolean dryRun, BuildOptions.Force force)
            throws Exception {
        try (Engines engines = new Engines(settings(), environment(), log)) {
            return new dev.ocisi.core.clean.Cleaner(
                            engines,
                            new dev.ocisi.core.clean.Cleaner.Options(
                                    prune, dryRun, force, state, Duration.ofSeconds(5)),
                            log)
                    .clean(fixture.read());
        }
    }

    private static java.util.Set<String> acted(dev.ocisi.core.clean.CleanReport report, Removal.Action action) {
        return report.steps().stream()
                .filter(s -> s.action() == action)
                .map(Removal::image)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * A store holding ocisi's images beside foreign ones (a tagged image, an untagged one, a user's own tag on one of
     * ocisi's images) and a container: clean takes only the intermediates' tags, prune only ocisi's old images, and
     * the bytes freed are those of the old image's own layers.
     */
    @Test
    void cleanAndPruneTouchOnlyWhatOcisiBuiltForThisHierarchy() throws Exception {
        // forced: images up to date from another test method carry that method's hierarchy file, which clean leaves
        assertEquals(
                List.of(),
                process(List.of(), 2, new BuildOptions.Force(true, java.util.Set.of()))
                        .failed());
        java.nio.file.Path foreignContext = java.nio.file.Files.createDirectories(dir.resolve("foreign"));
        java.nio.file.Files.writeString(
                foreignContext.resolve("Containerfile"), "FROM " + base + "\nRUN echo foreign > /f\n");
        Map<String, String> testLabel = Map.of(dev.ocisi.core.engine.TestEngines.TEST_LABEL, testId);
        String foreignTagged = engine.build(
                new dev.ocisi.core.engine.BuildRequest(
                        foreignContext, foreignContext.resolve("Containerfile"), Map.of(), testLabel, false),
                l -> {});
        engine.tag(foreignTagged, "localhost/" + testId + "-foreign:1");
        java.nio.file.Files.writeString(
                foreignContext.resolve("Containerfile"), "FROM " + base + "\nRUN echo dangling > /f\n");
        String foreignUntagged = engine.build(
                new dev.ocisi.core.engine.BuildRequest(
                        foreignContext, foreignContext.resolve("Containerfile"), Map.of(), testLabel, false),
                l -> {});
        String aId = image("a").id();
        String bId = image("b").id();
        engine.tag(aId, "localhost/" + testId + "-users-own:1");
        String box = TestEngines.createContainer(engine, "localhost/" + testId + "-b:latest", testId);
        // an old side image, untagged, as a run with -DskipClean leaves it
        String oldSide = image("side").id();
        fixture.write(
                "img/Containerfile." + testId + "-side",
                "FROM localhost/" + testId + "-a\n" + "RUN echo side2 > /side\n");
        assertEquals(List.of(), process(List.of(testId + "-side"), true).failed());
        assertTrue(engine.inspect(oldSide).isPresent());

        dev.ocisi.core.clean.CleanReport preview = clean(false, true, BuildOptions.Force.NONE);
        assertEquals(
                java.util.Set.of(testId + "-a:latest", testId + "-c:latest"),
                acted(preview, Removal.Action.TAG_REMOVED),
                preview.toString());
        assertEquals(java.util.Set.of(testId + "-b:latest"), acted(preview, Removal.Action.KEPT));
        assertTrue(image("a").tags().contains("localhost/" + testId + "-a:latest"), "a dry run removes nothing");
        assertTrue(log.contains("container " + box + " uses it"));

        dev.ocisi.core.clean.CleanReport cleaned = clean(false, false, BuildOptions.Force.NONE);
        assertEquals(preview.steps(), cleaned.steps());
        for (String gone : List.of("a", "c")) {
            assertTrue(
                    engine.inspect("localhost/" + testId + "-" + gone + ":latest")
                            .isEmpty(),
                    gone);
        }
        for (String kept : List.of("b", "c-dx", "side")) {
            assertTrue(
                    engine.inspect("localhost/" + testId + "-" + kept + ":latest")
                            .isPresent(),
                    kept);
        }
        assertEquals(
                aId,
                engine.inspect("localhost/" + testId + "-users-own:1")
                        .orElseThrow()
                        .id(),
                "the user's own tag on ocisi's image stays");
        assertEquals(0, cleaned.bytesFreed(), "the intermediates' layers are all held by their children");
        BuildReport again = process(List.of());
        assertEquals(
                0,
                again.count(ImageResult.Outcome.BUILT),
                "process after clean tags the same images again: " + again.table());
        assertEquals(aId, image("a").id());
        assertEquals(
                cleaned.steps(), clean(false, false, BuildOptions.Force.NONE).steps(), "clean again");

        long expected = 0;
        List<String> aLayers = engine.inspect(aId).orElseThrow().layers();
        for (dev.ocisi.core.engine.Layer layer : engine.layers(oldSide)) {
            if (!aLayers.contains(layer.digest())) {
                expected += layer.size(); // by hand: the old side's own layers, which nothing else holds
            }
        }
        assertTrue(expected > 0);
        dev.ocisi.core.clean.CleanReport prunePreview = clean(true, true, BuildOptions.Force.NONE);
        assertEquals(java.util.Set.of(testId + "-side:latest"), acted(prunePreview, Removal.Action.PRUNED));
        assertEquals(expected, prunePreview.bytesFreed());
        dev.ocisi.core.clean.CleanReport pruned = clean(true, false, BuildOptions.Force.NONE);
        assertEquals(expected, pruned.bytesFreed());
        assertTrue(engine.inspect(oldSide).isEmpty(), "the old side image is pruned");
        assertTrue(engine.inspect(foreignUntagged).isPresent(), "an untagged foreign image stays");
        assertTrue(engine.inspect("localhost/" + testId + "-foreign:1").isPresent(), "a tagged foreign image stays");

        dev.ocisi.core.clean.CleanReport forced =
                clean(false, false, new BuildOptions.Force(false, java.util.Set.of(testId + "-b")));
        assertEquals(java.util.Set.of(testId + "-b:latest"), acted(forced, Removal.Action.TAG_ONLY));
        assertTrue(engine.inspect("localhost/" + testId + "-b:latest").isEmpty());
        assertTrue(engine.inspect(bId).isPresent(), "the image stays for its container and its children");
        assertTrue(engine.containers().stream().anyMatch(c -> c.name().equals(box)), "the container stays");
    }

    Path state() {
        return state;
    }

    /** For subclasses' engine-specific tests. */
    Fixture fixture() {
        return fixture;
    }

    RecordingLog log() {
        return log;
    }

    BuildReport run(List<String> only) throws Exception {
        return process(only);
    }
}
