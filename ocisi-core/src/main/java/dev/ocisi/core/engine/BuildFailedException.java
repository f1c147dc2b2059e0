package dev.ocisi.core.engine;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A Containerfile's build failed: a step exited non-zero, a file was missing, a base could not be found. */
public class BuildFailedException extends EngineException {

    private static final long serialVersionUID = 1L;

    private final List<String> outputTail;

    public BuildFailedException(String message, List<String> outputTail) {
        super(message);
        this.outputTail = List.copyOf(outputTail);
    }

    /**
     * Why building again may succeed, when the failure is a known race of the engine rather than the Containerfile's
     * fault: buildah (podman 4 and 5) lists the store's images and then reads each one's top layer, both while
     * looking for a cached step and while committing one, and fails with "layer not known" when another build or a
     * removal takes a layer away in between (buildah issues 5615 and 5674).
     */
    public Optional<String> transientCause() {
        return Stream.concat(Stream.of(getMessage()), outputTail.stream())
                .filter(line -> line != null && line.contains("layer not known"))
                .findFirst()
                .map(line -> "podman lost a layer to a concurrent build or removal (buildah's 'layer not known' "
                        + "race, issues 5615 and 5674)");
    }

    /** The last lines of the build's output, where the failing step's own messages are. */
    public List<String> outputTail() {
        return outputTail;
    }
}
