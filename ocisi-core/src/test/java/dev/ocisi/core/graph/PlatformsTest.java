package dev.ocisi.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.config.RootfsSettings;
import dev.ocisi.core.config.Sha256;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code platforms:}: an image of each further platform, its edges, its Containerfile, and the errors. */
class PlatformsTest {

    private static final Platform OWN = Platform.machine();
    /** Another platform than this machine's. */
    private static final Platform OTHER =
            OWN.equals(Platform.parse("linux/arm64").orElseThrow())
                    ? Platform.parse("linux/amd64").orElseThrow()
                    : Platform.parse("linux/arm64").orElseThrow();

    /** The run found no external image to name otherwise. */
    private static Optional<String> noExternals(ImageReference reference) {
        return Optional.empty();
    }

    @TempDir
    Path dir;

    private Fixture fixture(String images) {
        return new Fixture(dir)
                .write("own.tar", "own")
                .write("other.tar", "other")
                .write("Containerfile.tools", "FROM localhost/base:latest\n\nRUN uname -m > /arch\n")
                .write(
                        "Containerfile.copier",
                        "FROM \"localhost/tools:latest\" AS t\nCOPY --from=localhost/base:latest" + " /bin /b\n")
                .write("ocisictl.yaml", images);
    }

    private String base(String platforms) {
        return "defaults:\n  platforms: " + platforms + "\nimages:\n"
                + "  - name: base\n    enabled: true\n    rootfs:\n"
                + "      tarball: {" + OWN + ": own.tar, " + OTHER + ": other.tar}\n"
                + "      sha256: {" + OWN + ": " + Sha256.ofText("own") + ", " + OTHER + ": "
                + Sha256.ofText("other") + "}\n";
    }

    private String both() {
        return "[" + OTHER + ", " + OWN + "]";
    }

    @Test
    void eachFurtherPlatformIsAnImageOfItsOwnBuiltOnItsParentsOfThatPlatform() throws Exception {
        HierarchyGraph graph = fixture(base(both())
                        + "  - name: tools\n    path: .\n    enabled: true\n"
                        + "  - name: copier\n    path: .\n    enabled: true\n")
                .read();
        String suffix = "-" + OTHER.tagSuffix();
        ImageName base = new ImageName("base", "latest");
        ImageName baseOther = new ImageName("base", "latest" + suffix);
        ImageName toolsOther = new ImageName("tools", "latest" + suffix);
        assertEquals(
                List.of(
                        "base:latest",
                        "base:latest" + suffix,
                        "tools:latest",
                        "tools:latest" + suffix,
                        "copier:latest",
                        "copier:latest" + suffix),
                graph.images().stream().map(n -> n.id().toString()).toList());

        ImageSpec own = graph.node(base).spec();
        ImageSpec other = graph.node(baseOther).spec();
        assertEquals(OWN, own.platform(), "the machine's own platform keeps the name, whatever the order written");
        assertEquals(OTHER, other.platform());
        assertEquals(Optional.of(base), other.platformOf());
        assertEquals(
                dir.resolve("own.tar"),
                ((RootfsSettings.Tarball) own.rootfs().orElseThrow().source()).file());
        assertEquals(
                dir.resolve("other.tar"),
                ((RootfsSettings.Tarball) other.rootfs().orElseThrow().source()).file());

        Dependency edge = graph.dependencies(toolsOther).get(0);
        assertEquals(baseOther, edge.parent());
        assertEquals(base, edge.declaredParent(), "inputs name the parent as the Containerfile does");

        assertEquals(
                Optional.empty(),
                PlatformContainerfile.of(
                        graph.node(new ImageName("tools", "latest")).spec(), graph, PlatformsTest::noExternals));
        assertEquals(
                Optional.of("FROM localhost/base:latest" + suffix + "\n\nRUN uname -m > /arch\n"),
                PlatformContainerfile.of(graph.node(toolsOther).spec(), graph, PlatformsTest::noExternals),
                "only the image's word changes, so the lines stay where the user's errors point");
        assertEquals(
                Optional.of("FROM localhost/tools:latest" + suffix + " AS t\nCOPY --from=localhost/base:latest" + suffix
                        + " /bin /b\n"),
                PlatformContainerfile.of(
                        graph.node(new ImageName("copier", "latest" + suffix)).spec(),
                        graph,
                        PlatformsTest::noExternals));
    }

