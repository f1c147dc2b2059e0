package dev.ocisi.core.engine;

import dev.ocisi.core.EngineTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every engine must do for ocisi, run against a real engine by each subclass: the podman CLI, the Docker API on
 * podman's service, and the Docker API on dockerd.
 */
@EngineTest
abstract class EngineContract extends ImportedBaseTest {

    private ContainerEngine engine;
    private String testId;
    private String base;

    @TempDir
    Path dir;

    @Override
    protected String prefix() {
        return "ct";
    }

    @BeforeEach
    void names() {
        engine = testEngine();
        testId = testId();
        base = base();
    }

    private BuildRequest request(String containerfile, Map<String, String> args, Map<String, String> labels)
            throws Exception {
        Path context = Files.createTempDirectory(dir, "ctx");
        Files.writeString(context.resolve("Containerfile"), containerfile);
        Files.writeString(context.resolve("greeting.txt"), "hello\n");
        Map<String, String> all = new java.util.LinkedHashMap<>(labels);
        all.put(TestEngines.TEST_LABEL, testId);
        return new BuildRequest(context, context.resolve("Containerfile"), args, all, false);
    }

    @Test
    void reportsItsVersion() throws Exception {
        EngineInfo info = engine.info();
        assertFalse(info.version().isBlank(), info.toString());
    }

    @Test
    void importsARootfsWithLabelsAndChanges() throws Exception {
        ImageDetails imported = engine.inspect(base).orElseThrow();
        assertEquals(testId, imported.label(TestEngines.TEST_LABEL));
        assertEquals(1, imported.layers().size());
        assertTrue(imported.tags().contains(base), imported.tags().toString());
        assertTrue(imported.id().startsWith("sha256:"), imported.id());
    }

    /** Both engines carry a label's value exactly, whatever a LABEL instruction would read in it. */
    @Test
    void importedLabelsKeepBackslashesQuotesAndDollarsAndALineBreakIsRefused() throws Exception {
        String value = "a \"quoted\" back\\slash, $HOME and ${PATH}, 'single'";
        String id = engine.importRootfs(TestEngines.busyboxRootfs(), Map.of(TestEngines.TEST_LABEL, testId,
                "dev.ocisi.odd", value), List.of("CMD [\"/bin/sh\"]"));
        try {
            assertEquals(value, engine.inspect(id).orElseThrow().label("dev.ocisi.odd"));
        } finally {
            engine.remove(id);
        }
        EngineException newline = assertThrows(EngineException.class, () -> engine.importRootfs(
                TestEngines.busyboxRootfs(), Map.of(TestEngines.TEST_LABEL, testId, "dev.ocisi.odd", "one\ntwo"),
                List.of()));
        assertEquals("label dev.ocisi.odd: its value holds a line break, which a LABEL instruction cannot carry",
                newline.getMessage());
    }

    @Test
    void buildsAThreeLevelHierarchyWhoseLayersStack() throws Exception {
        String parent = "localhost/" + testId + "-parent:1";
        String child = "localhost/" + testId + "-child:1";
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        String parentId = engine.build(request("FROM " + base + "\nARG FLAVOUR=plain\n"
                + "RUN echo \"$FLAVOUR\" > /flavour\nLABEL flavour=$FLAVOUR\n",
                Map.of("FLAVOUR", "spicy"), Map.of("dev.ocisi.image", "parent")), output::add);
        engine.tag(parentId, parent);
        String childId = engine.build(request("FROM " + parent + "\nCOPY greeting.txt /greeting.txt\n"
                + "RUN cat /greeting.txt /flavour > /both\n", Map.of(), Map.of()), output::add);
        engine.tag(childId, child);

        ImageDetails parentImage = engine.inspect(parent).orElseThrow();
        ImageDetails childImage = engine.inspect(child).orElseThrow();
        ImageDetails baseImage = engine.inspect(base).orElseThrow();
        assertEquals(parentId, parentImage.id());
        assertEquals(childId, childImage.id());
        assertEquals("spicy", parentImage.label("flavour"), "the build argument reached the build");
        assertEquals("parent", parentImage.label("dev.ocisi.image"), "the request's labels are on the image");
        assertEquals(baseImage.layers(), parentImage.layers().subList(0, baseImage.layers().size()));
        assertEquals(parentImage.layers(), childImage.layers().subList(0, parentImage.layers().size()));
        assertEquals(parentImage.layers().size() + 2, childImage.layers().size(), "COPY and RUN add a layer each");
        assertTrue(output.stream().anyMatch(l -> l.contains("COPY greeting.txt")), "build output streams: " + output);
    }

