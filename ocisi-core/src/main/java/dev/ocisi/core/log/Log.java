package dev.ocisi.core.log;

/**
 * Where ocisi-core reports what it does. The Maven plugin adapts Maven's log to it; tests collect the lines.
 * Core never prints to the console itself.
 */
public interface Log {

    void debug(String message);

    void info(String message);

    void warn(String message);

    void error(String message);

    boolean isDebugEnabled();

    /**
     * What a goal hands to scripts (JSON), unadorned by log levels: a front end prints it as it stands, so that a
     * quiet run ({@code mvn -q}) prints it alone. By default, an info line.
     */
    default void result(String text) {
        info(text);
    }

    /** Discards everything; for callers that want only the result. */
    Log SILENT = new Log() {
        @Override
        public void debug(String message) {}

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void error(String message) {}

        @Override
        public boolean isDebugEnabled() {
            return false;
        }
    };
}
