package dev.ocisi.core.graph;

import java.util.ArrayList;
import java.util.List;

/** Splits instruction arguments into words at white space, honouring quotes, and keeps each word's offset. */
final class Words {

    /** A word with its quotes removed, and where it starts and ends (exclusive) in the arguments. */
    record Word(String text, int offset, int end) {}

    private Words() {}

    static List<Word> split(String arguments, char escape) {
        List<Word> words = new ArrayList<>();
        int i = 0;
        while (i < arguments.length()) {
            while (i < arguments.length() && Character.isWhitespace(arguments.charAt(i))) {
                i++;
            }
            if (i >= arguments.length()) {
                break;
            }
            int start = i;
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (i < arguments.length()) {
                char c = arguments.charAt(i);
                if (quote == 0 && Character.isWhitespace(c)) {
                    break;
                }
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                } else if (c == escape
                        && quote != '\''
                        && i + 1 < arguments.length()
                        && arguments.charAt(i + 1) != '$') {
                    word.append(arguments.charAt(++i));
                } else {
                    word.append(c);
                }
                i++;
            }
            words.add(new Word(word.toString(), start, i));
        }
        return words;
    }
}
