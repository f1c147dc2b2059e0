package dev.ocisi.core.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every image of a run and what happened to it, in build order. */
public record BuildReport(List<ImageResult> results) {

    public BuildReport {
        results = List.copyOf(results);
    }

    public List<ImageResult> failed() {
        return results.stream().filter(r -> r.outcome() == ImageResult.Outcome.FAILED).toList();
    }

    public long count(ImageResult.Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** The summary table: image, result, duration, reason. */
    public List<String> table() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("IMAGE", "RESULT", "DURATION", "REASON"));
        for (ImageResult result : results) {
            rows.add(List.of(result.image().toString(), result.outcome().toString(),
                    result.outcome() == ImageResult.Outcome.SKIPPED ? "-" : seconds(result.duration()),
                    result.reason()));
        }
        int[] widths = new int[3];
        rows.forEach(row -> {
            for (int c = 0; c < 3; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        });
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            lines.add(String.format("%-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2] + "s  %s",
                    row.get(0), row.get(1), row.get(2), row.get(3)).stripTrailing());
        }
        return lines;
    }

    static String seconds(java.time.Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