    @Test
    void aFailedBuildSaysWhyAndMovesNoTag() throws Exception {
        String image = "localhost/" + testId + "-stable:1";
        String goodId = engine.build(request("FROM " + base + "\nRUN echo good > /v\n", Map.of(), Map.of()), l -> { });
        engine.tag(goodId, image);
        BuildFailedException failure = assertThrows(BuildFailedException.class, () -> engine.build(
                request("FROM " + base + "\nRUN echo about to fail && exit 3\n", Map.of(), Map.of()), l -> { }));
        assertTrue(failure.outputTail().stream().anyMatch(l -> l.contains("about to fail")),
                "the failing step's output is kept: " + failure.outputTail());
        assertEquals(goodId, engine.inspect(image).orElseThrow().id(), "the old image keeps its tag");
    }

    @Test
    void aBuildOnAMissingBaseFailsWithoutPulling() throws Exception {
        BuildFailedException failure = assertThrows(BuildFailedException.class, () -> engine.build(
                request("FROM localhost/" + testId + "-nowhere:1\n", Map.of(), Map.of()), l -> { }));
        assertFalse(failure.getMessage().isBlank());
    }

    @Test
    void tagsMoveAndCanBeRemoved() throws Exception {
        String first = engine.build(request("FROM " + base + "\nRUN echo 1 > /n\n", Map.of(), Map.of()), l -> { });
        String second = engine.build(request("FROM " + base + "\nRUN echo 2 > /n\n", Map.of(), Map.of()), l -> { });
        assertNotEquals(first, second);
        String reference = "localhost/" + testId + "-moving:1";
        String other = "localhost/" + testId + "-other:1";
        engine.tag(first, reference);
        engine.tag(second, reference);
        engine.tag(second, other);
        assertEquals(second, engine.inspect(reference).orElseThrow().id());
        assertTrue(engine.inspect(first).isPresent(), "the image the tag left is still there, untagged");
        assertTrue(engine.remove(reference));
        assertTrue(engine.inspect(reference).isEmpty());
        assertTrue(engine.inspect(second).isPresent(), "an image keeps living under its other tag");
        assertTrue(engine.remove(other));
        assertTrue(engine.inspect(second).isEmpty(), "removing the last tag removes the image");
    }

    @Test
    void listsImagesByLabel() throws Exception {
        String marker = TestEngines.uniqueName("marker");
        String id = engine.build(request("FROM " + base + "\nRUN echo listed > /l\n", Map.of(),
                Map.of("dev.ocisi.marker", marker)), l -> { });
        List<ImageSummary> listed = engine.listByLabels(Map.of("dev.ocisi.marker", marker));
        assertEquals(List.of(id), listed.stream().map(ImageSummary::id).toList());
        assertEquals(marker, listed.get(0).labels().get("dev.ocisi.marker"));
        assertTrue(engine.listByLabels(Map.of(TestEngines.TEST_LABEL, testId)).size() >= 2);
    }

    @Test
    void inspectsManyReferencesAtOnceLeavingOutTheMissing() throws Exception {
        String id = engine.build(request("FROM " + base + "\nRUN echo many > /m\n", Map.of(), Map.of()), l -> { });
        String tagged = "localhost/" + testId + "-many:1";
        engine.tag(id, tagged);
        String absent = "localhost/" + testId + "-absent:1";
        Map<String, ImageDetails> found = engine.inspectAll(List.of(absent, base, tagged, absent + "0"));
        assertEquals(List.of(base, tagged), List.copyOf(found.keySet()));
        assertEquals(id, found.get(tagged).id());
        assertEquals(engine.inspect(base).orElseThrow(), found.get(base));
        assertTrue(engine.inspectAll(List.of()).isEmpty());
    }

