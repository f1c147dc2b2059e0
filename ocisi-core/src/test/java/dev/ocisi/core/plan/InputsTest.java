package dev.ocisi.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        return new Fixture(dir).write("ocisictl.yaml", "- name: app\n  path: ctx\n  enabled: true\n"
                        + "- name: other\n  path: ctx\n  enabled: true\n")
                .write("ctx/Containerfile.app", "FROM alpine\nCOPY bin/ /usr/local/bin/\nCOPY [\"conf/*.toml\", \"/etc/\"]\n"
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
        assertEquals(List.of("bin/tool", "conf/a.toml"), List.copyOf(inputs.files().keySet()));
        assertEquals(List.of("https://example.org/x.tgz"), inputs.remote());
    }

    @Test
    void theDigestFollowsEveryInputAndOnlyThem() throws Exception {
        Fixture fixture = fixture();
        ImageSpec app = image(fixture);
        String digest = Inputs.of(app, Map.of(), Map.of(), "").digest();
        fixture.write("ctx/unrelated.txt", "changed").write("ctx/Containerfile.other", "FROM debian\n")
                .write("ctx/bin/tool.bak", "ignored");
        assertEquals(digest, Inputs.of(app, Map.of(), Map.of(), "").digest(), "files the build cannot see");
        assertNotEquals(digest, Inputs.of(app, Map.of("A", "1"), Map.of(), "").digest());
        assertNotEquals(digest, Inputs.of(app, Map.of(), Map.of("p:1", "sha256:9"), "").digest());
        assertNotEquals(digest, Inputs.of(app, Map.of(), Map.of(), "sha256:base").digest());
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
        fixture.write("ctx/bin/tool", "#!/bin/sh\necho 2\n").write("ctx/bin/new", "x")
                .write("ctx/Containerfile.app", "FROM alpine\nCOPY bin/ /usr/local/bin/\n");
        Inputs after = Inputs.of(app, Map.of("V", "2"), Map.of("base:latest", "sha256:2"), "sha256:c");
        assertEquals(List.of("Containerfile changed", "context file bin/new added", "context file bin/tool changed",
                "context file conf/a.toml removed", "remote sources changed", "build arg V changed",
                "parent base:latest rebuilt", "base image updated"), after.changesSince(before));
        Decision decision = Decision.decide(after, Optional.of(new CurrentImage("sha256:old",
                Optional.of(before.digest()))), store, false);
        assertTrue(decision.build());
        assertEquals(after.changesSince(before), decision.reasons());
        assertEquals(List.of("up to date"), Decision.decide(after, Optional.of(new CurrentImage("sha256:x",
                Optional.of(after.digest()))), store, false).reasons());
        assertEquals(List.of("not built yet"), Decision.decide(after, Optional.empty(), store, false).reasons());
        assertEquals(List.of("forced"), Decision.decide(after, Optional.empty(), store, true).reasons());
        assertEquals(List.of("no record of its inputs"), Decision.decide(after, Optional.of(new CurrentImage("x",
                Optional.empty())), store, false).reasons());
    }

    @Test
    void ignoreRulesFollowDockersOrderAndExceptions() {
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
        Inputs inputs = new Inputs("c", new TreeMap<>(Map.of("f", "1")), List.of(), new TreeMap<>(Map.of("A", "1")),
                new TreeMap<>(), new TreeMap<>(Map.of("p:1", "sha256:2")), "sha256:3");
        assertEquals(inputs.digest(), new Inputs("c", new TreeMap<>(Map.of("f", "1")), List.of(),
                new TreeMap<>(Map.of("A", "1")), new TreeMap<>(), new TreeMap<>(Map.of("p:1", "sha256:2")),
                "sha256:3").digest());
        assertTrue(inputs.digest().startsWith("sha256:") && inputs.digest().length() == 71);
    }
}
