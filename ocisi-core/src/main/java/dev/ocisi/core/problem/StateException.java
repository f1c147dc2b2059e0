package dev.ocisi.core.problem;

import java.io.IOException;

/**
 * A file ocisi reads or writes on this machine cannot be: its own state (the run's lock, its history, the inputs it
 * recorded), the files it writes (reports, graph files, distrobox.ini, devcontainer.json, the boxes' launchers, lock
 * files). The machine's problem (a full disk, a folder without rights), said with the file and what was being done.
 */
public class StateException extends OcisiException {

    private static final long serialVersionUID = 1L;

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What was being done, and why it failed as the system said it.
     *
     * @param doing e.g. "write the report target/ocisi/report.html"
     */
    public static StateException cannot(String doing, IOException cause) {
        return new StateException("cannot " + doing + ": " + IoReason.of(cause), cause);
    }
}
