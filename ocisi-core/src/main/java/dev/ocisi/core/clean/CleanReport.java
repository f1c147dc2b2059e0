package dev.ocisi.core.clean;

import java.util.List;

/**
 * What {@code clean} did, or would do in a dry run.
 *
 * @param steps      every removal and every image left alone, in the order taken
 * @param bytesFreed the bytes of the layers no image holds any more (for a dry run: would hold)
 */
public record CleanReport(List<Removal> steps, long bytesFreed, boolean dryRun) {

    public CleanReport {
        steps = List.copyOf(steps);
    }

    public long count(Removal.Action action) {
        return steps.stream().filter(s -> s.action() == action).count();
    }
}
