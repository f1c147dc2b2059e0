package dev.ocisi.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * docs/goals.md against the plugin's descriptor (what Maven itself reads): every goal has its section, every parameter
 * a user can set is named there as {@code -Dproperty} (in its goal's section, or among the parameters every goal
 * takes), every parameter has a description, and the page names no goal or flag the plugin does not have.
 */
class GoalsDocTest {

    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");
    private static final Path GOALS = Path.of("../docs/goals.md");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern FLAG = Pattern.compile("-D([A-Za-z][A-Za-z0-9.]*)");
    private static final Pattern GOAL = Pattern.compile("(?<![\\w.-])ocisi:([a-z]+)(?![\\w-])");
    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\| `([a-z][A-Za-z0-9]*(?:\\.[A-Za-z0-9]+)+)` \\|");
    private static final String COMMON = "Parameters every goal takes";

    /** Goal to the properties its parameters read. */
    static Map<String, Set<String>> descriptor() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DESCRIPTOR.toFile());
        Map<String, Set<String>> goals = new LinkedHashMap<>();
        NodeList mojos = xml.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = mojo.getElementsByTagName("goal").item(0).getTextContent();
            Set<String> properties = new TreeSet<>();
            NodeList configuration = mojo.getElementsByTagName("configuration");
            if (configuration.getLength() > 0) {
                Matcher m = EXPRESSION.matcher(configuration.item(0).getTextContent());
                while (m.find()) {
                    if (!m.group(1)
                            .matches("(project|session|settings|mojoExecution|plugin|basedir|reactorProjects)"
                                    + "\\b.*")) {
                        properties.add(m.group(1));
                    }
                }
            }
            goals.put(goal, properties);
        }
        return goals;
    }

    /** Heading to its text, for the sections ({@code ## ...}) of goals.md. */
    private static Map<String, String> sections() throws Exception {
        Map<String, String> sections = new LinkedHashMap<>();
        String heading = "";
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(GOALS)) {
            if (line.startsWith("## ")) {
                sections.put(heading, text.toString());
                heading = line.substring(3).replace("`", "").strip();
                text = new StringBuilder();
            } else {
                text.append(line).append('\n');
            }
        }
        sections.put(heading, text.toString());
        return sections;
    }

    /** The properties a text names: as {@code -Dproperty}, or in the first column of a table of properties. */
    private static Set<String> flags(String text) {
        Set<String> flags = new TreeSet<>();
        Matcher m = FLAG.matcher(text);
        while (m.find()) {
            flags.add(m.group(1).replaceAll("\\.$", ""));
        }
        Matcher row = TABLE_ROW.matcher(text);
        while (row.find()) {
            flags.add(row.group(1));
        }
        return flags;
    }

    @Test
    void everyGoalAndParameterIsDocumentedAndNothingElseIs() throws Exception {
        Map<String, Set<String>> goals = descriptor();
        Map<String, String> sections = sections();
        assertTrue(sections.containsKey(COMMON), "goals.md has a section '" + COMMON + "'");
        Set<String> common = flags(sections.get(COMMON));
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Set<String>> goal : goals.entrySet()) {
            String section = sections.get("ocisi:" + goal.getKey());
            if (section == null) {
                missing.add("no section '## `ocisi:" + goal.getKey() + "`'");
                continue;
            }
            Set<String> documented = flags(section);
            documented.addAll(common);
            for (String property : goal.getValue()) {
                if (!documented.contains(property)) {
                    missing.add("ocisi:" + goal.getKey() + " -D" + property);
                }
            }
        }
        assertEquals(List.of(), missing, "in the descriptor, not in docs/goals.md");

        Set<String> known = new TreeSet<>();
        goals.values().forEach(known::addAll);
        String page = Files.readString(GOALS);
        Set<String> unknownFlags = flags(page);
        unknownFlags.removeAll(known);
        assertEquals(Set.of(), unknownFlags, "flags docs/goals.md names that no goal has");
        Set<String> unknownGoals = new TreeSet<>();
        Matcher m = GOAL.matcher(page);
        while (m.find()) {
            if (!goals.containsKey(m.group(1))) {
                unknownGoals.add(m.group(1));
            }
        }
        assertEquals(Set.of(), unknownGoals, "goals docs/goals.md names that the plugin does not have");
    }

    @Test
    void everyParameterHasADescription() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DESCRIPTOR.toFile());
        List<String> bare = new ArrayList<>();
        NodeList mojos = xml.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = mojo.getElementsByTagName("goal").item(0).getTextContent();
            NodeList parameters =
                    ((Element) mojo.getElementsByTagName("parameters").item(0)).getElementsByTagName("parameter");
            for (int j = 0; j < parameters.getLength(); j++) {
                Element parameter = (Element) parameters.item(j);
                boolean editable = !"false".equals(text(parameter, "editable"));
                if (editable && text(parameter, "description").isBlank()) {
                    bare.add(goal + " " + text(parameter, "name"));
                }
            }
        }
        assertEquals(List.of(), bare, "parameters without a description in the descriptor");
    }

    private static String text(Element element, String child) {
        NodeList nodes = element.getElementsByTagName(child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }
}
