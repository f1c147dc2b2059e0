package dev.ocisi.core.decision;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.plan.CurrentImage;
import dev.ocisi.core.plan.Decision;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link DecisionLadder} decides one image from. The first answers are known before it asks; the last three cost
 * an engine's or a registry's answer, and are asked only on the rung that needs them.
 */
public interface ImageFacts {

    /** The shard that builds an image when another runner does: its number, from 1, and how many there are. */
    record ShardOwner(int shard, int shards) {}

    ImageName image();

    /** What the image's inputs alone say: built from them or not, forced, or a refresh due ({@code Freshness}). */
    Decision byInputs();

    /** The image the tag names now. */
    Optional<CurrentImage> current();

    /** {@code -Docisi.force} names this image. */
    boolean forced();

    /** {@code -Docisi.pullOnly}: images come from the registry or not at all. */
    boolean pullOnly();

    /** The shard that builds the image, when another runner does ({@code -Docisi.shard}). */
    Optional<ShardOwner> otherShard();

    /** The image's base (FROM) when the store lacks it: the run pulls it before anything is built. */
    Optional<String> missingBase();

    /**
     * What is decided for the images this one is built on, while they are not done yet (the dry run). A run decides
     * an image once they are done, their new ids in its inputs: then it is empty.
     */
    Map<ImageName, ImageDecision> pendingParents();

    /** Whether the tagged image has a package database a refresh can compare (dpkg, apk, rpm). */
    boolean hasPackageDatabase() throws EngineException;

    /** The image ocisi last built as this image from exactly these inputs, if the store still has it. */
    Optional<String> earlierBuild() throws EngineException;

    /** What the image's registry holds under these inputs. */
    Published published() throws EngineException;
}
