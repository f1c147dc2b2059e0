package dev.ocisi.core.run;

import dev.ocisi.core.engine.EngineException;

/** The machine cannot run a build's containers at all: the run stops, since every build would fail the same way. */
public class MachineCannotBuildException extends EngineException {

    private static final long serialVersionUID = 1L;

    public MachineCannotBuildException(String message) {
        super(message);
    }
}
