package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageSpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An image's inputs as they are now, and whether its tagged image was built from them: the one rule for both. */
public final class Freshness {

    public record Verdict(Inputs inputs, Decision decision) {
    }

    private Freshness() {
    }

    public static Verdict of(ImageSpec spec, Map<String, String> parentIds, String baseId,
            Optional<CurrentImage> current, BuildOptions options, RunUser user, InputsStore store) throws IOException {
        Inputs inputs = Inputs.of(spec, BuildArguments.of(spec, user), parentIds, baseId);
        Decision decision = Decision.decide(inputs, current, store, options.force().applies(spec.id()));
        if (!decision.build() && options.pull() && spec.isDebootstrap()) {
            // -Docisi.pull refreshes bases: for a debootstrap that means the suite's packages as they are today
            decision = new Decision(true, List.of("refreshed (-Docisi.pull): debootstrap installs the suite's "
                    + "current packages"));
        }
        return new Verdict(inputs, decision);
    }
}
