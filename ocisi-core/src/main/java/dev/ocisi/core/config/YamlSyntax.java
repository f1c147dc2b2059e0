package dev.ocisi.core.config;

import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problems;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * YAML syntax errors in ocisi's words: where the construct that went wrong begins (the opening quote or bracket,
 * not the end of the file where the parser noticed) and what to change. A case not known here keeps the parser's
 * words with a general fix.
 */
final class YamlSyntax {

    private static final Pattern UNEXPECTED_CHARACTER =
            Pattern.compile("found character '(.+?)' that cannot start " + "any token.*");
    private static final Pattern UNKNOWN_ESCAPE = Pattern.compile("found unknown escape character (\\S+?)\\(\\d+\\)");
    private static final Pattern UNDEFINED_ALIAS = Pattern.compile("found undefined alias (.+)");

    private YamlSyntax() {}

    static void report(MarkedYamlEngineException e, YamlSource source, Problems problems) {
        String problem = String.valueOf(e.getProblem());
        String context = e.getContext() == null ? "" : e.getContext();
        Optional<Mark> found = e.getProblemMark().or(e::getContextMark);
        Location foundAt = source.locate(found);
        Location opened = source.locate(e.getContextMark().or(e::getProblemMark));
        Matcher unexpected = UNEXPECTED_CHARACTER.matcher(problem);
        Matcher escape = UNKNOWN_ESCAPE.matcher(problem);
        Matcher alias = UNDEFINED_ALIAS.matcher(problem);
        if (context.contains("quoted scalar") && problem.contains("end of stream")) {
            problems.error(opened, "this quoted value is never closed: add the closing quote at the end of the value");
        } else if (context.contains("quoted scalar") && problem.contains("end of document")) {
            problems.error(
                    opened,
                    "this quoted value runs into a '---' or '...' line: add the closing quote at the "
                            + "end of the value");
        } else if (context.contains("flow sequence")) {
            problems.error(
                    opened,
                    "this list opened with '[' is not closed where it should be (" + after(foundAt)
                            + "): add the ']', or a ',' between its items");
        } else if (context.contains("flow mapping")) {
            problems.error(
                    opened,
                    "this mapping opened with '{' is not closed where it should be (" + after(foundAt)
                            + "): add the '}', or a ',' between its entries");
        } else if (problem.startsWith("found character '\\t(TAB)'")) {
            problems.error(foundAt, "a tab: YAML indents with spaces only; replace the tab with spaces");
        } else if (unexpected.matches()) {
            problems.error(
                    foundAt,
                    "'" + unexpected.group(1) + "' cannot start a YAML value: put the value in quotes, " + "e.g. \""
                            + unexpected.group(1) + "...\"");
        } else if (escape.matches()) {
            problems.error(
                    foundAt,
                    "'\\" + escape.group(1) + "' is no escape in a double-quoted value: write '\\\\' "
                            + "for a backslash, or put the value in single quotes");
        } else if (alias.matches()) {
            problems.error(
                    foundAt,
                    "alias '*" + alias.group(1) + "' names no anchor: mark the value it stands for " + "with '&"
                            + alias.group(1) + "' before this line");
        } else if (problem.startsWith("mapping values are not allowed here")) {
            problems.error(
                    foundAt,
                    "a ':' where a value was expected: put a value that holds ': ' in quotes "
                            + "(name: \"a: b\"), or fix the indentation of this line");
        } else if (problem.startsWith("expected <block end>")
                || problem.startsWith("did not find expected key")
                || problem.contains("while parsing a block")) {
            problems.error(
                    foundAt,
                    "this line's indentation does not fit the lines above it: indent it like the "
                            + "other keys of its item (the list or mapping begins at " + opened + ")");
        } else {
            problems.error(
                    foundAt,
                    "YAML syntax error: " + problem + (context.isEmpty() ? "" : " (" + context + ")")
                            + "; check the quotes, brackets and indentation around here");
        }
    }

    private static String after(Location foundAt) {
        return "the parser stopped at " + foundAt.line() + ":" + foundAt.column();
    }

    static String firstLine(String text) {
        if (text == null) {
            return "unreadable YAML";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
