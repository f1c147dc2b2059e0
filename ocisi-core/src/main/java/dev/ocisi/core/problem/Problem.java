package dev.ocisi.core.problem;

import java.util.Objects;

/**
 * One thing wrong with what the user wrote: where, how bad, and a message that says what to do about it. The
 * message quotes what the user wrote, so its control characters are escaped: one problem is one line.
 */
public record Problem(Location location, Severity severity, String message) {

    public Problem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(severity, "severity");
        message = Printable.escape(Objects.requireNonNull(message, "message"));
    }

    public static Problem error(Location location, String message) {
        return new Problem(location, Severity.ERROR, message);
    }

    public static Problem warning(Location location, String message) {
        return new Problem(location, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column: message}, for a log whose level already says how bad it is. */
    public String line() {
        return location + ": " + message;
    }

    /** The one line a user reads: {@code file:line:column: message}, warnings marked as such. */
    @Override
    public String toString() {
        return location + ": " + (isError() ? "" : "warning: ") + message;
    }
}