    @Test
    void aDxImageOfAnotherPlatformKeepsItsArgumentsAndNamesItsParentOfThatPlatform() throws Exception {
        HierarchyGraph graph = fixture(base(both()))
                .write("Containerfile.img-dx", "ARG IMG\nARG TAG\nFROM localhost/${IMG}:${TAG}\nARG USER\n")
                .write("extra.yaml", base(both()) + "  - name: base-dx\n    path: .\n    enabled: true\n")
                .read("extra.yaml");
        ImageSpec dx = graph.node(new ImageName("base-dx", "latest-" + OTHER.tagSuffix()))
                .spec();
        assertEquals("latest", dx.fromArgs().get("TAG"), "the arguments, and so the inputs, are each machine's");
        assertEquals(
                Optional.of("ARG IMG\nARG TAG\nFROM localhost/base:latest-" + OTHER.tagSuffix() + "\nARG USER\n"),
                PlatformContainerfile.of(dx, graph, PlatformsTest::noExternals));
    }

    @Test
    void anImageWithoutPlatformsIsBuiltForTheMachineOnly() throws Exception {
        HierarchyGraph graph = fixture(base(both()) + "  - name: tools\n    path: .\n    enabled: true\n"
                        + "    platforms: [" + OWN + "]\n")
                .read();
        assertEquals(
                List.of("base:latest", "base:latest-" + OTHER.tagSuffix(), "tools:latest"),
                graph.images().stream().map(n -> n.id().toString()).toList());
    }

    @Test
    void badPlatformsAreRefusedWhereTheyAreWritten() {
        List<String> unknown = fixture(base("[linux/arm46, " + OWN + "]")).problems();
        assertEquals(1, unknown.size(), unknown.toString());
        assertTrue(
                unknown.get(0).contains("ocisictl.yaml:2:")
                        && unknown.get(0).contains("unknown platform 'linux/arm46'")
                        && unknown.get(0).contains("did you mean 'linux/arm64'?"),
                unknown.get(0));

        List<String> twice = fixture(base("[" + OWN + ", " + OWN + "]")).problems();
        assertTrue(twice.toString().contains("is named twice"), twice.toString());

        List<String> parentLacks = fixture(base("[" + OWN + "]")
                                .replace(
                                        "      tarball: {" + OWN + ": own.tar, " + OTHER + ": other.tar}\n",
                                        "      tarball: own.tar\n")
                                .replaceAll("      sha256: \\{.*\\}\n", "      sha256: " + Sha256.ofText("own") + "\n")
                        + "  - name: tools\n    path: .\n    enabled: true\n    platforms: " + both() + "\n")
                .problems();
        assertEquals(1, parentLacks.size(), parentLacks.toString());
        assertTrue(
                parentLacks.get(0).contains("tools:latest is built for " + OTHER)
                        && parentLacks.get(0).contains("is built FROM base:latest")
                        && parentLacks.get(0).contains("which is built for " + OWN + " only")
                        && parentLacks.get(0).contains("add " + OTHER + " to base:latest's 'platforms'"),
                parentLacks.get(0));
    }

    @Test
    void aRootOfSeveralPlatformsHasATarballPinnedForEach() {
        List<String> noPin = fixture(base(both()).replace(", " + OTHER + ": " + Sha256.ofText("other"), ""))
                .problems();
        assertEquals(1, noPin.size(), noPin.toString());
        assertTrue(
                noPin.get(0).contains("the tarball for " + OTHER + " needs its pin in 'sha256'")
                        && noPin.get(0).contains("its SHA-256 is now " + Sha256.ofText("other")),
                noPin.get(0));

        List<String> oneFile = fixture(
                        base(both()).replace("{" + OWN + ": own.tar, " + OTHER + ": other.tar}", "own.tar"))
                .problems();
        assertTrue(oneFile.get(0).contains("a tarball holds one platform's files"), oneFile.toString());

        List<String> noFile =
                fixture(base(both()).replace(", " + OTHER + ": other.tar", "")).problems();
        assertTrue(noFile.get(0).contains("'tarball' has no file for " + OTHER), noFile.toString());
    }

