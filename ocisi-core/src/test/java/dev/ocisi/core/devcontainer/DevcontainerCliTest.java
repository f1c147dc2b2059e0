package dev.ocisi.core.devcontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project whose devcontainer.json says only which of the hierarchy's {@code -dx} leaves it runs, brought up by the
 * real devcontainers CLI ($OCISI_DEVCONTAINER_CLI, pinned, which scripts/test.sh installs): the container runs as the
 * user who built the leaf, with that user's ids and home (bind-mounted at the same path, HOME and USER as on the
 * host), on the leaf's own image, with no image added to the store (no {@code -uid} image), and a second {@code up}
 * finds the same container. Root's podman in the root suite; rootless podman, and rootful dockerd reached through the
 * docker group, as the unprivileged user (scripts/rootless.sh runs the tests tagged rootless).
 */
@EngineTest
@Tag("rootless")
class DevcontainerCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void podmanAsWhoeverRunsIt() throws Exception {
        // root's podman as root (no keep-id: the user is root), rootless podman as a user (the CLI adds keep-id)
        upAndExec(Manager.PODMAN, TestEngines.podmanCli());
    }

    @Test
    void dockerAsAUserOfTheDockerGroup() throws Exception {
        Assumptions.assumeFalse(
                RunUser.current().uid().equals("0"),
                "rootful dockerd as a user in the docker group: scripts/rootless.sh runs this test as one");
        upAndExec(Manager.DOCKER, TestEngines.dockerApiOnDockerd());
    }

    /** The contrast that makes "no image added" mean something: the same CLI, the leaf without ocisi's label. */
    @Test
    void withoutOcisisLabelTheCliBuildsAnImageOfItsOwnForAUser() throws Exception {
        Assumptions.assumeFalse(
                RunUser.current().uid().equals("0"),
                "the CLI updates the UID of a user that is not root: scripts/rootless.sh runs this test as one");
        ContainerEngine engine = TestEngines.podmanCli();
        String testId = TestEngines.uniqueName("dc");
        String containerId = null;
        try {
            engine.tag(
                    engine.importRootfs(
                            TestEngines.debianRootfs(),
                            Map.of(TestEngines.TEST_LABEL, testId),
                            List.of("CMD [\"/bin/bash\"]")),
                    "localhost/" + testId + "-debian:1");
            HierarchyGraph graph = hierarchy(testId, Manager.PODMAN, "false");
            ImageSpec leaf = graph.images().stream()
                    .map(n -> n.spec())
                    .filter(ImageSpec::isDx)
                    .findFirst()
                    .orElseThrow();
            build(graph, RunUser.current());
            Path workspace = Files.createDirectories(dir.resolve("plain"));
            Files.createDirectories(workspace.resolve(".devcontainer"));
            Files.writeString(
                    workspace.resolve(".devcontainer/devcontainer.json"),
                    "{\"image\": \"" + leaf.id().localReference() + "\", \"remoteUser\": \""
                            + RunUser.current().name() + "\"}\n");
            List<String> images = images(engine, testId);
            JsonNode up = up(workspace, Manager.PODMAN);
            assertEquals("success", up.path("outcome").asText(), up.toString());
            containerId = up.path("containerId").asText();
            assertEquals(
                    images.size() + 1,
                    images(engine, testId).size(),
                    "without the label, up built its -uid image on the leaf");
        } finally {
            if (containerId != null) {
                run(concat(TestEngines.cli(engine), "rm", "--force", containerId));
            }
            TestEngines.removeTestImages(engine, testId);
            engine.close();
        }
    }

    private void upAndExec(Manager manager, ContainerEngine engine) throws Exception {
        String testId = TestEngines.uniqueName("dc");
        RunUser host = RunUser.current();
        // the home the dev container mounts: a folder of this user's, standing for its home
        Path home =
                Files.createDirectories(TestEngines.scratchFolder("ocisi-home-").resolve(host.name()));
        RunUser user = new RunUser(host.name(), host.uid(), host.gid(), home.toString());
        List<String> cli = TestEngines.cli(engine);
        String containerId = null;
        try {
            engine.tag(
                    engine.importRootfs(
                            TestEngines.debianRootfs(),
                            Map.of(TestEngines.TEST_LABEL, testId),
                            List.of("CMD [\"/bin/bash\"]")),
                    "localhost/" + testId + "-debian:1");
            HierarchyGraph graph = hierarchy(testId, manager, "{containerEnv: {OCISI_DC_PROBE: " + testId + "}}");
            ImageSpec leaf = graph.images().stream()
                    .map(n -> n.spec())
                    .filter(ImageSpec::isDx)
                    .findFirst()
                    .orElseThrow();
            build(graph, user);
            String leafId =
                    engine.inspect(leaf.id().localReference()).orElseThrow().id();

            Path workspace = Files.createDirectories(dir.resolve("project"));
            DevcontainerFile.write(workspace.resolve(".devcontainer/devcontainer.json"), leaf, manager);
            List<String> images = images(engine, testId);

            JsonNode up = up(workspace, manager);
            assertEquals("success", up.path("outcome").asText(), up.toString());
            containerId = up.path("containerId").asText();
            assertEquals(host.name(), up.path("remoteUser").asText());
            String[] inside = exec(
                            workspace,
                            manager,
                            "sh",
                            "-c",
                            "id -un; id -u; echo \"$HOME\"; echo \"$USER\"; echo \"$OCISI_DC_PROBE\"; "
                                    + "echo made-inside > \"$HOME/from-the-container\"")
                    .split("\n");
            assertEquals(
                    List.of(host.name(), host.uid(), home.toString(), host.name(), testId),
                    Arrays.asList(inside).subList(inside.length - 5, inside.length),
                    "the user, the ids, the home and the label's own settings");
            Path made = home.resolve("from-the-container");
            assertEquals("made-inside\n", Files.readString(made), "the home is the host's, bind-mounted");
            assertEquals(
                    Integer.parseInt(host.uid()),
                    Files.getAttribute(made, "unix:uid"),
                    "a file made inside belongs to the user on the host");

            assertEquals(leafId, containerImage(cli, containerId), "the container runs the leaf's own image");
            assertEquals(images, images(engine, testId), "up added no image to the store (no -uid image)");
            JsonNode again = up(workspace, manager);
            assertEquals(containerId, again.path("containerId").asText(), "a second up finds the same container");

            // a project that sets some of the same things itself, in JSON with comments: its own wins, its home
            // mount is the only one at that target, and still no image is added
            Path own = Files.createDirectories(dir.resolve("own/.devcontainer")).getParent();
            Files.writeString(own.resolve(".devcontainer/devcontainer.json"), """
                    // the project's own settings beside the image's
                    {
                      "image": "%s",
                      "remoteUser": "%s",
                      "containerEnv": {"OCISI_DC_PROBE": "the project's", "PROJECT_ONLY": "yes"},
                      "mounts": ["type=bind,source=%s,target=%s"],
                      "runArgs": ["--label", "dev.ocisi.project=own"],
                      /* runs in the container, after the image's own commands */
                      "postCreateCommand": "touch $HOME/post-created"
                    }
                    """.formatted(
                            DevcontainerFile.reference(leaf, manager), host.name(), home, home));
            JsonNode ownUp = up(own, manager);
            assertEquals("success", ownUp.path("outcome").asText(), ownUp.toString());
            String ownId = ownUp.path("containerId").asText();
            try {
                String[] env = exec(
                                own,
                                manager,
                                "sh",
                                "-c",
                                "echo \"$OCISI_DC_PROBE\"; echo \"$PROJECT_ONLY\"; " + "echo \"$HOME\"")
                        .split("\n");
                assertEquals(
                        List.of("the project's", "yes", home.toString()),
                        Arrays.asList(env).subList(env.length - 3, env.length),
                        "the project's entries win");
                assertTrue(Files.exists(home.resolve("post-created")), "the project's lifecycle command ran");
                assertEquals(
                        "x",
                        run(concat(
                                        cli,
                                        "inspect",
                                        "--format",
                                        "{{range .Mounts}}{{if eq .Destination \"" + home + "\"}}x{{end}}{{end}}",
                                        ownId))
                                .strip(),
                        "one mount of the home, not two");
                assertEquals(
                        "own",
                        run(concat(cli, "inspect", "--format", "{{index .Config.Labels \"dev.ocisi.project\"}}", ownId))
                                .strip(),
                        "the project's runArgs");
                assertEquals(images, images(engine, testId), "no image added for a project that sets its own");
            } finally {
                run(concat(cli, "rm", "--force", ownId));
            }

            // the leaf changes: the dev container runs an older image of it, which status, list and the report say
            // with what makes it again, and the container is left as it is
            HierarchyGraph changed = hierarchy(testId, manager, "{containerEnv: {OCISI_DC_PROBE: changed}}");
            build(changed, user);
            String containerName = name(cli, containerId);
            List<Consumers.Consumer> consumers;
            try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), new RecordingLog())) {
                consumers = Consumers.read(changed, engines).stream()
                        .filter(c -> c.name().equals(containerName))
                        .toList();
            }
            assertEquals(1, consumers.size(), "the dev container is found among the leaf's consumers");
            assertEquals(false, consumers.get(0).current(), consumers.get(0).describe());
            assertEquals(leafId, consumers.get(0).imageId());
            assertEquals(
                    "devcontainer up --workspace-folder " + workspace + " --config " + workspace
                            + "/.devcontainer/devcontainer.json --remove-existing-container"
                            + (manager == Manager.PODMAN ? " --docker-path podman" : ""),
                    consumers.get(0).recreate());
            assertEquals(leafId, containerImage(cli, containerId), "the container itself is left as it was");
        } finally {
            if (containerId != null) {
                run(concat(cli, "rm", "--force", containerId));
            }
            TestEngines.removeTestImages(engine, testId);
            engine.close();
        }
    }

    private HierarchyGraph hierarchy(String testId, Manager manager, String devcontainer) throws Exception {
        return new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: %s, labels: {dev.ocisi.test: %s}}
                images:
                  - name: %s-tool
                  - name: %s-tool-dx
                    assemble: false
                    devcontainer: %s
                """.formatted(manager.id(), testId, testId, testId, devcontainer))
                .write(
                        "img/Containerfile." + testId + "-tool",
                        "FROM localhost/" + testId + "-debian:1\n" + "RUN echo tool > /etc/tool\n")
                .write("img/Containerfile.img-dx", Files.readString(Path.of("../examples/debian/Containerfile.img-dx")))
                .read();
    }

    private void build(HierarchyGraph graph, RunUser user) throws Exception {
        RecordingLog log = new RecordingLog();
        try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), log)) {
            BuildReport report = new Scheduler(
                            engines,
                            BuildOptions.in(dir.resolve("state"))
                                    .lockWait(Duration.ofSeconds(5))
                                    .build(),
                            user,
                            log)
                    .build(Planner.plan(graph, List.of()));
            assertEquals(List.of(), report.failed(), report.table() + "\n" + log.lines());
        }
    }

    /** devcontainer up's JSON result: its last line. */
    private static JsonNode up(Path workspace, Manager manager) throws Exception {
        String output = devcontainer(manager, "up", "--workspace-folder", workspace.toString());
        String[] lines = output.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static String exec(Path workspace, Manager manager, String... command) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("exec", "--workspace-folder", workspace.toString()));
        arguments.addAll(List.of(command));
        return devcontainer(manager, arguments.toArray(String[]::new)).strip();
    }

    private static String devcontainer(Manager manager, String... arguments) throws Exception {
        // options before the subcommand's own command line (exec's command takes every word after it)
        List<String> command = new ArrayList<>(List.of(
                TestEngines.devcontainerCli(),
                arguments[0],
                "--docker-path",
                manager == Manager.PODMAN ? "podman" : TestEngines.dockerCli()));
        command.addAll(List.of(arguments).subList(1, arguments.length));
        return run(command);
    }

    /**
     * The images of this test in the store, by id: those built on the leaf too, which inherit its labels (the
     * CLI's -uid image would), while other tests' images come and go in the same store.
     */
    private static List<String> images(ContainerEngine engine, String testId) throws Exception {
        return engine.listByLabels(Map.of(TestEngines.TEST_LABEL, testId)).stream()
                .map(i -> i.id())
                .sorted()
                .toList();
    }

    private static String name(List<String> cli, String container) throws Exception {
        return run(concat(cli, "inspect", "--format", "{{.Name}}", container))
                .strip()
                .replaceFirst("^/", "");
    }

    private static String containerImage(List<String> cli, String container) throws Exception {
        String id =
                run(concat(cli, "inspect", "--format", "{{.Image}}", container)).strip();
        return id.startsWith("sha256:") ? id : "sha256:" + id;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    /** The command's standard output; its log (standard error) goes to a file, read when it fails. */
    private static String run(List<String> command) throws Exception {
        Path log = Files.createTempFile("ocisi-dc-", ".log");
        try {
            Process process =
                    new ProcessBuilder(command).redirectError(log.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor() == 0, String.join(" ", command) + " failed: " + out + Files.readString(log));
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
