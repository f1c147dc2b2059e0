package dev.ocisi.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether an image must be built, and every reason why (or "up to date").
 *
 * @param refresh the inputs did not change: the build is to pick up what the archives published since (a refresh
 *                period passed, or a debootstrap made again), and its result replaces the image only when its
 *                installed packages differ
 */
public record Decision(boolean build, List<String> reasons, boolean refresh) {

    public static final String UP_TO_DATE = "up to date";

    public Decision {
        reasons = List.copyOf(reasons);
    }

    public Decision(boolean build, List<String> reasons) {
        this(build, reasons, false);
    }

    public String reason() {
        return String.join(", ", reasons);
    }

    public static Decision decide(Inputs now, Optional<CurrentImage> current, InputsStore store, boolean forced) {
        if (forced) {
            return new Decision(true, List.of("forced"));
        }
        if (current.isEmpty()) {
            return new Decision(true, List.of("not built yet"));
        }
        Optional<String> recorded = current.get().inputDigest();
        if (recorded.isEmpty()) {
            return new Decision(true, List.of("no record of its inputs"));
        }
        if (recorded.get().equals(now.digest())) {
            return new Decision(false, List.of(UP_TO_DATE));
        }
        List<String> reasons = new ArrayList<>();
        store.load(recorded.get())
                .ifPresentOrElse(
                        previous -> reasons.addAll(now.changesSince(previous)), () -> reasons.add("inputs changed"));
        return new Decision(true, reasons.isEmpty() ? List.of("inputs changed") : reasons);
    }
}
