package dev.ocisi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.config.HierarchyFiles;
import dev.ocisi.core.config.HostResources;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.problem.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a hostile or careless user could hand ocisi: each gives one located message in ocisi's words, never a stack
 * trace or a parser's jargon, and the valid odd ones (many merges, a byte order mark, CRLF) read as intended.
 */
class HostileFilesTest {

    private static final String ALPINE = "FROM docker.io/library/alpine:3.20\n";
    private static final String ITEM_A = "- name: a\n  path: img\n  enabled: true\n";

    @TempDir
    Path dir;

    private Fixture fixture() {
        return new Fixture(dir).write("img/Containerfile.a", ALPINE);
    }

    private List<String> problems(String yaml) {
        return fixture().write("ocisictl.yaml", yaml).problems();
    }

    @Test
    void twoThousandNestedListsAreTooDeepAtTheHundredAndFirst() {
        assertEquals(
                List.of("ocisictl.yaml:1:101: the YAML is nested more than 100 lists or mappings deep here; a "
                        + "hierarchy file needs a few levels: look for unclosed '[' or '{'"),
                problems("[".repeat(2000) + "]".repeat(2000) + "\n"));
        assertEquals(
                List.of("ocisictl.yaml:1:101: the YAML is nested more than 100 lists or mappings deep here; a "
                        + "hierarchy file needs a few levels: look for unclosed '[' or '{'"),
                problems("[".repeat(10_000) + "\n"));
        assertEquals(
                List.of("ocisictl.yaml:1:201: the YAML is nested more than 100 lists or mappings deep here; a "
                        + "hierarchy file needs a few levels: look for unclosed '[' or '{'"),
                problems("- ".repeat(3000) + "x\n"));
    }

    @Test
    void fiveHundredMergesOfTheDocumentedKindAreRead() throws Exception {
        StringBuilder yaml = new StringBuilder("- &common\n  name: a\n  path: img\n  enabled: true\n");
        for (int i = 0; i < 600; i++) {
            yaml.append("- <<: *common\n  name: a").append(i).append('\n');
            fixture().write("img/Containerfile.a" + i, ALPINE);
        }
        HierarchyGraph graph = fixture().write("ocisictl.yaml", yaml.toString()).read();
        assertEquals(601, graph.images().size());
        ImageNode last = graph.images().stream()
                .filter(n -> n.spec().id().name().equals("a599"))
                .findFirst()
                .orElseThrow();
        assertTrue(last.spec().enabled(), "the merged keys apply");
    }

