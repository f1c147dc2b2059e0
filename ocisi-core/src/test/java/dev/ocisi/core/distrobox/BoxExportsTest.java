package dev.ocisi.core.distrobox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.run.BuildReport;
import dev.ocisi.core.run.HierarchyBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A box's exported binary and application, for real: distrobox exports them (it refuses to as root, so this runs in
 * the rootless part of the test command, as an unprivileged user), ocisi pins the box's manager in each launcher, and
 * the binary's launcher, run from the host with another manager in the caller's environment, enters this box.
 */
@EngineTest
@Tag("rootless")
class BoxExportsTest {

    private final String testId = TestEngines.uniqueName("ex");
    private final String box = testId + "-box";
    private final RecordingLog log = new RecordingLog();
    private final DistroboxCli distrobox = DistroboxCli.onPath("distrobox");
    private ContainerEngine engine;

    @TempDir
    Path dir;

    @AfterEach
    void removeBoxAndImages() throws Exception {
        if (engine != null) {
            new ProcessBuilder("podman", "rm", "--force", box).start().waitFor();
            TestEngines.removeTestImages(engine, testId);
            engine.close();
        }
    }

    @Test
    void exportedLaunchersNameTheBoxesManagerAndEnterTheBox() throws Exception {
        Assumptions.assumeFalse(RunUser.current().uid().equals("0"),
                "distrobox exports only as a user: scripts/rootless.sh runs this test as one");
        engine = TestEngines.podmanCli();
        engine.tag(engine.importRootfs(TestEngines.debianRootfs(), Map.of(TestEngines.TEST_LABEL, testId),
                List.of("CMD [\"/bin/bash\"]")), "localhost/" + testId + "-debian:1");
        String home = System.getProperty("user.home");
        Path bins = Path.of(home, ".local", "bin-" + testId);
        Path applications = Path.of(home, ".local/share/applications");
        try {
            HierarchyGraph graph = new Fixture(dir).write("ocisictl.yaml", """
                    defaults: {path: img, enabled: true, manager: podman, labels: {dev.ocisi.test: %s}}
                    images:
                      - name: %s-tool
                        distrobox: %s
                        assemble: true
                        box:
                          exported_bins: [/usr/local/bin/%s-hello]
                          exported_bins_path: ~/.local/bin-%s
                          exported_apps: [%s-hello]
                    """.formatted(testId, testId, box, testId, testId, testId))
                    .write("img/Containerfile." + testId + "-tool", "FROM localhost/" + testId + "-debian:1\n"
                            + "RUN printf '#!/bin/sh\\necho \"hello from $CONTAINER_ID\"\\n' > /usr/local/bin/"
                            + testId + "-hello && chmod 755 /usr/local/bin/" + testId + "-hello"
                            + " && mkdir -p /usr/share/applications"
                            + " && printf '[Desktop Entry]\\nType=Application\\nName=" + testId + "\\nExec=/usr/local/bin/"
                            + testId + "-hello\\n' > /usr/share/applications/" + testId + "-app.desktop\n")
                    .read();
            try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), log)) {
                BuildReport report = new HierarchyBuilder(engines, BuildOptions.in(TestEngines.scratchFolder(
                        "ocisi-state-")).lockWait(Duration.ofSeconds(5)).parallel(1).build(), RunUser.current(), log)
                        .build(Planner.plan(graph, List.of()));
                assertEquals(List.of(), report.failed(), report.table().toString());
                List<BoxResult> boxes = new BoxAssembler(engines, distrobox, log).assemble(graph,
                        new BoxAssembler.Options(dir.resolve("target/ocisi/distrobox.ini"), home, Set.of()));
                assertEquals(BoxResult.Action.CREATED, boxes.get(0).action(), log.lines().toString());
            }
            Path launcher = bins.resolve(testId + "-hello");
            String text = Files.readString(launcher);
            assertTrue(text.contains("# name: " + box + "\nDBX_CONTAINER_MANAGER=podman; export DBX_CONTAINER_MANAGER"),
                    text);
            // the caller's environment names docker (no dockerd for this user): the pinned launcher enters anyway
            ProcessBuilder run = new ProcessBuilder(launcher.toString()).redirectErrorStream(true);
            run.environment().put("DBX_CONTAINER_MANAGER", "docker");
            Process process = run.start();
            String output = new String(process.getInputStream().readAllBytes()).strip();
            assertEquals(0, process.waitFor(), output);
            assertTrue(output.endsWith("hello from " + box), output);

            Path desktop = applications.resolve(box + "-" + testId + "-app.desktop");
            String entry = Files.readString(desktop);
            assertTrue(entry.lines().anyMatch(l -> l.startsWith("Exec=env DBX_CONTAINER_MANAGER=podman ")
                    && l.contains(box)), entry);
            assertTrue(log.contains(desktop + " now names podman as its manager"), log.lines().toString());
        } finally {
            dev.ocisi.core.engine.Trees.delete(bins);
            try (var entries = Files.list(applications)) {
                for (Path entry : entries.filter(p -> p.getFileName().toString().startsWith(box)).toList()) {
                    Files.delete(entry);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // nothing was exported
            }
        }
    }
}
