package dev.ocisi.core.vm;

import dev.ocisi.core.problem.IoReason;
import dev.ocisi.core.problem.OcisiException;
import java.io.IOException;

/** A disk that could not be made or a VM that did not boot; the message says what to do about it. */
public class VmException extends OcisiException {

    private static final long serialVersionUID = 1L;

    public VmException(String message) {
        super(message);
    }

    public VmException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A file of a disk or a run that could not be read or written: what was being done, and why. */
    public static VmException cannot(String doing, IOException cause) {
        return new VmException("cannot " + doing + ": " + IoReason.of(cause), cause);
    }
}
