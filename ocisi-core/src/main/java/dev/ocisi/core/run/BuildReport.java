package dev.ocisi.core.run;

import dev.ocisi.core.log.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

    /** How often builds of this run were started again after an engine race (see {@link ImageResult#retries}). */
    public int retries() {
        return results.stream().mapToInt(ImageResult::retries).sum();
    }

    /** {@code Summary: 3 built, 1 up to date, 0 failed, 0 skipped}, and the retries when there were any. */
    public String summary() {
        return "Summary: " + count(ImageResult.Outcome.BUILT) + " built, " + count(ImageResult.Outcome.UP_TO_DATE)
                + " up to date, " + failed().size() + " failed, " + count(ImageResult.Outcome.SKIPPED) + " skipped"
                + (retries() == 0 ? "" : ", " + retries() + (retries() == 1 ? " build" : " builds") + " started again "
                        + "after podman's 'layer not known' race");
    }

    /** The reason shown for an image, with its retries. */
    static String reasonWithRetries(ImageResult result) {
        return result.retries() == 0 ? result.reason() : result.reason() + " (built again " + result.retries()
                + (result.retries() == 1 ? " time" : " times") + " after podman's 'layer not known' race)";
    }

    /** The summary table: image, result, duration, reason. */
    public List<String> table() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("IMAGE", "RESULT", "DURATION", "REASON"));
        for (ImageResult result : results) {
            rows.add(List.of(result.image().toString(), result.outcome().toString(),
                    result.outcome() == ImageResult.Outcome.SKIPPED ? "-" : TextTable.seconds(result.duration()),
                    reasonWithRetries(result)));
        }
        return TextTable.align(rows, Set.of(2));
    }

}
