package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every image store must do for ocisi: run against each real engine ({@link EngineContract}'s subclasses: the
 * podman CLI, the Docker API on podman's service and on dockerd, local and remote) and against the memory engine the
 * scheduler's tests use ({@code MemoryEngineContractTest}), so that those tests stand on what the real ones do.
 */
public interface StoreContract {

    /** Removes a second store. */
    @FunctionalInterface
    interface Removal {
        void remove() throws IOException;
    }

    /** A second store, and what removes it. */
    record OtherStore(ContainerEngine engine, Removal removal) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            engine.close();
            removal.remove();
        }
    }

    ContainerEngine store();

    /** What the images of the test class carry in {@link TestEngines#TEST_LABEL}, and start their names with. */
    String testId();

    /** The base imported from {@link #rootfs()}, {@code localhost/<testId>-base:1}. */
    String base();

    /** The root filesystem tarball the base was imported from (a busybox). */
    Path rootfs() throws Exception;

    /** A container made from the image and never started; its name. */
    String createContainer(String image) throws Exception;

    /** An empty store of the same kind. */
    OtherStore otherStore() throws Exception;

    /** A folder of the test's own. */
    Path scratch();

    private BuildRequest request(String containerfile, Map<String, String> args, Map<String, String> labels)
            throws Exception {
        Path context = Files.createTempDirectory(scratch(), "ctx");
        Files.writeString(context.resolve("Containerfile"), containerfile);
        Files.writeString(context.resolve("greeting.txt"), "hello\n");
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(TestEngines.TEST_LABEL, testId());
        return new BuildRequest(context, context.resolve("Containerfile"), args, all, false);
    }

    @Test
    default void reportsItsVersionAndPlatform() throws Exception {
        EngineInfo info = store().info();
        assertFalse(info.version().isBlank(), info.toString());
        assertEquals(dev.ocisi.core.config.Platform.machine().toString(), info.platform(), info.toString());
    }

    @Test
    default void importsARootfsWithLabelsAndChanges() throws Exception {
        ImageDetails imported = store().inspect(base()).orElseThrow();
        assertEquals(testId(), imported.label(TestEngines.TEST_LABEL));
        assertEquals(1, imported.layers().size());
        assertTrue(imported.tags().contains(base()), imported.tags().toString());
        assertTrue(imported.id().startsWith("sha256:"), imported.id());
    }

    /** Both engines carry a label's value exactly, whatever a LABEL instruction would read in it. */
    @Test
    default void importedLabelsKeepBackslashesQuotesAndDollarsAndALineBreakIsRefused() throws Exception {
        String value = "a \"quoted\" back\\slash, $HOME and ${PATH}, 'single'";
        String id = store().importRootfs(
                        rootfs(),
                        Map.of(TestEngines.TEST_LABEL, testId(), "dev.ocisi.odd", value),
                        List.of("CMD [\"/bin/sh\"]"));
        try {
            assertEquals(value, store().inspect(id).orElseThrow().label("dev.ocisi.odd"));
        } finally {
            store().remove(id);
        }
        EngineException newline = assertThrows(
                EngineException.class,
                () -> store().importRootfs(
                                rootfs(),
                                Map.of(TestEngines.TEST_LABEL, testId(), "dev.ocisi.odd", "one\ntwo"),
                                List.of()));
        assertEquals(
                "label dev.ocisi.odd: its value holds a line break, which a LABEL instruction cannot carry",
                newline.getMessage());
    }

    @Test
    default void buildsAThreeLevelHierarchyWhoseLayersStack() throws Exception {
        String parent = "localhost/" + testId() + "-parent:1";
        String child = "localhost/" + testId() + "-child:1";
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        String parentId = store().build(
                        request(
                                "FROM " + base() + "\nARG FLAVOUR=plain\n"
                                        + "RUN echo \"$FLAVOUR\" > /flavour\nLABEL flavour=$FLAVOUR\n",
                                Map.of("FLAVOUR", "spicy"),
                                Map.of("dev.ocisi.image", "parent")),
                        output::add);
        store().tag(parentId, parent);
        String childId = store().build(
                        request(
                                "FROM " + parent + "\nCOPY greeting.txt /greeting.txt\n"
                                        + "RUN cat /greeting.txt /flavour > /both\n",
                                Map.of(),
                                Map.of()),
                        output::add);
        store().tag(childId, child);

        ImageDetails parentImage = store().inspect(parent).orElseThrow();
        ImageDetails childImage = store().inspect(child).orElseThrow();
        ImageDetails baseImage = store().inspect(base()).orElseThrow();
        assertEquals(parentId, parentImage.id());
        assertEquals(childId, childImage.id());
        assertEquals("spicy", parentImage.label("flavour"), "the build argument reached the build");
        assertEquals("parent", parentImage.label("dev.ocisi.image"), "the request's labels are on the image");
        assertEquals(
                baseImage.layers(),
                parentImage.layers().subList(0, baseImage.layers().size()));
        assertEquals(
                parentImage.layers(),
                childImage.layers().subList(0, parentImage.layers().size()));
        assertEquals(parentImage.layers().size() + 2, childImage.layers().size(), "COPY and RUN add a layer each");
        assertTrue(output.stream().anyMatch(l -> l.contains("COPY greeting.txt")), "build output streams: " + output);
    }

    @Test
    default void aFailedBuildSaysWhyAndMovesNoTag() throws Exception {
        String image = "localhost/" + testId() + "-stable:1";
        String goodId =
                store().build(request("FROM " + base() + "\nRUN echo good > /v\n", Map.of(), Map.of()), l -> {});
        store().tag(goodId, image);
        BuildFailedException failure = assertThrows(
                BuildFailedException.class,
                () -> store().build(
                                request("FROM " + base() + "\nRUN echo about to fail && exit 3\n", Map.of(), Map.of()),
                                l -> {}));
        assertTrue(
                failure.outputTail().stream().anyMatch(l -> l.contains("about to fail")),
                "the failing step's output is kept: " + failure.outputTail());
        assertEquals(goodId, store().inspect(image).orElseThrow().id(), "the old image keeps its tag");
    }

    @Test
    default void aBuildOnAMissingBaseFailsWithoutPulling() throws Exception {
        BuildFailedException failure = assertThrows(
                BuildFailedException.class,
                () -> store().build(
                                request("FROM localhost/" + testId() + "-nowhere:1\n", Map.of(), Map.of()), l -> {}));
        assertFalse(failure.getMessage().isBlank());
    }

    @Test
    default void tagsMoveAndCanBeRemoved() throws Exception {
        String first = store().build(request("FROM " + base() + "\nRUN echo 1 > /n\n", Map.of(), Map.of()), l -> {});
        String second = store().build(request("FROM " + base() + "\nRUN echo 2 > /n\n", Map.of(), Map.of()), l -> {});
        assertNotEquals(first, second);
        String reference = "localhost/" + testId() + "-moving:1";
        String other = "localhost/" + testId() + "-other:1";
        store().tag(first, reference);
        store().tag(second, reference);
        store().tag(second, other);
        assertEquals(second, store().inspect(reference).orElseThrow().id());
        assertTrue(store().inspect(first).isPresent(), "the image the tag left is still there, untagged");
        assertTrue(store().remove(reference));
        assertTrue(store().inspect(reference).isEmpty());
        assertTrue(store().inspect(second).isPresent(), "an image keeps living under its other tag");
        assertTrue(store().remove(other));
        assertTrue(store().inspect(second).isEmpty(), "removing the last tag removes the image");
    }

    @Test
    default void listsImagesByLabel() throws Exception {
        String marker = TestEngines.uniqueName("marker");
        String id = store().build(
                        request(
                                "FROM " + base() + "\nRUN echo listed > /l\n",
                                Map.of(),
                                Map.of("dev.ocisi.marker", marker)),
                        l -> {});
        List<ImageSummary> listed = store().listByLabels(Map.of("dev.ocisi.marker", marker));
        assertEquals(List.of(id), listed.stream().map(ImageSummary::id).toList());
        assertEquals(marker, listed.get(0).labels().get("dev.ocisi.marker"));
        assertTrue(
                store().listByLabels(Map.of(TestEngines.TEST_LABEL, testId())).size() >= 2);
    }

    @Test
    default void inspectsManyReferencesAtOnceLeavingOutTheMissing() throws Exception {
        String id = store().build(request("FROM " + base() + "\nRUN echo many > /m\n", Map.of(), Map.of()), l -> {});
        String tagged = "localhost/" + testId() + "-many:1";
        store().tag(id, tagged);
        String absent = "localhost/" + testId() + "-absent:1";
        Map<String, ImageDetails> found = store().inspectAll(List.of(absent, base(), tagged, absent + "0"));
        assertEquals(List.of(base(), tagged), List.copyOf(found.keySet()));
        assertEquals(id, found.get(tagged).id());
        assertEquals(store().inspect(base()).orElseThrow(), found.get(base()));
        assertTrue(store().inspectAll(List.of()).isEmpty());
    }

    @Test
    default void sizesEachLayerOfAnImageBaseFirst() throws Exception {
        String id = store().build(
                        request(
                                "FROM " + base() + "\nLABEL step=metadata\nCOPY greeting.txt /g.txt\n"
                                        + "ARG X=1\nRUN head -c 300000 /dev/zero > /zeros\nENV E=1\n",
                                Map.of(),
                                Map.of()),
                        l -> {});
        ImageDetails image = store().inspect(id).orElseThrow();
        List<Layer> layers = store().layers(id);
        assertEquals(image.layers(), layers.stream().map(Layer::digest).toList(), "one size per RootFS layer");
        assertEquals(store().layers(base()), layers.subList(0, 1), "the base's layer, sized the same");
        assertTrue(layers.get(0).size() > Files.size(rootfs()) / 2, "the base's layer, as big as its files: " + layers);
        assertTrue(layers.get(1).size() > 0 && layers.get(1).size() < 100_000, "the COPY: " + layers);
        assertTrue(layers.get(2).size() >= 300_000 && layers.get(2).size() < 400_000, "the RUN: " + layers);
        assertTrue(store().layers("localhost/" + testId() + "-absent:1").isEmpty());
    }

    @Test
    default void listsContainersAndUntagsAnImageAContainerUsesWithoutTouchingTheContainer() throws Exception {
        String id = store().build(request("FROM " + base() + "\nRUN echo used > /u\n", Map.of(), Map.of()), l -> {});
        String child = store().build(request("FROM " + id + "\nRUN echo child > /c\n", Map.of(), Map.of()), l -> {});
        String tag = "localhost/" + testId() + "-used:1";
        store().tag(id, tag);
        String box = createContainer(tag);
        ContainerSummary listed = store().containers().stream()
                .filter(c -> c.name().equals(box))
                .findFirst()
                .orElseThrow(() -> new AssertionError(box + " is not listed"));
        assertEquals(id, listed.imageId());

        assertFalse(store().remove(tag), "a container uses the image: a plain removal is refused");
        assertTrue(store().inspect(tag).isPresent());
        assertTrue(store().untag(tag));
        assertTrue(store().inspect(tag).isEmpty(), "the tag is gone");
        assertTrue(store().inspect(id).isPresent(), "the image stays: a container and an image use it");
        assertTrue(store().containers().stream().anyMatch(c -> c.name().equals(box)), "the container stays");
        assertTrue(store().inspect(child).isPresent());
    }

    @Test
    default void exportsTheFilesystemOfAnImageWithItsOwnersAndLeavesNoContainer() throws Exception {
        // no CMD: the container made for the export must not need one
        String id = store().build(
                        request(
                                "FROM " + base() + "\nRUN echo layered > /etc/layered && "
                                        + "mkdir -p /srv/app && chown 4242:4343 /srv/app && rm /bin/true\n",
                                Map.of(),
                                Map.of()),
                        l -> {});
        int containers = store().containers().size();
        Path tarball = scratch().resolve("fs.tar");
        store().exportFilesystem(id, tarball);
        CommandRunner.Result listing = new CommandRunner(ProcessBuilder::new)
                .run(List.of("tar", "--list", "--verbose", "--numeric-owner", "--file", tarball.toString()));
        assertTrue(listing.ok(), listing.stderr());
        List<String> lines = listing.stdout().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("etc/layered")), "the RUN layer is applied");
        assertTrue(
                lines.stream().anyMatch(l -> l.contains("4242/4343") && l.matches(".*srv/app/?$")),
                "owners are kept: "
                        + lines.stream().filter(l -> l.contains("srv")).toList());
        assertTrue(lines.stream().noneMatch(l -> l.endsWith("bin/true")), "a file a layer removed is gone");
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("bin/busybox")), "the base layer is there");
        assertEquals(containers, store().containers().size(), "the export's container is removed");
    }

    /**
     * A build's labels arrive exactly as given, however a LABEL line would read them; with the local podman CLI in one
     * build step.
     */
    @Test
    default void aBuildCarriesItsLabelsExactlyInOneStep() throws Exception {
        String value = "a \"quoted\" back\\slash, $HOME and ${PATH}, 'single'";
        String id = store().build(
                        request(
                                "FROM " + base() + "\nRUN echo labelled > /labelled\n",
                                Map.of(),
                                Map.of("dev.ocisi.odd", value, "dev.ocisi.second", "2", "dev.ocisi.third", "3")),
                        l -> {});
        ImageDetails built = store().inspect(id).orElseThrow();
        assertEquals(value, built.label("dev.ocisi.odd"));
        assertEquals("2", built.label("dev.ocisi.second"));
        if (store().info().kind().equals("podman CLI")) {
            List<String> cli = new ArrayList<>(TestEngines.cli(store()));
            cli.addAll(List.of("history", "--format", "{{.CreatedBy}}", id));
            Process history = new ProcessBuilder(cli).redirectErrorStream(true).start();
            String steps = new String(history.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            history.waitFor();
            assertEquals(1, steps.lines().filter(l -> l.contains("LABEL")).count(), steps);
        }
    }

    /**
     * An image saved here loads into another store with the same id, and an archive another store saved loads here
     * with the same id: how one image reaches a second store without a rebuild.
     */
    @Test
    default void savesAnImageThatAnotherStoreLoadsWithTheSameIdAndLoadsOneItSaved() throws Exception {
        String id = store().build(
                        request("FROM " + base() + "\nRUN echo copied > /etc/copied\n", Map.of(), Map.of()), l -> {});
        Path archive = scratch().resolve("image.tar");
        store().saveImage(id, archive);
        try (OtherStore second = otherStore()) {
            ContainerEngine other = second.engine();
            other.loadImage(archive);
            assertTrue(other.inspect(id).isPresent(), "the other store has the image under its id " + id);
            Path back = scratch().resolve("back.tar");
            other.saveImage(id, back);
            assertTrue(store().remove(id), "removed here before it comes back");
            assertTrue(store().inspect(id).isEmpty());
            store().loadImage(back);
            assertEquals(id, store().inspect(id).orElseThrow().id(), "loaded here, from the other store's archive");
        }
    }

    @Test
    default void readsAFileOfAnImageAndSaysWhenItHasNone() throws Exception {
        String id = store().build(
                        request("FROM " + base() + "\nRUN echo 'a line' > /etc/ocisi-read\n", Map.of(), Map.of()),
                        l -> {});
        int containers = store().containers().size();
        assertEquals(
                "a line\n",
                new String(
                        store().readFiles(id, List.of("/etc/ocisi-absent", "/etc/ocisi-read"))
                                .get("/etc/ocisi-read"),
                        StandardCharsets.UTF_8));
        assertEquals(
                List.of("/etc/ocisi-read"),
                List.copyOf(store().readFiles(id, List.of("/etc/ocisi-absent", "/etc/ocisi-read"))
                        .keySet()),
                "a path the image lacks is not in the map");
        assertEquals(containers, store().containers().size(), "the reads' containers are removed");
    }

    @Test
    default void inspectingAMissingImageIsEmpty() throws Exception {
        assertTrue(store().inspect("localhost/" + testId() + "-absent:1").isEmpty());
    }

    @Test
    default void aPullThatCannotReachItsRegistryFailsWithAMessage() {
        EngineException failure = assertThrows(
                EngineException.class, () -> store().pull("localhost:1/" + testId() + "/nothing:1", l -> {}));
        assertTrue(failure.getMessage().contains("nothing"), failure.getMessage());
    }
}
