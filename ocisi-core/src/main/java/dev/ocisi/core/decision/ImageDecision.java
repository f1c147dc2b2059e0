package dev.ocisi.core.decision;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.graph.ImageStatus;
import dev.ocisi.core.registry.RemoteImage;
import java.util.List;

/** What a run does with one image, and why: decided before anything is done, by {@link DecisionLadder}. */
public sealed interface ImageDecision {

    /** Why, as the log and the views say it. */
    String reason();

    /** Whether the image the tag names would change (a build, a refresh, a pull, a tag moved back). */
    default boolean changes() {
        return true;
    }

    /** As the views show it: what a run would do, and why. */
    default ImageStatus status() {
        if (this instanceof UpToDate) {
            return new ImageStatus(false, reason());
        }
        if (this instanceof Refresh) {
            return new ImageStatus(true, "build", reason() + "; the image stays if no package changed");
        }
        String action = this instanceof Pull
                ? "pull"
                : this instanceof Retag
                        ? "tag again"
                        : this instanceof WaitForShard
                                ? "wait"
                                : this instanceof NotPublished ? "fail" : this instanceof Skip ? "skip" : "build";
        return new ImageStatus(true, action, reason());
    }

    /**
     * The tagged image stays.
     *
     * @param restartsRefresh a refresh was due but cannot be made (no package database, or {@code -Docisi.pullOnly}):
     *                        its period starts again, so that the next run does not ask again
     */
    record UpToDate(String reason, boolean restartsRefresh) implements ImageDecision {
        @Override
        public boolean changes() {
            return false;
        }
    }

    /** The tag was removed (by {@code clean}), and the image ocisi built from the same inputs is still in the store. */
    record Retag(String imageId, String reason) implements ImageDecision {}

    /**
     * The registry holds the image built from these inputs: it is pulled instead of built.
     *
     * @param whyBuild why it would be built, which it is if the pull fails
     */
    record Pull(RegistryLocation location, RemoteImage image, String whyBuild) implements ImageDecision {
        @Override
        public String reason() {
            return whyBuild + "; published in " + location + " from the same inputs";
        }
    }

    /** Another shard builds it: it is waited for in the registry, then pulled. */
    record WaitForShard(int shard, int shards, String whyBuild) implements ImageDecision {
        @Override
        public String reason() {
            return whyBuild + "; shard " + shard + "/" + shards + " builds it";
        }
    }

    /** Built from its Containerfile (or imported from its root filesystem). */
    record Build(String reason) implements ImageDecision {}

    /**
     * Built again from the same inputs, to pick up what the archives published since; the new image replaces the
     * current one only when its installed packages differ.
     */
    record Refresh(String reason) implements ImageDecision {}

    /** {@code -Docisi.pullOnly}, and the registry has no image of these inputs (or cannot be used): it is not had. */
    record NotPublished(String reason) implements ImageDecision {}

    /** An image it needs cannot be had: nothing is done with it. */
    record Skip(List<ImageName> needs, String reason) implements ImageDecision {
        public Skip {
            needs = List.copyOf(needs);
        }

        @Override
        public boolean changes() {
            return false;
        }
    }
}
