package dev.ocisi.core.engine;

/**
 * What a command run in a container of an image printed, and how it ended.
 *
 * @param exitCode the command's exit status; {@value #NOT_FOUND} when the image has no such command
 * @param stdout   its standard output
 */
public record ContainerOutput(int exitCode, String stdout) {

    /** The shells' status for a command that does not exist, which both engines report their own ways. */
    public static final int NOT_FOUND = 127;

    public boolean ok() {
        return exitCode == 0;
    }
}
