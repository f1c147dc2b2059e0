package dev.ocisi.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.clean.Cleaner;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.result.ImageResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One leaf in two stores, as the user who runs distrobox on rootless podman and dev containers on Docker has it
 * ({@code manager: [podman, docker]}): {@code process} builds it once, in podman, and copies it into dockerd with the
 * same id; a distrobox on podman and a dev container on Docker (the real devcontainers CLI) run that one image; a
 * second process copies nothing; {@code clean -Dall} takes it out of both stores. As the unprivileged user of
 * scripts/rootless.sh, who reaches dockerd through the docker group.
 */
@EngineTest
@Tag("rootless")
class TwoStoresTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void oneBuildOneIdABoxOnPodmanAndADevContainerOnDocker() throws Exception {
        Assumptions.assumeFalse(
                RunUser.current().uid().equals("0"),
                "a user's rootless podman beside dockerd: scripts/rootless.sh runs this test as one");
        String testId = TestEngines.uniqueName("ts");
        String box = testId + "-box";
        ContainerEngine podman = TestEngines.podmanCli();
        ContainerEngine docker = TestEngines.dockerApiOnDockerd();
        String devcontainer = null;
        try {
            podman.tag(
                    podman.importRootfs(
                            TestEngines.debianRootfs(),
                            Map.of(TestEngines.TEST_LABEL, testId),
                            List.of("CMD [\"/bin/bash\"]")),
                    "localhost/" + testId + "-debian:1");
            Fixture fixture = new Fixture(dir)
                    .write("ocisictl.yaml", """
                    defaults: {path: img, enabled: true, manager: podman, labels: {dev.ocisi.test: %s}}
                    images:
                      - name: %s-tool
                      - name: %s-tool-dx
                        manager: [podman, docker]
                        distrobox: %s
                    """.formatted(testId, testId, testId, box))
                    .write(
                            "img/Containerfile." + testId + "-tool",
                            "FROM localhost/" + testId + "-debian:1\n" + "RUN echo tool > /etc/tool\n")
                    .write(
                            "img/Containerfile.img-dx",
                            Files.readString(Path.of("../examples/debian/Containerfile.img-dx")));
            HierarchyGraph graph = fixture.read();
            String leaf = "localhost/" + testId + "-tool-dx:latest";

            RecordingLog log = new RecordingLog();
            ProcessRunner.Report first = runner(log).run(Planner.plan(graph, List.of()));
            assertEquals(
                    2,
                    first.build().count(ImageResult.Outcome.BUILT),
                    "built once: " + first.build().table());
            String id = podman.inspect(leaf).orElseThrow().id();
            assertEquals(id, docker.inspect(leaf).orElseThrow().id(), "dockerd has the same image, by its id");
            assertEquals(
                    id, docker.inspect(testId + "-tool-dx:latest").orElseThrow().id(), "under Docker's short name too");
            assertTrue(
                    log.contains("INFO " + testId + "-tool-dx:latest in docker's store: copied from podman's ("
                            + id.substring(0, 19) + ")"),
                    log.lines().toString());
            assertEquals(1, first.boxes().size(), "the box, on podman");
            assertEquals(
                    id,
                    podman.containers().stream()
                            .filter(c -> c.name().equals(box))
                            .findFirst()
                            .orElseThrow()
                            .imageId(),
                    "the box runs the leaf");

            Path config = dir.resolve("target/ocisi/devcontainer/" + testId + "-tool-dx/docker/devcontainer.json");
            assertEquals("{\n  \"image\": \"" + testId + "-tool-dx:latest\"\n}\n", Files.readString(config));
            Path workspace = Files.createDirectories(dir.resolve("project"));
            JsonNode up = JSON.readTree(lastLine(run(
                    TestEngines.devcontainerCli(),
                    "up",
                    "--docker-path",
                    TestEngines.dockerCli(),
                    "--workspace-folder",
                    workspace.toString(),
                    "--config",
                    config.toString())));
            assertEquals("success", up.path("outcome").asText(), up.toString());
            devcontainer = up.path("containerId").asText();
            String image = run(TestEngines.dockerCli(), "inspect", "--format", "{{.Image}}", devcontainer)
                    .strip();
            assertEquals(id, image, "the dev container on Docker runs the very image the box runs on podman");

            RecordingLog again = new RecordingLog();
            ProcessRunner.Report second = runner(again).run(Planner.plan(graph, List.of()));
            assertEquals(0, second.build().count(ImageResult.Outcome.BUILT));
            assertTrue(
                    again.contains("INFO " + testId + "-tool-dx:latest in docker's store: has it already ("
                            + id.substring(0, 19) + ")"),
                    again.lines().toString());

            run(TestEngines.dockerCli(), "rm", "--force", devcontainer);
            devcontainer = null;
            run("podman", "rm", "--force", box);
            try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), log)) {
                new Cleaner(
                                engines,
                                new Cleaner.Options(
                                        true,
                                        false,
                                        BuildOptions.Force.NONE,
                                        dir.resolve("state"),
                                        Duration.ofSeconds(5),
                                        true),
                                log)
                        .clean(graph);
            }
            assertFalse(docker.inspect(id).isPresent(), "clean -Dall took the copy out of dockerd");
            assertFalse(podman.inspect(id).isPresent(), "and the image out of podman");
        } finally {
            if (devcontainer != null) {
                new ProcessBuilder(TestEngines.dockerCli(), "rm", "--force", devcontainer)
                        .start()
                        .waitFor();
            }
            new ProcessBuilder("podman", "rm", "--force", box).start().waitFor();
            TestEngines.removeTestImages(docker, testId);
            TestEngines.removeTestImages(podman, testId);
            docker.close();
            podman.close();
        }
    }

    private ProcessRunner runner(RecordingLog log) {
        BuildOptions options = BuildOptions.in(dir.resolve("state"))
                .lockWait(Duration.ofSeconds(5))
                .build();
        return ProcessRunner.builder(EngineSettings.defaults(), options, dir.resolve("target/ocisi"), log)
                .displayBase(dir)
                .build();
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** The command's standard output; its log (standard error) goes to a file, read when it fails. */
    private static String run(String... command) throws Exception {
        Path log = Files.createTempFile("ocisi-ts-", ".log");
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                    .redirectError(log.toFile())
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor() == 0, String.join(" ", command) + " failed: " + out + Files.readString(log));
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
