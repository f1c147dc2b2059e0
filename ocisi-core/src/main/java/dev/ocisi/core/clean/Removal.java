package dev.ocisi.core.clean;

import dev.ocisi.core.config.Manager;

/**
 * One thing {@code clean} or a prune did, would do in a dry run, or left alone.
 *
 * @param target  the tag or image id acted on
 * @param image   the hierarchy's {@code name:tag} the image was built as
 * @param imageId the image the target named
 * @param why     for {@link Action#KEPT}, why; else empty
 */
public record Removal(Manager manager, String target, String image, String imageId, Action action, String why) {

    public enum Action {
        /** The tag went; the image with it when nothing else held it. */
        TAG_REMOVED,
        /** Forced: the tag went, the image stays for the containers that use it. */
        TAG_ONLY,
        /** An untagged image ocisi built went. */
        PRUNED,
        /** Left alone. */
        KEPT
    }

    public boolean acted() {
        return action != Action.KEPT;
    }

    /** The log line, in the past tense or, for a dry run, the conditional. */
    public String describe(boolean dryRun) {
        return switch (action) {
            case TAG_REMOVED -> (dryRun ? "Would remove " : "Removed ") + target + " (" + manager + ")";
            case TAG_ONLY ->
                (dryRun ? "Would untag " : "Untagged ") + target + " (" + manager + "), keeping "
                        + "the image for the container that uses it (forced)";
            case PRUNED -> (dryRun ? "Would prune " : "Pruned ") + target + " (an old " + image + ", " + manager + ")";
            case KEPT -> "Kept " + target + " (" + manager + "): " + why;
        };
    }
}
