package dev.ocisi.core.problem;

/**
 * The root of what ocisi-core throws on purpose. Its message is meant for the user as it stands; a front end
 * (the Maven plugin) only decides how to present it and whether it is the user's input or the environment at fault.
 */
public abstract class OcisiException extends Exception {

    private static final long serialVersionUID = 1L;

    protected OcisiException(String message) {
        super(message);
    }

    protected OcisiException(String message, Throwable cause) {
        super(message, cause);
    }
}
