package dev.ocisi.core.distrobox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.ContainerSummary;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.run.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real box with real distrobox (1.5 or newer) on podman: assembled from a -dx leaf, entered, recreated when the
 * leaf changes, left alone when nothing did. The base is Debian with what distrobox's first start needs
 * ($OCISI_BOX_ROOTFS, made by scripts/test.sh), so that the box is ready in seconds without any network.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EngineTest
@Tag("rootless")
class BoxAssemblyTest {

    private final String testId = TestEngines.uniqueName("bx");
    private final String box = testId + "-box";
    private ContainerEngine engine;
    private Path state;
    private final RecordingLog log = new RecordingLog();
    private final DistroboxCli distrobox = DistroboxCli.onPath("distrobox");

    @TempDir
    Path dir;

    @BeforeAll
    void importDebian() throws Exception {
        Path rootfs = TestEngines.debianRootfs();
        engine = TestEngines.podmanCli();
        engine.tag(
                engine.importRootfs(rootfs, Map.of(TestEngines.TEST_LABEL, testId), List.of("CMD [\"/bin/bash\"]")),
                "localhost/" + testId + "-debian:1");
        state = TestEngines.scratchFolder("ocisi-state-");
    }

    @AfterAll
    void removeBoxAndImages() throws Exception {
        new ProcessBuilder("podman", "rm", "--force", box).start().waitFor();
        // distrobox gives a user's new box an application entry of its own (`distrobox rm` would remove it)
        Files.deleteIfExists(Path.of(System.getProperty("user.home"), ".local/share/applications", box + ".desktop"));
        TestEngines.removeTestImages(engine, testId);
        engine.close();
    }

