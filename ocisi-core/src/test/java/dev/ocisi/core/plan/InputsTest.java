package dev.ocisi.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Sha256;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {

    @TempDir
    Path dir;

    @TempDir
    Path state;

    private ImageSpec image(Fixture fixture) throws Exception {
        return fixture.read().node(new ImageName("app", "latest")).spec();
    }

    private Fixture fixture() {
        return new Fixture(dir)
                .write(
                        "ocisictl.yaml",
                        "- name: app\n  path: ctx\n  enabled: true\n" + "- name: other\n  path: ctx\n  enabled: true\n")
                .write(
                        "ctx/Containerfile.app",
                        "FROM alpine\nCOPY bin/ /usr/local/bin/\nCOPY [\"conf/*.toml\", \"/etc/\"]\n"
                                + "ADD https://example.org/x.tgz /x.tgz\nCOPY --from=alpine /etc/os-release /x\n")
                .write("ctx/Containerfile.other", "FROM alpine\n")
                .write("ctx/bin/tool", "#!/bin/sh\n")
                .write("ctx/bin/tool.bak", "old\n")
                .write("ctx/conf/a.toml", "a = 1\n")
                .write("ctx/conf/b.ini", "b\n")
                .write("ctx/unrelated.txt", "never copied\n")
                .write("ctx/.containerignore", "# backups\n**/*.bak\n");
    }

    @Test
    void onlyTheFilesTheBuildReadsCount() throws Exception {
        Inputs inputs = Inputs.of(image(fixture()), Map.of("A", "1"), Map.of(), "");
        assertEquals(
                List.of("bin/tool", "conf/a.toml"), List.copyOf(inputs.files().keySet()));
        assertEquals(List.of("https://example.org/x.tgz"), inputs.remote());
    }

    @Test
    void theDigestFollowsEveryInputAndOnlyThem() throws Exception {
        Fixture fixture = fixture();
        ImageSpec app = image(fixture);
        String digest = Inputs.of(app, Map.of(), Map.of(), "").digest();
        fixture.write("ctx/unrelated.txt", "changed")
                .write("ctx/Containerfile.other", "FROM debian\n")
                .write("ctx/bin/tool.bak", "ignored");
        assertEquals(digest, Inputs.of(app, Map.of(), Map.of(), "").digest(), "files the build cannot see");
        assertNotEquals(digest, Inputs.of(app, Map.of("A", "1"), Map.of(), "").digest());
        assertNotEquals(
                digest, Inputs.of(app, Map.of(), Map.of("p:1", "sha256:9"), "").digest());
        assertNotEquals(
                digest, Inputs.of(app, Map.of(), Map.of(), "sha256:base").digest());
        fixture.write("ctx/conf/a.toml", "a = 2\n");
        assertNotEquals(digest, Inputs.of(app, Map.of(), Map.of(), "").digest());
    }

    @Test
    void changesAreNamedAndTheStoreKeepsThemByDigest() throws Exception {
        Fixture fixture = fixture();
        ImageSpec app = image(fixture);
        Inputs before = Inputs.of(app, Map.of("V", "1"), Map.of("base:latest", "sha256:1"), "sha256:b");
        InputsStore store = new InputsStore(state);
        store.save(before);
        assertEquals(Optional.of(before), store.load(before.digest()));
        fixture.write("ctx/bin/tool", "#!/bin/sh\necho 2\n")
                .write("ctx/bin/new", "x")
                .write("ctx/Containerfile.app", "FROM alpine\nCOPY bin/ /usr/local/bin/\n");
        Inputs after = Inputs.of(app, Map.of("V", "2"), Map.of("base:latest", "sha256:2"), "sha256:c");
        assertEquals(
                List.of(
                        "Containerfile changed",
                        "context file bin/new added",
                        "context file bin/tool changed",
                        "context file conf/a.toml removed",
                        "remote sources changed",
                        "build arg V changed",
                        "parent base:latest rebuilt",
                        "base image updated"),
                after.changesSince(before));
        Decision decision = Decision.decide(
                after, Optional.of(new CurrentImage("sha256:old", Optional.of(before.digest()))), store, false);
        assertTrue(decision.build());
        assertEquals(after.changesSince(before), decision.reasons());
        assertEquals(
                List.of("up to date"),
                Decision.decide(
                                after,
                                Optional.of(new CurrentImage("sha256:x", Optional.of(after.digest()))),
                                store,
                                false)
                        .reasons());
        assertEquals(
                List.of("not built yet"),
                Decision.decide(after, Optional.empty(), store, false).reasons());
        assertEquals(
                List.of("forced"),
                Decision.decide(after, Optional.empty(), store, true).reasons());
        assertEquals(
                List.of("no record of its inputs"),
                Decision.decide(after, Optional.of(new CurrentImage("x", Optional.empty())), store, false)
                        .reasons());
    }

    @Test
    void ignoreRulesFollowDockersOrderAndExceptions() throws Exception {
        IgnoreRules rules = IgnoreRules.parse(List.of("*.log", "build", "!build/keep.txt", "docs/**/*.png"));
        assertTrue(rules.ignores("x.log"));
        assertTrue(!rules.ignores("sub/x.log"), "* does not cross folders");
        assertTrue(rules.ignores("build/out.o"), "a folder's files go with it");
        assertTrue(!rules.ignores("build/keep.txt"), "the exception comes last");
        assertTrue(rules.ignores("docs/a/b/c.png"));
        assertTrue(rules.ignores("docs/c.png"));
        assertTrue(!rules.ignores("src/Main.java"));
    }

    @Test
    void theCanonicalFormIsStable() {
        Inputs inputs = inputs(new TreeMap<>(), "");
        // the text images were digested by before root filesystems: their digests must not move
        assertEquals(
                "sha256:"
                        + Sha256.ofText("ocisi-inputs-v1\ncontainerfile c\nfile f 1\narg A=1\n"
                                + "parent p:1 sha256:2\nbase sha256:3\n"),
                inputs.digest());
        assertEquals(
                inputs,
                inputs(null, null),
                "inputs recorded before root filesystems and platforms read as having none");
        Inputs arm = inputs(null, "linux/arm64");
        assertEquals(
                "sha256:"
                        + Sha256.ofText("ocisi-inputs-v1\ncontainerfile c\nfile f 1\narg A=1\n"
                                + "parent p:1 sha256:2\nbase sha256:3\nplatform linux/arm64\n"),
                arm.digest());
        assertEquals(List.of("platform this machine's -> linux/arm64"), arm.changesSince(inputs));
    }

    /** The same Containerfile, file, argument, parent and base, with these root filesystem settings and platform. */
    private static Inputs inputs(SortedMap<String, String> rootfs, String platform) {
        return new Inputs(
                "c",
                new TreeMap<>(Map.of("f", "1")),
                List.of(),
                new TreeMap<>(Map.of("A", "1")),
                new TreeMap<>(),
                new TreeMap<>(Map.of("p:1", "sha256:2")),
                "sha256:3",
                rootfs,
                platform);
    }

    private Inputs rootfsInputs(String rootfs) throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("ocisictl.yaml", "- name: base\n  enabled: true\n  rootfs:\n" + rootfs.indent(4))
                .write("base.tar", "not really a tarball");
        ImageSpec spec = fixture.read().node(new ImageName("base", "latest")).spec();
        return Inputs.of(spec, Map.of(), Map.of(), "");
    }

    @Test
    void aRootfsImageDependsOnItsPinAndSettingsNotOnItsPath() throws Exception {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        Inputs pinnedA = rootfsInputs("tarball: base.tar\nsha256: " + a);
        Inputs pinnedB = rootfsInputs("tarball: base.tar\nsha256: " + b);
        assertEquals(List.of("tarball changed (sha256 aaaaaaaaaaaa -> bbbbbbbbbbbb)"), pinnedB.changesSince(pinnedA));
        assertEquals(
                pinnedA.digest(),
                rootfsInputs("tarball: ./base.tar\nsha256: sha256:" + a.toUpperCase(Locale.ROOT))
                        .digest(),
                "the same pin written another way is the same image");
        Inputs withCmd = rootfsInputs("tarball: base.tar\nsha256: " + a + "\ncmd: [/bin/sh]");
        assertEquals(List.of("cmd changed"), withCmd.changesSince(pinnedA));

        Inputs git = rootfsInputs("debootstrap:\n  suite: bookworm\n  packages: [git, vim]");
        Inputs gitJq = rootfsInputs("debootstrap:\n  suite: bookworm\n  packages: [vim, git, jq]");
        assertEquals(List.of("debootstrap packages changed (+jq)"), gitJq.changesSince(git));
        assertEquals(List.of("debootstrap packages changed (-jq)"), git.changesSince(gitJq));
        assertEquals(
                git.digest(),
                rootfsInputs("debootstrap:\n  suite: bookworm\n  packages: [vim, git]")
                        .digest(),
                "the order of packages installs the same");
        Inputs trixie = rootfsInputs("debootstrap:\n  suite: trixie\n  packages: [git, vim]");
        assertEquals(List.of("debootstrap suite changed (bookworm -> trixie)"), trixie.changesSince(git));
        assertEquals(List.of("now made from a debootstrap"), git.changesSince(pinnedA));
        assertEquals(List.of("now made from a tarball"), pinnedA.changesSince(git));
    }
}
