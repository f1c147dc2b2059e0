package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelStepTest {

    @TempDir
    Path dir;

    @Test
    void everyLabelInOneInstructionQuotedForTheParser() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("dev.ocisi.image", "a:1");
        labels.put("odd", "a \"quoted\" back\\slash, $HOME and ${PATH}, 'single'");
        assertEquals(
                "LABEL \"dev.ocisi.image\"=\"a:1\" \"odd\"=\"a \\\"quoted\\\" back\\\\slash, \\$HOME and "
                        + "\\${PATH}, 'single'\"",
                LabelStep.instruction(labels, '\\'));
        assertEquals(
                "LABEL \"k\"=\"c:\\`$x `\"\"",
                LabelStep.instruction(Map.of("k", "c:\\$x \""), '`'),
                "with # escape=` the backtick escapes, and a backslash is plain");
        assertThrows(IllegalArgumentException.class, () -> LabelStep.instruction(Map.of("k", "two\nlines"), '\\'));
    }

    @Test
    void theCopyEndsWithTheStepAndKeepsTheEscapeDirective() throws Exception {
        Path containerfile = Files.writeString(
                dir.resolve("Containerfile"), "# syntax=docker/dockerfile:1\n" + "# escape=`\nFROM scratch\nCOPY a b");
        Path copy = LabelStep.write(containerfile, Map.of("k", "v$"), dir.resolve("copy"));
        assertEquals(
                "# syntax=docker/dockerfile:1\n# escape=`\nFROM scratch\nCOPY a b\nLABEL \"k\"=\"v`$\"\n",
                Files.readString(copy));
        assertEquals(
                '\\',
                LabelStep.escapeCharacter("FROM scratch\n# escape=`\n"),
                "a directive after an " + "instruction is a comment");
    }
}
