package dev.ocisi.core.config;

import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problems;
import java.util.Optional;

/** The manager of images that name none; a bad environment variable is reported once, not per image. */
final class ManagerDefault {
    private final String variable;
    private boolean reported;

    ManagerDefault(String variable) {
        this.variable = variable == null || variable.isBlank() ? null : variable;
    }

    Manager resolve(Location where, Problems problems) {
        if (variable == null) {
            return Manager.DEFAULT;
        }
        Optional<Manager> manager = Manager.parse(variable);
        if (manager.isEmpty() && !reported) {
            reported = true;
            problems.error(
                    where,
                    "this image takes its manager from " + Manager.ENVIRONMENT_VARIABLE + "='" + variable
                            + "', which is neither docker nor podman; set 'manager:' or fix the variable");
        }
        return manager.orElse(Manager.DEFAULT);
    }
}
