package dev.ocisi.core.graph;

/** What the views say of an image's state: stale (it would be built) or not, and why. */
public record ImageStatus(boolean stale, String text) {
}
