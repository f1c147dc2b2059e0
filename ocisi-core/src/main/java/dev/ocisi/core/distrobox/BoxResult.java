package dev.ocisi.core.distrobox;

/** What happened to one box, and why. */
public record BoxResult(String box, Action action, String reason) {

    public enum Action {
        CREATED,
        RECREATED,
        CURRENT,
        KEPT,
        FAILED
    }
}
