package dev.ocisi.core.registry;

import dev.ocisi.core.problem.OcisiException;

/** A registry could not be reached, refused the login, or answered what the distribution API does not. */
public class RegistryException extends OcisiException {

    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
