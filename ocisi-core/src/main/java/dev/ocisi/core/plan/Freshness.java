package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RefreshPeriod;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An image's inputs as they are now, and whether its tagged image was built from them: the one rule for both. */
public final class Freshness {

    public record Verdict(Inputs inputs, Decision decision) {}

    private Freshness() {}

    /** {@code 3 d ago}, {@code 5 h ago}, {@code 12 min ago}. */
    static String ago(Duration age) {
        if (age.toDays() >= 2) {
            return age.toDays() + " d ago";
        }
        if (age.toHours() >= 2) {
            return age.toHours() + " h ago";
        }
        return Math.max(0, age.toMinutes()) + " min ago";
    }

    public static Verdict of(
            ImageSpec spec,
            Map<String, String> parentIds,
            String baseId,
            Optional<CurrentImage> current,
            BuildOptions options,
            RunUser user,
            InputsStore store)
            throws IOException {
        return of(
                spec,
                parentIds,
                baseId,
                current,
                options,
                user,
                store,
                new RefreshRecords(options.stateFolder()),
                Instant.now());
    }

    /**
     * @param refreshes when refreshes last found images unchanged
     * @param now       the time the refresh periods are measured to
     */
    public static Verdict of(
            ImageSpec spec,
            Map<String, String> parentIds,
            String baseId,
            Optional<CurrentImage> current,
            BuildOptions options,
            RunUser user,
            InputsStore store,
            RefreshRecords refreshes,
            Instant now)
            throws IOException {
        Inputs inputs = Inputs.of(spec, BuildArguments.of(spec, user), BuildLabels.of(spec, user), parentIds, baseId);
        Decision decision =
                Decision.decide(inputs, current, store, options.force().applies(spec.id()));
        if (!decision.build() && options.pull() && spec.isDebootstrap()) {
            // -Docisi.pull refreshes bases: for a debootstrap that means the suite's packages as they are today
            decision = new Decision(
                    true,
                    List.of("refresh (-Docisi.pull): debootstrap installs the suite's " + "current packages"),
                    true);
        }
        Optional<Duration> period = options.refresh().or(spec::refresh);
        if (!decision.build() && period.isPresent() && !spec.isTarball()) {
            Instant since = refreshes.freshSince(current.orElseThrow());
            Duration age = Duration.between(since, now);
            if (age.compareTo(period.get()) >= 0) {
                decision = new Decision(
                        true,
                        List.of("refresh: its packages were last checked " + ago(age) + " (refresh: "
                                + RefreshPeriod.describe(period.get()) + ")"),
                        true);
            }
        }
        return new Verdict(inputs, decision);
    }
}
