package dev.ocisi.core.vm;

import dev.ocisi.core.problem.OcisiException;

/** A disk that could not be made or a VM that did not boot; the message says what to do about it. */
public class VmException extends OcisiException {

    private static final long serialVersionUID = 1L;

    public VmException(String message) {
        super(message);
    }

    public VmException(String message, Throwable cause) {
        super(message, cause);
    }
}