    @Test
    void aBillionLaughsIsRefusedQuicklyInWords() {
        StringBuilder yaml = new StringBuilder("- name: a\n  path: img\n  enabled: true\n  labels:\n"
                + "    l0: &l0 {a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x, i: x, j: x}\n");
        for (int level = 1; level < 10; level++) {
            yaml.append("    l").append(level).append(": &l").append(level).append(" [");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
            }
            yaml.append("]\n");
        }
        List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problems(yaml.toString()));
        assertEquals(
                List.of("ocisictl.yaml:9:9: with its aliases written out, this value holds more than 200000 "
                        + "values (aliases of aliases multiply, as in a 'billion laughs' file); a hierarchy file needs far "
                        + "fewer: use fewer nested aliases"),
                problems);
    }

    @Test
    void mergeKeysOfMergeKeysStayAsSmallAsTheirKeys() {
        // the composer flattens each merge once, keeping each key once: ten merges of ten merges are still 3 keys
        StringBuilder yaml = new StringBuilder("- &m0 {name: a, path: img, enabled: true}\n");
        for (int level = 1; level < 12; level++) {
            yaml.append("- &m").append(level).append(" {<<: [");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*m").append(level - 1);
            }
            yaml.append("]}\n");
        }
        List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problems(yaml.toString()));
        assertEquals(
                List.of("ocisictl.yaml:1:14: a:latest is declared twice: here and at ocisictl.yaml:1:14; remove "
                        + "one or give it another tag"),
                problems,
                "every item merged into one named a");
    }

    @Test
    void aValueThatContainsItselfIsNamed() {
        assertEquals(
                List.of("ocisictl.yaml:1:3: this value contains itself through an alias (an anchor '&' used "
                        + "inside its own value): write the value out"),
                problems("- &a [*a]\n"));
    }

    @Test
    void aLatin1ByteIsReportedAtItsLineAndColumn() {
        byte[] yaml = (ITEM_A + "  tag: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        fixture().write("ocisictl.yaml", "");
        write("ocisictl.yaml", yaml);
        assertEquals(
                List.of("ocisictl.yaml:4:11: byte 0xE9 is not UTF-8: the file must be UTF-8 text (it looks "
                        + "like Latin-1 or another legacy encoding); convert it, e.g. iconv -f latin1 -t utf-8"),
                new Fixture(dir).problems());
    }

    @Test
    void aContainerfileThatIsNotUtf8IsReportedAtTheByte() {
        fixture().write("ocisictl.yaml", ITEM_A);
        write(
                "img/Containerfile.a",
                "FROM alpine\n# \u00e4\u00e4\u00e4 ok\nRUN echo \u00e4\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(
                List.of("img/Containerfile.a:2:3: Containerfile: byte 0xE4 is not UTF-8: the file must be "
                        + "UTF-8 text (it looks like Latin-1 or another legacy encoding); convert it, e.g. iconv -f latin1 -t "
                        + "utf-8"),
                new Fixture(dir).problems());
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndsAreRead() throws Exception {
        HierarchyGraph graph = fixture()
                .write("ocisictl.yaml", "\uFEFF" + ITEM_A.replace("\n", "\r\n") + "  tag: \"1.0\"\r\n")
                .read();
        assertEquals("a:1.0", graph.images().get(0).spec().id().toString());
    }

    @Test
    void syntaxErrorsAreInOcisisWordsAtTheOpeningQuoteOrBracket() {
        assertEquals(
                List.of("ocisictl.yaml:1:9: this quoted value is never closed: add the closing quote at the "
                        + "end of the value"),
                problems("- name: \"abc\n  path: img\n  enabled: true\n"));
        assertEquals(
                List.of("ocisictl.yaml:4:11: this list opened with '[' is not closed where it should be (the "
                        + "parser stopped at 5:7): add the ']', or a ',' between its items"),
                problems(ITEM_A + "  labels: [a, b\n  path: x\n"));
        assertEquals(
                List.of("ocisictl.yaml:1:3: this mapping opened with '{' is not closed where it should be (the "
                        + "parser stopped at 3:1): add the '}', or a ',' between its entries"),
                problems("- {name: a, path: img\n- b\n"));
        assertEquals(
                List.of("ocisictl.yaml:2:1: a tab: YAML indents with spaces only; replace the tab with spaces"),
                problems("- name: a\n\tpath: img\n"));
        assertEquals(
                List.of("ocisictl.yaml:1:9: alias '*x' names no anchor: mark the value it stands for with '&x' "
                        + "before this line"),
                problems("- name: *x\n"));
    }

    @Test
    void aContainerfileThatIsNoFileSaysWhatItIs() throws Exception {
        fixture()
                .write(
                        "ocisictl.yaml",
                        ITEM_A + "- {name: b, path: img, enabled: true}\n"
                                + "- {name: c, path: img, enabled: true}\n- {name: d, path: img, enabled: true}\n");
        Files.createDirectories(dir.resolve("img/Containerfile.b"));
        Process mkfifo =
                new ProcessBuilder("mkfifo", dir.resolve("img/Containerfile.c").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        Files.createSymbolicLink(dir.resolve("img/Containerfile.d"), Path.of("/dev/null"));
        Files.delete(dir.resolve("img/Containerfile.a"));
        Files.createSymbolicLink(dir.resolve("img/loop"), dir.resolve("img/Containerfile.a"));
        Files.createSymbolicLink(dir.resolve("img/Containerfile.a"), dir.resolve("img/loop"));
        assertEquals(
                List.of(
                        "ocisictl.yaml:1:9: Containerfile 'img/Containerfile.a' is a symbolic link loop; name a Containerfile",
                        "ocisictl.yaml:4:10: Containerfile 'img/Containerfile.b' is a folder, not a file; name a Containerfile",
                        "ocisictl.yaml:5:10: Containerfile 'img/Containerfile.c' is a named pipe (FIFO), not a file; name a "
                                + "Containerfile",
                        "ocisictl.yaml:6:10: Containerfile 'img/Containerfile.d' is a character device (such as /dev/null), "
                                + "not a file; name a Containerfile"),
                new Fixture(dir).problems());
    }

    @Test
    void aHierarchyFileThatIsAPipeIsNamedSo() throws Exception {
        assertEquals(
                0,
                new ProcessBuilder("mkfifo", dir.resolve("pipe.yaml").toString())
                        .start()
                        .waitFor());
        assertEquals(
                List.of("pipe.yaml:1:1: the hierarchy file is a named pipe (FIFO), not a file"),
                new Fixture(dir).problems("pipe.yaml"));
    }

    @Test
    void theFileOptionNamesNoFileOrOneFileTwice() throws Exception {
        ConfigurationException none = org.junit.jupiter.api.Assertions.assertThrows(
                ConfigurationException.class, () -> HierarchyFiles.resolve("-Docisi.file", ",,", dir));
        assertEquals(
                "-Docisi.file: ',,' names no hierarchy file: give one or more, separated by commas, e.g. "
                        + "-Docisi.file=ocisictl.yaml",
                none.problems().get(0).toString());
        fixture().write("a.yaml", ITEM_A);
        ConfigurationException twice = org.junit.jupiter.api.Assertions.assertThrows(
                ConfigurationException.class, () -> HierarchyFiles.resolve("-Docisi.file", "a.yaml,./a.yaml", dir));
        assertEquals(
                "-Docisi.file: names the same hierarchy file twice ('a.yaml' and './a.yaml' are "
                        + dir.resolve("a.yaml") + "): name it once",
                twice.problems().get(0).toString());
        Files.createSymbolicLink(dir.resolve("b.yaml"), dir.resolve("a.yaml"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(
                        ConfigurationException.class,
                        () -> HierarchyFiles.resolve("-Docisi.file", "a.yaml, b.yaml", dir))
                .getMessage()
                .contains("names the same hierarchy file twice ('a.yaml' and 'b.yaml'"));
        assertEquals(List.of(dir.resolve("a.yaml")), HierarchyFiles.resolve("-Docisi.file", " a.yaml ", dir));
    }

    @Test
    void aVmBiggerThanThisMachineLoadsWithAWarningThatSaysWhatItHas() throws Exception {
        HostResources host = HostResources.current();
        String cpus = String.valueOf(host.cpus() + 1);
        String memory = ((host.memoryBytes() >> 30) + 2) + "G";
        String line = "  vm: {cpus: " + cpus + ", memory: " + memory + "}";
        HierarchyGraph graph =
                fixture().write("ocisictl.yaml", ITEM_A + line + "\n").read();
        assertEquals(
                List.of(
                        "ocisictl.yaml:4:" + (line.indexOf(": " + cpus) + 3) + ": warning: cpus '" + cpus
                                + "' is more than the " + host.cpus()
                                + " processors this machine has: the VM runs, but no "
                                + "faster than with " + host.cpus(),
                        "ocisictl.yaml:4:" + (line.indexOf(memory) + 1) + ": warning: memory '" + memory
                                + "' is more than " + "this machine has (" + host.memoryText()
                                + "): QEMU will not boot it here"),
                graph.warnings().stream().map(Object::toString).toList());
    }

    private void write(String path, byte[] bytes) {
        try {
            Files.write(dir.resolve(path), bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
