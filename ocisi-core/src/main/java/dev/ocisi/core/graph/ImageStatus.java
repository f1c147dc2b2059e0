package dev.ocisi.core.graph;

/**
 * What the views say of an image's state: stale (a run would change it) or not, what a run would do ("build",
 * "pull", ...), and why.
 */
public record ImageStatus(boolean stale, String action, String text) {

    /** Up to date, or stale because a run would build it. */
    public ImageStatus(boolean stale, String text) {
        this(stale, stale ? "build" : "", text);
    }
}