    private HierarchyGraph write(String version) throws Exception {
        return new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: podman, labels: {dev.ocisi.test: %s}}
                images:
                  - name: %s-tool
                  - name: %s-tool-dx
                    distrobox: %s
                    box:
                      init_hooks:
                        - touch /etc/%s-hooked
                        - 'touch "/etc/%s-dq" /etc/%s-$(echo dollar) `echo /etc/%s-backquote`'
                      pre_init_hooks: ["echo '$(touch /etc/%s-pre)' > /etc/%s-pre-ran"]
                """.formatted(
                                testId, testId, testId, box, testId, testId, testId, testId, testId, testId))
                .write(
                        "img/Containerfile." + testId + "-tool",
                        "FROM localhost/" + testId + "-debian:1\n" + "RUN echo " + version + " > /etc/tool-version\n")
                .write(
                        "img/Containerfile.img-dx",
                        "ARG IMG\nARG TAG\nFROM $IMG:$TAG\nARG USER\n" + "RUN echo \"$USER\" > /etc/dx-user\n")
                .read();
    }

    /** What process does: build, then assemble. */
    private List<BoxResult> process(HierarchyGraph graph) throws Exception {
        try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), log)) {
            BuildReport report = build(engines, graph);
            assertEquals(List.of(), report.failed(), report.table().toString());
            return new BoxAssembler(engines, distrobox, log)
                    .assemble(
                            graph,
                            new BoxAssembler.Options(
                                    dir.resolve("target/ocisi/distrobox.ini"),
                                    System.getProperty("user.home"),
                                    Set.of()));
        }
    }

    /** The build process does before it assembles. */
    private BuildReport build(Engines engines, HierarchyGraph graph) throws Exception {
        return new Scheduler(
                        engines,
                        BuildOptions.in(state)
                                .lockWait(Duration.ofSeconds(5))
                                .parallel(2)
                                .build(),
                        new RunUser("tester", "4242", "4343"),
                        log)
                .build(Planner.plan(graph, List.of()));
    }

    private String inBox(String... command) throws Exception {
        var result = distrobox.enter(box, Manager.PODMAN, List.of(command));
        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
        return result.stdout().strip();
    }

    private ContainerSummary container() throws Exception {
        return engine.containers().stream()
                .filter(c -> c.name().equals(box))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aBoxIsMadeFromItsLeafRecreatedWhenTheLeafChangesAndLeftAloneOtherwise() throws Exception {
        List<BoxResult> first = process(write("v1"));
        assertEquals(List.of(new BoxResult(box, BoxResult.Action.CREATED, "not created yet")), first);
        assertEquals("v1", inBox("cat", "/etc/tool-version"));
        assertEquals("tester", inBox("cat", "/etc/dx-user"), "the box runs the -dx leaf");
        // the box settings of the hierarchy file are used; the hooks are commands: they ran in the box, with their
        // shell read there and nowhere else (in the box's own /etc: its /tmp is the host's, where another user's run
        // may have left a file of the same name that this one cannot touch)
        assertEquals(
                List.of(
                        testId + "-backquote",
                        testId + "-dollar",
                        testId + "-dq",
                        testId + "-hooked",
                        testId + "-pre-ran"),
                Arrays.stream(inBox("find", "/etc", "-maxdepth", "1", "-name", testId + "-*", "-printf", "%f\\n")
                                .split("\\s+"))
                        .sorted()
                        .toList());
        assertEquals("$(touch /etc/" + testId + "-pre)", inBox("cat", "/etc/" + testId + "-pre-ran"));
        try (var hostEtc = Files.list(Path.of("/etc"))) {
            assertEquals(
                    List.of(),
                    hostEtc.filter(p -> p.getFileName().toString().startsWith(testId))
                            .toList(),
                    "nothing of the hooks ran on the host");
        }
        String ini = Files.readString(dir.resolve("target/ocisi/distrobox.ini"));
        assertTrue(ini.contains("[" + box + "]\nimage=localhost/" + testId + "-tool-dx:latest\npull=false\n"), ini);
        String firstBox = container().id();
        assertEquals(
                engine.inspect("localhost/" + testId + "-tool-dx:latest")
                        .orElseThrow()
                        .id(),
                container().imageId());

        List<BoxResult> changed = process(write("v2"));
        assertEquals(1, changed.size());
        assertEquals(BoxResult.Action.RECREATED, changed.get(0).action());
        assertTrue(
                changed.get(0).reason().startsWith("its image changed"),
                changed.get(0).reason());
        assertEquals("v2", inBox("cat", "/etc/tool-version"));
        String secondBox = container().id();
        assertTrue(!secondBox.equals(firstBox), "a new container");

        List<BoxResult> unchanged = process(write("v2"));
        assertEquals(List.of(new BoxResult(box, BoxResult.Action.CURRENT, "current")), unchanged);
        assertEquals(secondBox, container().id(), "the box was left alone");
    }

    @Test
    void anExportFolderOutsideTheHomeThatIsNotThereFailsTheBoxAndIsNotMade() throws Exception {
        String name = testId + "-outside";
        Path outside = Path.of("/opt", testId + "-bins");
        HierarchyGraph graph = new Fixture(dir.resolve("outside"))
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: podman, labels: {dev.ocisi.test: %s}}
                images:
                  - name: %s-out
                    assemble: true
                    distrobox: %s
                    box: {exported_bins: [/bin/sh], exported_bins_path: %s}
                """.formatted(testId, testId, name, outside))
                .write("img/Containerfile." + testId + "-out", "FROM localhost/" + testId + "-debian:1\n")
                .read();
        try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), log)) {
            build(engines, graph);
            List<BoxResult> results = new BoxAssembler(engines, distrobox, log)
                    .assemble(
                            graph,
                            new BoxAssembler.Options(
                                    dir.resolve("outside/distrobox.ini"),
                                    dir.resolve("home").toString(),
                                    Set.of()));
            assertEquals(BoxResult.Action.FAILED, results.get(0).action());
            assertEquals(
                    "its exported_bins_path " + outside + " does not exist and lies outside your home ("
                            + dir.resolve("home") + "): create it yourself, or choose a folder under your home",
                    results.get(0).reason());
            assertTrue(Files.notExists(outside), "ocisi makes folders in the user's home only");
            assertTrue(engine.containers().stream().noneMatch(c -> c.name().equals(name)), "no box was made");
        }
    }

    @Test
    void aContainerOfTheBoxesNameThatOcisiDidNotMakeIsNeverReplaced() throws Exception {
        String name = testId + "-foreign";
        HierarchyGraph graph = new Fixture(dir.resolve("foreign"))
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: podman, labels: {dev.ocisi.test: %s}}
                images:
                  - name: %s-solo
                    assemble: true
                    distrobox: %s
                """.formatted(testId, testId, name))
                .write("img/Containerfile." + testId + "-solo", "FROM localhost/" + testId + "-debian:1\n")
                .read();
        new ProcessBuilder("podman", "create", "--name", name, "localhost/" + testId + "-debian:1", "true")
                .start()
                .waitFor();
        try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), log)) {
            build(engines, graph);
            String before = engine.containers().stream()
                    .filter(c -> c.name().equals(name))
                    .findFirst()
                    .orElseThrow()
                    .id();
            List<BoxResult> results = new BoxAssembler(engines, distrobox, log)
                    .assemble(
                            graph,
                            new BoxAssembler.Options(
                                    dir.resolve("foreign/distrobox.ini"), System.getProperty("user.home"), Set.of()));
            assertEquals(BoxResult.Action.KEPT, results.get(0).action());
            assertTrue(
                    results.get(0).reason().contains("that ocisi did not assemble"),
                    results.get(0).reason());
            assertEquals(
                    before,
                    engine.containers().stream()
                            .filter(c -> c.name().equals(name))
                            .findFirst()
                            .orElseThrow()
                            .id());
        }
    }
}
