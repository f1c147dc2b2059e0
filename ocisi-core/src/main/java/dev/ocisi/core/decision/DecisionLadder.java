package dev.ocisi.core.decision;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.plan.Decision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one rule that says what happens to an image: the run acts on it, and the dry run, {@code list -Dgraph},
 * {@code status} and the report show it. Pure: every fact comes from {@link ImageFacts}, and the costly ones are
 * asked for only on the rung that needs them.
 */
public final class DecisionLadder {

    /** Why an image without a package database is not refreshed. */
    public static final String NO_PACKAGE_DATABASE =
            "it has no package database (dpkg, apk, rpm), so it is " + "refreshed only when its inputs change";

    static final String RETAG = "its tag was removed (clean), and the image ocisi built from the same inputs is "
            + "still there, so it is tagged again";

    private DecisionLadder() {}

    public static ImageDecision decide(ImageFacts facts) throws EngineException {
        List<ImageName> lacking =
                pending(facts, d -> d instanceof ImageDecision.Skip || d instanceof ImageDecision.NotPublished);
        if (!lacking.isEmpty()) {
            return new ImageDecision.Skip(lacking, "needs " + names(lacking) + ", which cannot be had");
        }
        Decision byInputs = facts.byInputs();
        if (facts.missingBase().isPresent()) {
            return new ImageDecision.Build("base image " + facts.missingBase().get() + " is missing");
        }
        List<ImageName> rebuilt = pending(facts, d -> d instanceof ImageDecision.Build);
        if (!rebuilt.isEmpty()) {
            // its parent's id will change, so will its inputs: its own reasons first, when it has some
            return new ImageDecision.Build(
                    byInputs.build() && !byInputs.refresh()
                            ? byInputs.reason()
                            : "parent " + names(rebuilt) + " will be rebuilt");
        }
        if (!byInputs.build()) {
            List<ImageName> refreshed = pending(facts, d -> d instanceof ImageDecision.Refresh);
            // a refresh keeps the parent when no package changed: then this image is up to date too
            return new ImageDecision.UpToDate(
                    refreshed.isEmpty()
                            ? Decision.UP_TO_DATE
                            : Decision.UP_TO_DATE + "; rebuilt if the refresh of " + names(refreshed)
                                    + " changes its packages",
                    false);
        }
        Optional<ImageFacts.ShardOwner> otherShard = facts.otherShard();
        if (byInputs.refresh()) {
            if (otherShard.isPresent()) {
                return new ImageDecision.UpToDate(
                        Decision.UP_TO_DATE + "; shard " + otherShard.get().shard() + "/"
                                + otherShard.get().shards() + " refreshes it",
                        false);
            }
            if (facts.pullOnly()) {
                return new ImageDecision.UpToDate(
                        Decision.UP_TO_DATE + "; no refresh: -Docisi.pullOnly never builds", true);
            }
            if (!facts.hasPackageDatabase()) {
                return new ImageDecision.UpToDate(Decision.UP_TO_DATE + "; no refresh: " + NO_PACKAGE_DATABASE, true);
            }
            return new ImageDecision.Refresh(byInputs.reason());
        }
        if (otherShard.isPresent()) {
            return new ImageDecision.WaitForShard(
                    otherShard.get().shard(), otherShard.get().shards(), byInputs.reason());
        }
        if (facts.forced()) {
            return facts.pullOnly()
                    ? new ImageDecision.NotPublished("-Docisi.force builds it, and -Docisi.pullOnly " + "never builds")
                    : new ImageDecision.Build(byInputs.reason());
        }
        if (facts.current().isEmpty()) {
            Optional<String> earlier = facts.earlierBuild();
            if (earlier.isPresent()) {
                return new ImageDecision.Retag(earlier.get(), RETAG);
            }
        }
        Published published = facts.published();
        if (published instanceof Published.Found found) {
            return new ImageDecision.Pull(found.location(), found.image(), byInputs.reason());
        }
        if (facts.pullOnly()) {
            return new ImageDecision.NotPublished(Published.whyNot(published));
        }
        return new ImageDecision.Build(byInputs.reason());
    }

    private static List<ImageName> pending(ImageFacts facts, Predicate<ImageDecision> which) {
        return facts.pendingParents().entrySet().stream()
                .filter(e -> which.test(e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static String names(List<ImageName> images) {
        return String.join(", ", images.stream().map(ImageName::toString).toList());
    }
}
