package dev.ocisi.core.engine;

import dev.ocisi.core.plan.RegistryLogin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A login for one podman command in an authentication file of its own: readable by this user alone (a scratch file
 * is made 0600), removed when the command is done, swept by a later run if the process is killed. A password on the
 * command line would show in every process listing.
 */
final class AuthFile implements AutoCloseable {

    private final Optional<Path> file;

    private AuthFile(Optional<Path> file) {
        this.file = file;
    }

    /** A file holding the login, or none when there is no login to give (podman then uses its own). */
    static AuthFile of(Optional<RegistryLogin> login) throws EngineException {
        if (login.isEmpty()) {
            return new AuthFile(Optional.empty());
        }
        try {
            Path path = ScratchFiles.create("ocisi-auth-", ".json");
            Files.writeString(
                    path,
                    "{\"auths\":{\"" + login.get().host() + "\":{\"auth\":\""
                            + login.get().basic() + "\"}}}");
            return new AuthFile(Optional.of(path));
        } catch (IOException e) {
            throw new EngineException("cannot write the login file for podman: " + e.getMessage(), e);
        }
    }

    /** {@code --authfile PATH}, or nothing. */
    java.util.List<String> arguments() {
        return file.map(p -> java.util.List.of("--authfile", p.toString())).orElse(java.util.List.of());
    }

    @Override
    public void close() {
        file.ifPresent(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // swept by the next run: ScratchFiles
            }
        });
    }
}