    @Test
    void aDebootstrapIsMadeForEachPlatformWithTheSameSettings() throws Exception {
        HierarchyGraph graph = fixture("- name: base\n  enabled: true\n  platforms: " + both() + "\n"
                        + "  rootfs: {debootstrap: {suite: bookworm}}\n")
                .read();
        RootfsSettings.Debootstrap own = (RootfsSettings.Debootstrap) graph.node(new ImageName("base", "latest"))
                .spec()
                .rootfs()
                .orElseThrow()
                .source();
        RootfsSettings.Debootstrap other =
                (RootfsSettings.Debootstrap) graph.node(new ImageName("base", "latest-" + OTHER.tagSuffix()))
                        .spec()
                        .rootfs()
                        .orElseThrow()
                        .source();
        assertEquals(Optional.of(OWN.debianArchitecture()), own.architecture());
        assertEquals(Optional.of(OTHER.debianArchitecture()), other.architecture());
        assertEquals(own.settings(), other.settings(), "the platform is the input, so each machine's inputs agree");
    }

    @Test
    void aVmDiskIsMadeForThisMachinesPlatformOnly() {
        List<String> problems = fixture(base(both()) + "  - name: tools\n    path: .\n    enabled: true\n"
                        + "    platforms: [" + OTHER + "]\n    vm: {format: raw}\n")
                .problems();
        assertTrue(
                problems.toString()
                        .contains("has a 'vm', whose disk is made and booted for this machine's platform (" + OWN
                                + "), but is built for " + OTHER),
                problems.toString());
    }

    @Test
    void anotherPlatformsBuildNamesAnExternalImageAsTheRunFoundIt() throws Exception {
        HierarchyGraph graph = fixture("- name: tools\n  path: .\n  enabled: true\n  platforms: " + both() + "\n")
                .write(
                        "Containerfile.tools",
                        "ARG BASE=docker.io/library/debian:12\nFROM ${BASE}\nCOPY --from=quay.io/x/y:1 /a /a\n")
                .read();
        Function<ImageReference, Optional<String>> digests =
                reference -> Optional.of(reference.atDigest("sha256:" + "a".repeat(64)));
        assertEquals(
                Optional.empty(),
                PlatformContainerfile.of(
                        graph.node(new ImageName("tools", "latest")).spec(), graph, digests),
                "this machine's build names the images as written");
        assertEquals(
                Optional.of("ARG BASE=docker.io/library/debian:12\nFROM docker.io/library/debian@sha256:"
                        + "a".repeat(64) + "\nCOPY --from=quay.io/x/y@sha256:" + "a".repeat(64) + " /a /a\n"),
                PlatformContainerfile.of(
                        graph.node(new ImageName("tools", "latest-" + OTHER.tagSuffix()))
                                .spec(),
                        graph,
                        digests));
    }

    @Test
    void anImageOfOnlyAnotherPlatformNamesItsExternalBaseAsFoundToo() throws Exception {
        HierarchyGraph graph = fixture("- name: tools\n  path: .\n  enabled: true\n  platforms: [" + OTHER + "]\n")
                .write("Containerfile.tools", "FROM docker.io/library/debian:12\n")
                .read();
        assertEquals(
                Optional.of("FROM debian@sha256:1\n"),
                PlatformContainerfile.of(
                        graph.node(new ImageName("tools", "latest")).spec(),
                        graph,
                        reference -> Optional.of("debian@sha256:1")));
    }

    @Test
    void dockerIsRefusedForAnotherPlatformWithTheWayOut() {
        List<String> problems = fixture(
                        "- name: tools\n  path: .\n  enabled: true\n  manager: docker\n  platforms: " + both() + "\n")
                .write("Containerfile.tools", "FROM docker.io/library/debian:12\n")
                .problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).contains("is built by docker for " + OTHER)
                        && problems.get(0).contains("build it with 'manager: podman', or for " + OWN + " only"),
                problems.get(0));
    }
}
