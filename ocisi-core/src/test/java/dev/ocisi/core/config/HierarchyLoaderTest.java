package dev.ocisi.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.problem.Location;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HierarchyLoaderTest {

    private static final String ALPINE = "FROM docker.io/library/alpine:3.20\n";

    @TempDir
    Path dir;

    private Hierarchy load(Fixture fixture, String... files) throws Exception {
        List<Path> paths = java.util.Arrays.stream(files.length == 0 ? new String[] {"ocisictl.yaml"} : files)
                .map(fixture::path)
                .toList();
        return new HierarchyLoader(dir, Map.of()).load(paths);
    }

    @Test
    void theMappingFormAppliesDefaultsThatItemsOverride() throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults:
                  path: images
                  manager: docker
                  enabled: true
                  args:
                    MIRROR: deb.debian.org
                images:
                  - name: base
                  - name: tools
                    manager: podman
                    enabled: false
                """)
                .write("images/Containerfile.base", ALPINE)
                .write("images/Containerfile.tools", ALPINE);
        Hierarchy hierarchy = load(fixture);
        ImageSpec base = hierarchy.images().get(0);
        ImageSpec tools = hierarchy.images().get(1);
        assertEquals(Manager.DOCKER, base.manager());
        assertTrue(base.enabled());
        assertEquals(Map.of("MIRROR", "deb.debian.org"), base.args());
        assertEquals(Manager.PODMAN, tools.manager());
        assertFalse(tools.enabled());
        assertEquals(
                new Location("ocisictl.yaml", 3, 12),
                base.origin().of("manager"),
                "a defaulted value points at the defaults section");
    }

    @Test
    void mergeKeysAndAnchorsWork() throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("ocisictl.yaml", """
                - &common
                  name: base
                  path: img
                  enabled: true
                  labels: {team: tools}
                - <<: *common
                  name: more
                  tag: "2"
                """)
                .write("img/Containerfile.base", ALPINE)
                .write("img/Containerfile.more", ALPINE);
        ImageSpec more = load(fixture).images().get(1);
        assertEquals(new ImageName("more", "2"), more.id());
        assertEquals(Map.of("team", "tools"), more.labels());
        assertTrue(more.enabled());
    }

    @Test
    void valuesKeepTheirTextAndYaml11BooleansStillWork() throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("ocisictl.yaml", """
                - name: py
                  path: img
                  tag: 3.10
                  enabled: yes
                  assemble: Off
                  args: {VERSION: 3.10, EMPTY: }
                """)
                .write("img/Containerfile.py", "ARG VERSION\nARG EMPTY\n" + ALPINE);
        ImageSpec py = load(fixture).images().get(0);
        assertEquals("3.10", py.id().tag(), "PyYAML would have read the float 3.1");
        assertTrue(py.enabled());
        assertFalse(py.assemble());
        assertEquals("3.10", py.args().get("VERSION"));
        assertEquals("", py.args().get("EMPTY"));
    }

    @Test
    void anEmptyTagMeansLatestAsInOcisictl() throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("ocisictl.yaml", "- name: a\n  path: img\n  enabled: true\n  tag:\n")
                .write("img/Containerfile.a", ALPINE);
        assertEquals("latest", load(fixture).images().get(0).id().tag());
    }

    @Test
    void pathsAreRelativeToTheHierarchyFileAndFilesKeepTheirOrder() throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("conf/one.yaml", "- name: a\n  path: ../img\n  enabled: true\n")
                .write("two.yaml", "- name: b\n  path: img\n  enabled: true\n  containerfile: sub/Dockerfile\n")
                .write("img/Containerfile.a", ALPINE)
                .write("img/sub/Dockerfile", ALPINE);
        Hierarchy hierarchy = load(fixture, "conf/one.yaml", "two.yaml");
        assertEquals(List.of(dir.resolve("conf/one.yaml"), dir.resolve("two.yaml")), hierarchy.files());
        assertEquals(dir.resolve("img"), hierarchy.images().get(0).context());
        assertEquals(
                dir.resolve("img/sub/Dockerfile"), hierarchy.images().get(1).containerfile());
        assertEquals(1, hierarchy.images().get(1).index());
    }

    @Test
    void aDisabledImageWithoutItsFilesOnlyWarns() throws Exception {
        Fixture fixture = new Fixture(dir).write("ocisictl.yaml", "- name: old\n  path: gone\n  enabled: false\n");
        Hierarchy hierarchy = load(fixture);
        assertEquals(1, hierarchy.images().size());
        assertEquals(
                List.of("ocisictl.yaml:2:9: warning: folder 'gone' does not exist; 'path' names the folder "
                        + "that holds the Containerfile, relative to the hierarchy file (the image is disabled, so this only "
                        + "warns)"),
                hierarchy.warnings().stream().map(Object::toString).toList());
    }

    @Test
    void theDxConventionGivesImgAndTagWhichTheUserMayOverride() throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("ocisictl.yaml", """
                - name: zig-dx
                  tag: 0.14.0
                  path: img
                  enabled: true
                - name: go-dx
                  path: img
                  enabled: true
                  args: {IMG: golang}
                """)
                .write("img/Containerfile.img-dx", "ARG IMG\nARG TAG\nFROM $IMG:$TAG\n");
        Hierarchy hierarchy = load(fixture);
        assertEquals(
                Map.of("IMG", "zig", "TAG", "0.14.0"), hierarchy.images().get(0).fromArgs());
        assertEquals(
                Map.of("IMG", "golang", "TAG", "latest"),
                hierarchy.images().get(1).fromArgs());
    }

    @Test
    void rootfsItemsNeedNoPathOrContainerfileAndAreRootsOfTheGraph() throws Exception {
        String pin = "ab".repeat(32);
        Fixture fixture = new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true}
                images:
                  - name: debian
                    tag: bookworm
                    rootfs:
                      debootstrap:
                        suite: bookworm
                        packages: [ca-certificates]
                  - name: alpine
                    tag: "3.20"
                    rootfs: {tarball: bases/alpine.tar.gz, sha256: "sha256:%s", cmd: [/bin/sh, -l]}
                  - name: dev
                """.formatted(pin.toUpperCase(Locale.ROOT)))
                .write("bases/alpine.tar.gz", "x")
                .write("img/Containerfile.dev", "FROM localhost/debian:bookworm\nCOPY --from=alpine:3.20 /x /x\n");
        var graph = fixture.read();
        ImageSpec debian = graph.node(new ImageName("debian", "bookworm")).spec();
        RootfsSettings.Debootstrap debootstrap =
                (RootfsSettings.Debootstrap) debian.rootfs().orElseThrow().source();
        assertEquals(
                new RootfsSettings.Debootstrap(
                        "bookworm", "minbase", List.of("main"), List.of("ca-certificates"), java.util.Optional.empty()),
                debootstrap);
        assertEquals(java.util.Optional.empty(), debian.rootfs().get().cmd());
        assertEquals(null, debian.containerfile(), "no Containerfile is looked for, though 'path' has a default");
        ImageSpec alpine = graph.node(new ImageName("alpine", "3.20")).spec();
        RootfsSettings.Tarball tarball =
                (RootfsSettings.Tarball) alpine.rootfs().orElseThrow().source();
        assertEquals(dir.resolve("bases/alpine.tar.gz"), tarball.file());
        assertEquals(pin, tarball.sha256(), "the prefix goes, the digits are lowercased");
        assertEquals(
                java.util.Optional.of("[\"/bin/sh\", \"-l\"]"),
                alpine.rootfs().get().cmd());
        assertEquals(List.of(), graph.dependencies(new ImageName("debian", "bookworm")));
        assertEquals(
                List.of("alpine:3.20", "debian:bookworm"),
                graph.dependencies(new ImageName("dev", "latest")).stream()
                        .map(d -> d.parent().toString())
                        .sorted()
                        .toList(),
                "FROM and COPY --from find them like any image");
        assertEquals(
                new ImageName("debian", "bookworm"),
                graph.parent(new ImageName("dev", "latest")).orElseThrow().id());
    }

    @Test
    void theKeysAreTheHierarchysWrittenOnceInDefaults() throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("keys/ocisi.pub", "a public key\n")
                .write("keys/ocisi.key", "a private key\n")
                .write("keys/other.pub", "another\n")
                .write("images/Containerfile.base", ALPINE)
                .write("images/Containerfile.tools", ALPINE)
                .write(
                        "ocisictl.yaml",
                        "defaults: {path: images, enabled: true, sign: keys/ocisi.key, verify: keys/ocisi.pub}\n"
                                + "images:\n  - name: base\n")
                .write(
                        "same.yaml",
                        "defaults: {path: images, enabled: true, verify: keys/ocisi.pub, sign: keys/ocisi.key}\n"
                                + "images:\n  - name: tools\n");
        Hierarchy hierarchy = load(fixture, "ocisictl.yaml", "same.yaml");
        assertEquals(
                java.util.Optional.of(dir.resolve("keys/ocisi.key")),
                hierarchy.trust().sign());
        assertEquals(
                java.util.Optional.of(dir.resolve("keys/ocisi.pub")),
                hierarchy.trust().verify());

        fixture.write(
                        "other.yaml",
                        "defaults: {path: images, enabled: true, verify: keys/other.pub}\n"
                                + "images:\n  - name: tools\n    sign: keys/ocisi.key\n")
                .write(
                        "missing.yaml",
                        "defaults: {path: images, enabled: true, sign: keys/none.key}\nimages:\n  - name: tools\n");
        assertEquals(
                List.of(
                        "other.yaml:1:49: these keys differ from those at ocisictl.yaml:1:47, and one run signs and "
                                + "checks with one pair: name the same files, or write them in one file only",
                        "other.yaml:4:5: 'sign' names the hierarchy's key, the same for every image: move it into "
                                + "'defaults'"),
                fixture.problems("ocisictl.yaml", "other.yaml").stream()
                        .sorted()
                        .toList());
        assertEquals(
                List.of("missing.yaml:1:47: 'sign' names keys/none.key, which is no file: give the private key, "
                        + "ocisi.key, relative to this file's folder (mvn ocisi:keygen writes the pair beside it)"),
                fixture.problems("missing.yaml"));
    }

    @Test
    void basesAreCheckedWithTheKeyOfTheLongestPrefixThatHoldsThem() throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("keys/fedora.pub", "a\n")
                .write("keys/silverblue.pub", "b\n")
                .write("images/Containerfile.base", ALPINE)
                .write("ocisictl.yaml", """
                        defaults:
                          path: images
                          enabled: true
                          verifyBases:
                            quay.io/fedora: keys/fedora.pub
                            quay.io/fedora/fedora-silverblue: keys/silverblue.pub
                        images:
                          - name: base
                        """);
        TrustSettings trust = load(fixture).trust();
        assertEquals(
                java.util.Optional.of(dir.resolve("keys/silverblue.pub")),
                trust.baseKey("quay.io/fedora/fedora-silverblue").map(Map.Entry::getValue));
        assertEquals(
                java.util.Optional.of(dir.resolve("keys/fedora.pub")),
                trust.baseKey("quay.io/fedora/fedora-minimal").map(Map.Entry::getValue));
        assertEquals(java.util.Optional.empty(), trust.baseKey("quay.io/fedoraproject/x"), "at a slash only");
        assertEquals(java.util.Optional.empty(), trust.baseKey("ghcr.io/ublue-os/base-main"));

        fixture.write("bad.yaml", """
                defaults:
                  path: images
                  enabled: true
                  verifyBases:
                    docker.io/library: keys/fedora.pub
                    fedora: keys/fedora.pub
                images:
                  - name: base
                """);
        fixture.write(
                "missing.yaml",
                "defaults: {path: images, enabled: true, verifyBases: {quay.io/fedora: keys/none.pub}}\n"
                        + "images:\n  - name: base\n");
        List<String> problems = new java.util.ArrayList<>(fixture.problems("bad.yaml"));
        problems.addAll(fixture.problems("missing.yaml"));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(
                problems.get(0)
                        .startsWith("bad.yaml:5:5: 'docker.io/library': Docker Hub's images cannot be "
                                + "checked by ocisi; pin them instead"),
                problems.toString());
        assertTrue(problems.get(1).startsWith("bad.yaml:6:5: 'fedora' is no repository prefix ("), problems.toString());
        assertTrue(
                problems.get(2).contains("'verifyBases.quay.io/fedora' names keys/none.pub, which is no file"),
                problems.toString());
    }
}
