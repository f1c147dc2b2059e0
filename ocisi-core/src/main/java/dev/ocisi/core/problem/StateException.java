package dev.ocisi.core.problem;

/**
 * ocisi's own files cannot be read or written: the run's lock, its history, the inputs it recorded, the reports and
 * files it writes (JUnit report, distrobox.ini). The machine's problem (a full disk, a folder without rights).
 */
public class StateException extends OcisiException {

    private static final long serialVersionUID = 1L;

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
