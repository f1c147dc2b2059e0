package dev.ocisi.core.log;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Rows of text as aligned columns, for the tables the goals print; the first row is the header. */
public final class TextTable {

    private TextTable() {}

    /** A duration as the tables and log lines show it: {@code 12.3 s}. */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** Bytes as podman and docker show them: decimal units ({@code 41.2 MB}). */
    public static String bytes(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
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
                line.append(
                        c == row.size() - 1
                                ? cell
                                : String.format("%" + (rightAligned.contains(c) ? "" : "-") + widths[c] + "s  ", cell));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
