package dev.ocisi.core.problem;

/**
 * Text from a user's files as a message may show it: control characters written as escapes, so that a value
 * holding a line break cannot start a line of its own in a log (a forged "[INFO] BUILD SUCCESS").
 */
public final class Printable {

    private Printable() {}

    /** Control characters, line and paragraph separators: what a terminal or log reader would act on. */
    public static boolean isControl(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** The text with each control character written as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}. */
    public static String escape(String text) {
        if (text.codePoints().noneMatch(Printable::isControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
