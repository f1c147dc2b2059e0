package dev.ocisi.core.engine;

import dev.ocisi.core.problem.OcisiException;

/** The engine failed or could not be reached: the machine's problem, not the hierarchy file's. */
public class EngineException extends OcisiException {

    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
