package dev.ocisi.core.problem;

/** An error stops the goal; a warning is shown and the goal goes on. */
public enum Severity {
    ERROR,
    WARNING
}
