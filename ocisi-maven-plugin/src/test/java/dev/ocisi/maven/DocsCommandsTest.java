package dev.ocisi.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Maven command line in README.md and docs/ (code spans, shell blocks, CI files) that runs an ocisi goal names
 * goals the plugin has and, for each {@code -Dflag}, a parameter of one of those goals (or one of Maven's own): a
 * renamed or mistyped flag in the docs would otherwise be ignored by Maven without a word. Whether the command lines
 * run is scripts/docs-check.sh's part.
 */
class DocsCommandsTest {

    private static final Pattern COMMAND = Pattern.compile("(?:mvn|mvnw)\\b[^`\\n]*");
    private static final Pattern GOAL =
            Pattern.compile("(?<![\\w.-])(?:ocisi|dev\\.ocisi:ocisi-maven-plugin:[^:\\s]+):([a-z]+)(?![\\w-])");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])-D([A-Za-z][A-Za-z0-9.]*[A-Za-z0-9])");
    /** Maven's own properties, which any command line may set. */
    private static final Set<String> MAVEN = Set.of("skipTests", "maven.repo.local", "style.color");

    static List<Path> pages() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(Path.of("../README.md")));
        try (Stream<Path> docs = Files.list(Path.of("../docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void everyFlagOfADocumentedCommandLineBelongsToItsGoals() throws Exception {
        Map<String, Set<String>> goals = GoalsDocTest.descriptor();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher command = COMMAND.matcher(lines.get(i));
                while (command.find()) {
                    String text = command.group();
                    List<String> named = new ArrayList<>();
                    Matcher goal = GOAL.matcher(text);
                    while (goal.find()) {
                        named.add(goal.group(1));
                    }
                    if (named.isEmpty()) {
                        continue;
                    }
                    checked++;
                    String where = page.getFileName() + ":" + (i + 1) + ": " + text.strip();
                    for (String name : named) {
                        if (!goals.containsKey(name)) {
                            wrong.add(where + ": no goal ocisi:" + name);
                        }
                    }
                    Matcher flag = FLAG.matcher(text);
                    while (flag.find()) {
                        String property = flag.group(1);
                        boolean known = MAVEN.contains(property)
                                || named.stream()
                                        .anyMatch(name -> goals.getOrDefault(name, Set.of())
                                                .contains(property));
                        if (!known) {
                            wrong.add(where + ": -D" + property + " is no parameter of " + named);
                        }
                    }
                }
            }
        }
        assertTrue(checked > 40, "command lines found in README.md and docs/: " + checked);
        assertEquals(List.of(), wrong, "flags or goals in the docs' command lines that the plugin does not have");
    }
}
