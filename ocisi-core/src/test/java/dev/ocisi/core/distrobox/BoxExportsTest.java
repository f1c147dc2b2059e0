package dev.ocisi.core.distrobox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.run.Scheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boxes' exported binaries and applications, for real: distrobox exports them (it refuses to as root, so this runs in
 * the rootless part of the test command, as an unprivileged user), ocisi pins each box's manager in each launcher. One
 * user has a box of each manager, rootless podman and rootful docker through the docker group, both exporting a
 * binary of the same name; each launcher, run from the host with the other manager in the caller's environment,
 * enters its own box.
 */
@EngineTest
@Tag("rootless")
class BoxExportsTest {

    private final String testId = TestEngines.uniqueName("ex");
    private final RecordingLog log = new RecordingLog();
    private final DistroboxCli distrobox = DistroboxCli.onPath("distrobox");
    private final List<ContainerEngine> engines = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void removeBoxesAndImages() throws Exception {
        for (ContainerEngine engine : engines) {
            TestEngines.removeTestImages(engine, testId);
            engine.close();
        }
    }

    @Test
    void eachExportedLauncherEntersItsOwnBoxWithItsOwnManager() throws Exception {
        Assumptions.assumeFalse(
                RunUser.current().uid().equals("0"),
                "distrobox exports only as a user: scripts/rootless.sh runs this test as one");
        // dockerd's socket is open to this user through the docker group, which scripts/rootless.sh gives it
        for (ContainerEngine engine : List.of(TestEngines.podmanCli(), TestEngines.dockerApiOnDockerd())) {
            engines.add(engine);
            engine.tag(
                    engine.importRootfs(
                            TestEngines.debianRootfs(),
                            Map.of(TestEngines.TEST_LABEL, testId),
                            List.of("CMD [\"/bin/bash\"]")),
                    "localhost/" + testId + "-debian:1");
        }
        String home = System.getProperty("user.home");
        Path applications = Path.of(home, ".local/share/applications");
        String hello = testId + "-hello";
        String containerfile = "FROM localhost/" + testId + "-debian:1\n"
                + "RUN printf '#!/bin/sh\\necho \"hello from $CONTAINER_ID\"\\n' > /usr/local/bin/" + hello
                + " && chmod 755 /usr/local/bin/" + hello + " && mkdir -p /usr/share/applications"
                + " && printf '[Desktop Entry]\\nType=Application\\nName=" + testId + "\\nExec=/usr/local/bin/" + hello
                + "\\n' > /usr/share/applications/" + testId + "-app.desktop\n";
        Map<String, String> otherManager = Map.of("podman", "docker", "docker", "podman");
        try {
            Fixture fixture = new Fixture(dir);
            StringBuilder yaml = new StringBuilder(
                    "defaults: {path: img, enabled: true, labels: {dev.ocisi.test: " + testId + "}}\nimages:\n");
            for (String manager : otherManager.keySet()) {
                yaml.append("""
                          - name: %1$s-%2$s-tool
                            manager: %2$s
                            distrobox: %1$s-%2$s-box
                            assemble: true
                            box:
                              exported_bins: [/usr/local/bin/%3$s]
                              exported_bins_path: ~/.local/bin-%1$s-%2$s
                              exported_apps: [%1$s-hello]
                        """.formatted(testId, manager, hello));
                fixture.write("img/Containerfile." + testId + "-" + manager + "-tool", containerfile);
            }
            HierarchyGraph graph =
                    fixture.write("ocisictl.yaml", yaml.toString()).read();
            try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), log)) {
                BuildReport report = new Scheduler(
                                engines,
                                BuildOptions.in(TestEngines.scratchFolder("ocisi-state-"))
                                        .lockWait(Duration.ofSeconds(5))
                                        .parallel(1)
                                        .build(),
                                RunUser.current(),
                                log)
                        .build(Planner.plan(graph, List.of()));
                assertEquals(List.of(), report.failed(), report.table().toString());
                List<BoxResult> boxes = new BoxAssembler(engines, distrobox, log)
                        .assemble(
                                graph,
                                new BoxAssembler.Options(dir.resolve("target/ocisi/distrobox.ini"), home, Set.of()));
                assertEquals(
                        List.of(BoxResult.Action.CREATED, BoxResult.Action.CREATED),
                        boxes.stream().map(BoxResult::action).toList(),
                        log.lines().toString());
            }
            for (String manager : otherManager.keySet()) {
                String box = testId + "-" + manager + "-box";
                Path launcher = Path.of(home, ".local", "bin-" + testId + "-" + manager, hello);
                String text = Files.readString(launcher);
                assertTrue(
                        text.contains("# name: " + box + "\nDBX_CONTAINER_MANAGER=" + manager
                                + "; export DBX_CONTAINER_MANAGER"),
                        text);
                ProcessBuilder run = new ProcessBuilder(launcher.toString()).redirectErrorStream(true);
                run.environment().put("DBX_CONTAINER_MANAGER", otherManager.get(manager));
                Process process = run.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                assertEquals(0, process.waitFor(), output);
                assertTrue(output.endsWith("hello from " + box), manager + "'s launcher: " + output);

                Path desktop = applications.resolve(box + "-" + testId + "-app.desktop");
                String entry = Files.readString(desktop);
                assertTrue(
                        entry.lines()
                                .anyMatch(l -> l.startsWith("Exec=env DBX_CONTAINER_MANAGER=" + manager + " ")
                                        && l.contains(box)),
                        entry);
                assertTrue(
                        log.contains(desktop + " now names " + manager + " as its manager"),
                        log.lines().toString());
            }
        } finally {
            for (String manager : otherManager.keySet()) {
                dev.ocisi.core.engine.Trees.delete(Path.of(home, ".local", "bin-" + testId + "-" + manager));
            }
            try (var entries = Files.list(applications)) {
                for (Path entry : entries.filter(p -> p.getFileName().toString().startsWith(testId))
                        .toList()) {
                    Files.delete(entry);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // nothing was exported
            }
        }
    }
}
