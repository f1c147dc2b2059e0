package dev.ocisi.core.vm;

import dev.ocisi.core.problem.OcisiException;

/** A command run in a VM (a smoke test, -Docisi.vm.run) failed: the image's fault, like a failing test. */
public class GuestCommandFailedException extends OcisiException {

    private static final long serialVersionUID = 1L;

    public GuestCommandFailedException(String message) {
        super(message);
    }
}
