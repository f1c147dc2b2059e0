package dev.ocisi.core.problem;

/**
 * A program ocisi runs besides the engine (qemu, qemu-img, mkfs.ext4, tar, distrobox, debootstrap) is missing,
 * failed, or was interrupted: the machine's problem, and not the engine's.
 */
public class ToolException extends OcisiException {

    private static final long serialVersionUID = 1L;

    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