    @Test
    void sizesEachLayerOfAnImageBaseFirst() throws Exception {
        String id = engine.build(request("FROM " + base + "\nLABEL step=metadata\nCOPY greeting.txt /g.txt\n"
                + "ARG X=1\nRUN head -c 300000 /dev/zero > /zeros\nENV E=1\n", Map.of(), Map.of()), l -> { });
        ImageDetails image = engine.inspect(id).orElseThrow();
        List<Layer> layers = engine.layers(id);
        assertEquals(image.layers(), layers.stream().map(Layer::digest).toList(), "one size per RootFS layer");
        assertEquals(engine.layers(base), layers.subList(0, 1), "the base's layer, sized the same");
        assertTrue(layers.get(0).size() > 1_000_000, "busybox: " + layers);
        assertTrue(layers.get(1).size() > 0 && layers.get(1).size() < 100_000, "the COPY: " + layers);
        assertTrue(layers.get(2).size() >= 300_000 && layers.get(2).size() < 400_000, "the RUN: " + layers);
        assertTrue(engine.layers("localhost/" + testId + "-absent:1").isEmpty());
    }

    @Test
    void listsContainersAndUntagsAnImageAContainerUsesWithoutTouchingTheContainer() throws Exception {
        String id = engine.build(request("FROM " + base + "\nRUN echo used > /u\n", Map.of(), Map.of()), l -> { });
        String child = engine.build(request("FROM " + id + "\nRUN echo child > /c\n", Map.of(), Map.of()),
                l -> { });
        String tag = "localhost/" + testId + "-used:1";
        engine.tag(id, tag);
        String box = TestEngines.createContainer(engine, tag, testId);
        ContainerSummary listed = engine.containers().stream().filter(c -> c.name().equals(box)).findFirst()
                .orElseThrow(() -> new AssertionError(box + " is not listed"));
        assertEquals(id, listed.imageId());

        assertFalse(engine.remove(tag), "a container uses the image: a plain removal is refused");
        assertTrue(engine.inspect(tag).isPresent());
        assertTrue(engine.untag(tag));
        assertTrue(engine.inspect(tag).isEmpty(), "the tag is gone");
        assertTrue(engine.inspect(id).isPresent(), "the image stays: a container and an image use it");
        assertTrue(engine.containers().stream().anyMatch(c -> c.name().equals(box)), "the container stays");
        assertTrue(engine.inspect(child).isPresent());
    }

