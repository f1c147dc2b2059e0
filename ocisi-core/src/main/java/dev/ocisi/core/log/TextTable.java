package dev.ocisi.core.log;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Rows of text as aligned columns, for the tables the goals print; the first row is the header. */
public final class TextTable {

    private TextTable() {
    }

    /** A duration as the tables and log lines show it: {@code 12.3 s}. */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    public static List<String> align(List<List<String>> rows) {
        return align(rows, Set.of());
    }

    /** @param rightAligned the columns (from 0) aligned to the right, such as durations */
    public static List<String> align(List<List<String>> rows, Set<Integer> rightAligned) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                line.append(c == row.size() - 1 ? cell : String.format("%" + (rightAligned.contains(c) ? "" : "-")
                        + widths[c] + "s  ", cell));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
