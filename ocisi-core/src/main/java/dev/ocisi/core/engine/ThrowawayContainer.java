package dev.ocisi.core.engine;

/**
 * Work on a container made from an image for the purpose, labelled {@link ContainerEngine#EXPORT_LABEL} so that a
 * leftover one can be told apart, and removed afterwards whatever the work did: how both engines read a file, export a
 * filesystem or run a command of an image.
 */
final class ThrowawayContainer {

    /** The command a container that is never started is created with: images without CMD or ENTRYPOINT need one. */
    static final String NEVER_RUN = "ocisi-export";

    /** What a container does with the container's id. */
    @FunctionalInterface
    interface Work<T> {
        T with(String container) throws EngineException;
    }

    /** Makes the container; its id. */
    @FunctionalInterface
    interface Create {
        String create() throws EngineException;
    }

    /** Removes it, running or not. */
    @FunctionalInterface
    interface Remove {
        void remove(String container) throws EngineException;
    }

    private ThrowawayContainer() {}

    static <T> T use(Create create, Remove remove, Work<T> work) throws EngineException {
        String container = create.create();
        try {
            return work.with(container);
        } finally {
            try {
                remove.remove(container);
            } catch (EngineException | RuntimeException ignored) {
                // the label lets a later run find it; the work itself has its answer
            }
        }
    }
}
