package dev.ocisi.core.report;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.graph.ImageStatus;
import dev.ocisi.core.plan.BuildPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The plan as {@code -Docisi.dryRun} shows it: what would be built, in which order, with which engine. */
public final class PlanView {

    private PlanView() {}

    public static List<String> render(BuildPlan plan, EngineSettings settings) {
        return render(plan, settings, Map.of());
    }

    /** With what each image's status says: "up to date", or "would build: why" ("would pull: ...", ...). */
    public static List<String> render(BuildPlan plan, EngineSettings settings, Map<ImageName, ImageStatus> statuses) {
        List<String> lines = new ArrayList<>();
        lines.add("Plan: " + plan.images().size() + (plan.images().size() == 1 ? " image" : " images")
                + ", in this order:");
        int n = 1;
        for (BuildPlan.PlannedImage planned : plan.images()) {
            StringBuilder line = new StringBuilder(String.format(
                    "%3d. %s with %s (%s)",
                    n++, planned.id(), engine(planned.node().spec().manager(), settings), planned.reason()));
            planned.node()
                    .externalBase()
                    .ifPresent(base -> line.append(" FROM ").append(base));
            if (!planned.needs().isEmpty()) {
                line.append(" after ")
                        .append(String.join(
                                ", ",
                                planned.needs().stream().map(Object::toString).toList()));
            }
            ImageStatus status = statuses.get(planned.id());
            if (status != null) {
                line.append(status.stale() ? " -- would " + status.action() + ": " : " -- ")
                        .append(status.text());
            }
            lines.add(line.toString());
        }
        return lines;
    }

    static String engine(Manager manager, EngineSettings settings) {
        if (manager == Manager.DOCKER) {
            return "the Docker API (dockerd)";
        }
        return settings.podmanAccess() == EngineSettings.PodmanAccess.API
                ? "the Docker API (podman service)"
                : "the podman CLI";
    }
}
