package dev.ocisi.core.rootfs;

import dev.ocisi.core.config.RootfsSettings;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks every tarball the plan imports against the SHA-256 its item pins, before the run builds or imports anything:
 * a tarball that is not the one the file names stops the whole run, with the digest it has.
 */
public final class TarballPins {

    private TarballPins() {}

    public static void verify(BuildPlan plan) throws ConfigurationException {
        List<Problem> problems = new ArrayList<>();
        for (BuildPlan.PlannedImage planned : plan.images()) {
            if (planned.node().spec().rootfs().map(RootfsSettings::source).orElse(null)
                    instanceof RootfsSettings.Tarball tarball) {
                check(planned, tarball).ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    private static Optional<Problem> check(BuildPlan.PlannedImage planned, RootfsSettings.Tarball tarball) {
        String now;
        try {
            now = Sha256.ofFile(tarball.file());
        } catch (IOException e) {
            return Optional.of(Problem.error(
                    tarball.pinnedAt(),
                    planned.id() + ": cannot read tarball " + tarball.file() + " (" + e.getMessage()
                            + "); nothing was imported"));
        }
        if (now.equals(tarball.sha256())) {
            return Optional.empty();
        }
        Location at = tarball.pinnedAt();
        return Optional.of(Problem.error(
                at,
                planned.id() + ": tarball " + tarball.file() + " has sha256 "
                        + now + ", but 'sha256' pins " + tarball.sha256()
                        + ", so nothing was imported or built. If the file "
                        + "is the one you mean, check that digest against its publisher's and write it as 'sha256'; else put "
                        + "back the tarball that was pinned"));
    }
}
