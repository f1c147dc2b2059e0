package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact argument vectors the podman engine runs, through its ProcessBuilder factory; no podman needed. */
class PodmanCliArgumentsTest {

    @TempDir
    Path dir;

    private final List<List<String>> commands = new ArrayList<>();

    /** Records each command and answers with a harmless program instead. */
    private PodmanCliEngine engine(Function<List<String>, ProcessBuilder> answer) {
        return new PodmanCliEngine("podman", command -> {
            commands.add(List.copyOf(command));
            return answer.apply(command);
        });
    }

    @Test
    void buildsWithoutATagNeverPullingAndPassesLabelsAndArgsInOrder() throws Exception {
        Path iidSource = Files.writeString(dir.resolve("iid"), "sha256:abc\n");
        Files.writeString(dir.resolve("Containerfile.a"), "FROM scratch\n");
        List<String> built = new java.util.ArrayList<>();
        PodmanCliEngine engine = engine(command -> {
            try {
                // what podman would read: the copy with the labels' step, gone once the build is over
                built.add(Files.readString(Path.of(command.get(command.indexOf("--file") + 1))));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new ProcessBuilder("cp", iidSource.toString(), command.get(command.indexOf("--iidfile") + 1));
        });
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("dev.ocisi.image", "a:1");
        labels.put("team", "tools box");
        Map<String, String> args = new LinkedHashMap<>();
        args.put("IMG", "a");
        args.put("TAG", "1");
        String id = engine.build(new BuildRequest(dir, dir.resolve("Containerfile.a"), args, labels, true), line -> {});
        assertEquals("sha256:abc", id);
        List<String> command = commands.get(0);
        String iid = command.get(5);
        String copy = command.get(3);
        assertEquals(
                List.of(
                        "podman",
                        "build",
                        "--file",
                        copy,
                        "--iidfile",
                        iid,
                        "--pull=never",
                        "--layers",
                        "--no-cache",
                        "--build-arg",
                        "IMG=a",
                        "--build-arg",
                        "TAG=1",
                        dir.toString()),
                command,
                "the labels are in the Containerfile, not one --label (one build step) each");
        assertEquals(List.of("FROM scratch\nLABEL \"dev.ocisi.image\"=\"a:1\" \"team\"=\"tools box\"\n"), built);
        assertTrue(Files.notExists(Path.of(iid)), "the id file is removed");
        assertTrue(Files.notExists(Path.of(copy)), "the Containerfile's copy is removed");
    }

    @Test
    void aFailedBuildKeepsTheLastLines() throws Exception {
        Files.writeString(dir.resolve("C"), "FROM scratch\n");
        PodmanCliEngine engine = engine(command -> new ProcessBuilder("ls", "/no/such/folder"));
        BuildFailedException failure = assertThrows(
                BuildFailedException.class,
                () -> engine.build(new BuildRequest(dir, dir.resolve("C"), Map.of(), Map.of(), false), line -> {}));
        assertTrue(commands.get(0).contains("--pull=never"), "a build never pulls");
        assertTrue(
                failure.getMessage().startsWith("podman build exited with 2: ls: cannot access"), failure.getMessage());
    }

    @Test
    void inspectReadsPodmansJsonAndTellsAMissingImageApart() throws Exception {
        String json = "[{\"Id\":\"0123\",\"RepoTags\":[\"localhost/a:1\"],\"Labels\":{\"k\":\"v\"},"
                + "\"RootFS\":{\"Layers\":[\"sha256:l1\",\"sha256:l2\"]},\"Size\":42,"
                + "\"Created\":\"2026-11-30T13:40:17.123456789Z\"}]";
        PodmanCliEngine engine = engine(command -> new ProcessBuilder("echo", json));
        ImageDetails image = engine.inspect("localhost/a:1").orElseThrow();
        assertEquals(
                new ImageDetails(
                        "sha256:0123",
                        List.of("localhost/a:1"),
                        Map.of("k", "v"),
                        List.of("sha256:l1", "sha256:l2"),
                        42,
                        List.of(),
                        java.time.Instant.parse("2026-11-30T13:40:17.123456789Z")),
                image);
        assertEquals(List.of("podman", "image", "inspect", "--format", "json", "localhost/a:1"), commands.get(0));
    }

    @Test
    void importPassesChangesAndLabelsAsChanges() throws Exception {
        PodmanCliEngine engine = engine(command -> new ProcessBuilder("echo", "sha256:fff"));
        String id = engine.importRootfs(dir.resolve("root.tar"), Map.of("a", "x \"y\""), List.of("CMD [\"/bin/sh\"]"));
        assertEquals("sha256:fff", id);
        assertEquals(
                List.of(
                        "podman",
                        "import",
                        "--quiet",
                        "--change",
                        "CMD [\"/bin/sh\"]",
                        "--change",
                        "LABEL a=\"x \"y\"\"",
                        dir.resolve("root.tar").toString()),
                commands.get(0),
                "imported untagged: the caller tags it once it exists");
    }

    @Test
    void listsByOneLabelFilterAndKeepsOnlyImagesCarryingEveryLabel() throws Exception {
        String json = "[{\"Id\":\"01\",\"Names\":[\"localhost/a:1\"],\"Labels\":{\"k\":\"v\",\"h\":\"/x.yaml\"}},"
                + "{\"Id\":\"02\",\"Labels\":{\"k\":\"v\",\"h\":\"/other.yaml\"}}]";
        PodmanCliEngine engine = engine(command -> new ProcessBuilder("echo", json));
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("k", "v");
        wanted.put("h", "/x.yaml");
        assertEquals(
                List.of("sha256:01"),
                engine.listByLabels(wanted).stream().map(ImageSummary::id).toList(),
                "podman ORs several filters, so the rest are checked here");
        assertEquals(List.of("podman", "images", "--format", "json", "--filter", "label=h=/x.yaml"), commands.get(0));
    }

    @Test
    void untagsByNamingTheTagTwiceAndListsEveryContainerWithExternalOnes() throws Exception {
        PodmanCliEngine engine = engine(command -> new ProcessBuilder(
                "echo", "[{\"Id\":\"c1\",\"Names\":[\"box\"],\"ImageID\":\"ab\",\"Image\":\"localhost/a:1\"}]"));
        assertTrue(engine.untag("localhost/a:1"));
        assertEquals(
                List.of(new ContainerSummary("c1", "box", "sha256:ab", "localhost/a:1", Map.of())),
                engine.containers());
        assertEquals(
                List.of(
                        List.of("podman", "untag", "localhost/a:1", "localhost/a:1"),
                        List.of("podman", "ps", "--all", "--external", "--format", "json")),
                commands);
    }

    @Test
    void aMissingPodmanSaysHowToInstallIt() {
        PodmanCliEngine engine = new PodmanCliEngine("podman-that-is-not-installed", ProcessBuilder::new);
        EngineException failure = assertThrows(EngineException.class, engine::info);
        assertTrue(failure.getMessage().startsWith("cannot run podman-that-is-not-installed"), failure.getMessage());
        assertTrue(failure.getMessage().contains("apt-get install"), failure.getMessage());
    }
}
