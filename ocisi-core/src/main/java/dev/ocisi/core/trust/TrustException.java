package dev.ocisi.core.trust;

import dev.ocisi.core.problem.OcisiException;

/** A key that cannot be used as given: missing, not a key, or a passphrase that does not open it. Its message names
 * the file and the fix. */
public final class TrustException extends OcisiException {

    private static final long serialVersionUID = 1L;

    public TrustException(String message) {
        super(message);
    }

    public TrustException(String message, Throwable cause) {
        super(message, cause);
    }
}