    @Test
    void exportsTheFilesystemOfAnImageWithItsOwnersAndLeavesNoContainer() throws Exception {
        // no CMD: the container made for the export must not need one
        String id = engine.build(request("FROM " + base + "\nRUN echo layered > /etc/layered && "
                + "mkdir -p /srv/app && chown 4242:4343 /srv/app && rm /bin/true\n", Map.of(), Map.of()), l -> { });
        int containers = engine.containers().size();
        Path tarball = dir.resolve("fs.tar");
        engine.exportFilesystem(id, tarball);
        CommandRunner.Result listing = new CommandRunner(ProcessBuilder::new).run(List.of("tar", "--list",
                "--verbose", "--numeric-owner", "--file", tarball.toString()));
        assertTrue(listing.ok(), listing.stderr());
        List<String> lines = listing.stdout().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("etc/layered")), "the RUN layer is applied");
        assertTrue(lines.stream().anyMatch(l -> l.contains("4242/4343") && l.matches(".*srv/app/?$")),
                "owners are kept: " + lines.stream().filter(l -> l.contains("srv")).toList());
        assertTrue(lines.stream().noneMatch(l -> l.endsWith("bin/true")), "a file a layer removed is gone");
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("bin/busybox")), "the base layer is there");
        assertEquals(containers, engine.containers().size(), "the export's container is removed");
    }

    /**
     * A build's labels arrive exactly as given, however a LABEL line would read them; with the local podman CLI in one
     * build step.
     */
    @Test
    void aBuildCarriesItsLabelsExactlyInOneStep() throws Exception {
        String value = "a \"quoted\" back\\slash, $HOME and ${PATH}, 'single'";
        String id = engine.build(request("FROM " + base + "\nRUN echo labelled > /labelled\n", Map.of(),
                Map.of("dev.ocisi.odd", value, "dev.ocisi.second", "2", "dev.ocisi.third", "3")), l -> { });
        ImageDetails built = engine.inspect(id).orElseThrow();
        assertEquals(value, built.label("dev.ocisi.odd"));
        assertEquals("2", built.label("dev.ocisi.second"));
        List<String> cli = new ArrayList<>(TestEngines.cli(engine));
        if (engine.info().kind().equals("podman CLI")) {
            cli.addAll(List.of("history", "--format", "{{.CreatedBy}}", id));
            Process history = new ProcessBuilder(cli).redirectErrorStream(true).start();
            String steps = new String(history.getInputStream().readAllBytes());
            history.waitFor();
            assertEquals(1, steps.lines().filter(l -> l.contains("LABEL")).count(), steps);
        }
    }

    /**
     * An image saved here loads into another store (podman's, of its own) with the same id, and an archive another
     * store saved loads here with the same id: how one image reaches a second store without a rebuild.
     */
    @Test
    void savesAnImageThatAnotherStoreLoadsWithTheSameIdAndLoadsOneItSaved() throws Exception {
        String id = engine.build(request("FROM " + base + "\nRUN echo copied > /etc/copied\n", Map.of(), Map.of()),
                l -> { });
        Path archive = dir.resolve("image.tar");
        engine.saveImage(id, archive);
        Path folder = TestEngines.scratchFolder("ocisi-other-store-");
        Map<String, String> store = TestEngines.throwawayStore(folder);
        try (PodmanCliEngine other = TestEngines.podmanCli(store)) {
            other.loadImage(archive);
            assertTrue(other.inspect(id).isPresent(), "the other store has the image under its id " + id);
            Path back = dir.resolve("back.tar");
            other.saveImage(id, back);
            assertTrue(engine.remove(id), "removed here before it comes back");
            assertTrue(engine.inspect(id).isEmpty());
            engine.loadImage(back);
            assertEquals(id, engine.inspect(id).orElseThrow().id(), "loaded here, from the other store's archive");
        } finally {
            TestEngines.removeStore(store, folder);
        }
    }

    @Test
    void readsAFileOfAnImageAndSaysWhenItHasNone() throws Exception {
        String id = engine.build(request("FROM " + base + "\nRUN echo 'a line' > /etc/ocisi-read\n", Map.of(),
                Map.of()), l -> { });
        int containers = engine.containers().size();
        assertEquals("a line\n", new String(engine.readFile(id, "/etc/ocisi-read").orElseThrow()));
        assertTrue(engine.readFile(id, "/etc/ocisi-absent").isEmpty());
        assertEquals(containers, engine.containers().size(), "the reads' containers are removed");
    }

    /** As root, with no network and whatever the image's entrypoint, which the command must not go through. */
    @Test
    void runsACommandInAnImageAndGivesItsOutputAndStatus() throws Exception {
        String id = engine.build(request("FROM " + base + "\nUSER 1000\nENTRYPOINT [\"/bin/false\"]\n",
                Map.of(), Map.of()), l -> { });
        int containers = engine.containers().size();
        ContainerOutput who = engine.runInImage(id, List.of("sh", "-c", "id -u; ls /sys/class/net; echo err >&2"));
        assertEquals(0, who.exitCode(), who.toString());
        assertEquals(List.of("0", "lo"), who.stdout().lines().toList(), "root, the loopback only, no stderr");
        assertEquals(3, engine.runInImage(id, List.of("sh", "-c", "exit 3")).exitCode());
        assertEquals(ContainerOutput.NOT_FOUND, engine.runInImage(id, List.of("ocisi-no-such-command")).exitCode());
        assertEquals(containers, engine.containers().size(), "the runs' containers are removed");
    }

    @Test
    void inspectingAMissingImageIsEmpty() throws Exception {
        assertTrue(engine.inspect("localhost/" + testId + "-absent:1").isEmpty());
    }

    @Test
    void aPullThatCannotReachItsRegistryFailsWithAMessage() {
        EngineException failure = assertThrows(EngineException.class,
                () -> engine.pull("localhost:1/" + testId + "/nothing:1", l -> { }));
        assertTrue(failure.getMessage().contains("nothing"), failure.getMessage());
    }
}
