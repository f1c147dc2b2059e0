package dev.ocisi.core.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands build-argument references in a Containerfile word as the Dockerfile shell lexer does: {@code $NAME},
 * {@code ${NAME}}, {@code ${NAME:-word}}, {@code ${NAME-word}}, {@code ${NAME:+word}}, {@code ${NAME+word}}; the
 * escape character before {@code $} keeps it literal. Names with no value expand to nothing and are reported.
 */
final class ArgExpander {

    /** The expanded text and the names it used that had no value. */
    record Result(String text, List<String> unset) {}

    private ArgExpander() {}

    static Result expand(String word, Map<String, String> scope, char escape) {
        List<String> unset = new ArrayList<>();
        String text = expand(word, scope, escape, unset);
        return new Result(text, List.copyOf(unset));
    }

    private static String expand(String word, Map<String, String> scope, char escape, List<String> unset) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < word.length()) {
            char c = word.charAt(i);
            if (c == escape && i + 1 < word.length() && word.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < word.length() && word.charAt(i + 1) == '{') {
                int close = matchingBrace(word, i + 2);
                if (close < 0) {
                    out.append(word, i, word.length());
                    break;
                }
                out.append(braced(word.substring(i + 2, close), scope, escape, unset));
                i = close + 1;
            } else if (c == '$' && i + 1 < word.length() && isNameChar(word.charAt(i + 1))) {
                int end = i + 1;
                while (end < word.length() && isNameChar(word.charAt(end))) {
                    end++;
                }
                out.append(value(word.substring(i + 1, end), scope, unset));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String braced(String inner, Map<String, String> scope, char escape, List<String> unset) {
        int end = 0;
        while (end < inner.length() && isNameChar(inner.charAt(end))) {
            end++;
        }
        String name = inner.substring(0, end);
        String rest = inner.substring(end);
        String value = scope.get(name);
        boolean set = value != null;
        boolean nonEmpty = set && !value.isEmpty();
        if (rest.startsWith(":-")) {
            return nonEmpty ? value : expand(rest.substring(2), scope, escape, unset);
        }
        if (rest.startsWith("-")) {
            return set ? value : expand(rest.substring(1), scope, escape, unset);
        }
        if (rest.startsWith(":+")) {
            return nonEmpty ? expand(rest.substring(2), scope, escape, unset) : "";
        }
        if (rest.startsWith("+")) {
            return set ? expand(rest.substring(1), scope, escape, unset) : "";
        }
        return value(name, scope, unset);
    }

    private static String value(String name, Map<String, String> scope, List<String> unset) {
        String value = scope.get(name);
        if (value == null) {
            unset.add(name);
            return "";
        }
        return value;
    }

    private static int matchingBrace(String word, int from) {
        int depth = 1;
        for (int i = from; i < word.length(); i++) {
            if (word.charAt(i) == '{') {
                depth++;
            } else if (word.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
