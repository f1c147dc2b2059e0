package dev.ocisi.core.report;

import dev.ocisi.core.history.RunHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A run as rows on build lanes: each image's step from its start to its end, on the first lane free when it started,
 * so that the lanes show what ran side by side and what waited.
 *
 * @param spanMillis from the run's start to its last step's end (at least 1)
 * @param lanes      how many steps ran at once at most
 */
public record Timeline(Instant start, long spanMillis, int lanes, List<Bar> bars) {

    /** Steps that end and start within this much of each other share a lane: the two times are taken apart. */
    static final long SAME_LANE_SLACK_MILLIS = 20;

    /** One image's step, in milliseconds from the run's start. */
    public record Bar(
            String image,
            int lane,
            long fromMillis,
            long toMillis,
            String result,
            String reason,
            int retries,
            String error) {}

    public Timeline {
        bars = List.copyOf(bars);
    }

    /** The run's timeline; empty for a run recorded before the steps' times were (or with no step). */
    public static Optional<Timeline> of(RunHistory.RunRecord run) {
        Instant runStart = Instant.parse(run.start());
        List<RunHistory.ImageRecord> timed = run.images().stream()
                .filter(i -> i.started().isPresent())
                .sorted(Comparator.comparing(
                                (RunHistory.ImageRecord i) -> i.started().get())
                        .thenComparing(i -> Instant.parse(i.ended())))
                .toList();
        if (timed.isEmpty()) {
            return Optional.empty();
        }
        List<Long> laneEnds = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        long span = 1;
        for (RunHistory.ImageRecord image : timed) {
            long from = Math.max(
                    0, Duration.between(runStart, image.started().get()).toMillis());
            long to = Math.max(
                    from,
                    Duration.between(runStart, Instant.parse(image.ended())).toMillis());
            int lane = 0;
            while (lane < laneEnds.size() && laneEnds.get(lane) > from + SAME_LANE_SLACK_MILLIS) {
                lane++;
            }
            if (lane == laneEnds.size()) {
                laneEnds.add(to);
            } else {
                laneEnds.set(lane, to);
            }
            span = Math.max(span, to);
            bars.add(new Bar(
                    image.image(),
                    lane,
                    from,
                    to,
                    image.result(),
                    image.reason(),
                    image.retries(),
                    image.error() == null ? "" : image.error()));
        }
        return Optional.of(new Timeline(runStart, span, laneEnds.size(), bars));
    }
}
