package dev.ocisi.core.bases;

import dev.ocisi.core.problem.OcisiException;

/**
 * External bases that neither the image store has nor a registry serves, so that nothing can be pinned to them: the
 * engine works, the images are missing (a registry out of reach, a name that does not exist).
 */
public class BasesUnavailableException extends OcisiException {

    private static final long serialVersionUID = 1L;

    public BasesUnavailableException(String message) {
        super(message);
    }
}
