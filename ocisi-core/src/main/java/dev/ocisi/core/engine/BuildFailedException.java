package dev.ocisi.core.engine;

import java.util.List;

/** A Containerfile's build failed: a step exited non-zero, a file was missing, a base could not be found. */
public class BuildFailedException extends EngineException {

    private final List<String> outputTail;

    public BuildFailedException(String message, List<String> outputTail) {
        super(message);
        this.outputTail = List.copyOf(outputTail);
    }

    /** The last lines of the build's output, where the failing step's own messages are. */
    public List<String> outputTail() {
        return outputTail;
    }
}
