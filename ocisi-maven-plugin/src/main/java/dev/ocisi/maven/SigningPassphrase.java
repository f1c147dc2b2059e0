package dev.ocisi.maven;

import dev.ocisi.core.trust.TrustException;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Where the signing key's passphrase comes from: {@code OCISI_SIGN_PASSPHRASE}, else the password of settings.xml's
 * server {@code ocisi-sign} (decrypted as Maven decrypts the others). Never a parameter: a command line is seen in the
 * process list and kept in the shell's history.
 */
final class SigningPassphrase {

    static final String SERVER = "ocisi-sign";
    static final String VARIABLE = "OCISI_SIGN_PASSPHRASE";

    private SigningPassphrase() {}

    /** The passphrase, when the environment or settings.xml has one. */
    static Optional<char[]> find(MavenSession session, SettingsDecrypter decrypter) throws MojoExecutionException {
        String fromEnvironment = System.getenv(VARIABLE);
        if (fromEnvironment != null) {
            return Optional.of(fromEnvironment.toCharArray());
        }
        Server server = session == null || session.getSettings() == null
                ? null
                : session.getSettings().getServer(SERVER);
        if (server == null || server.getPassword() == null) {
            return Optional.empty();
        }
        Server decrypted = server;
        if (decrypter != null) {
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            if (!result.getProblems().isEmpty()) {
                // the problem's text names the server, never the password
                throw new MojoExecutionException("cannot decrypt the password of settings.xml server " + SERVER + ": "
                        + result.getProblems().get(0).getMessage());
            }
            decrypted = result.getServer();
        }
        return Optional.of(decrypted.getPassword().toCharArray());
    }

    /** The passphrase, or an error saying where to put it. */
    static char[] require(MavenSession session, SettingsDecrypter decrypter, String key)
            throws TrustException, MojoExecutionException {
        return find(session, decrypter)
                .orElseThrow(() -> new TrustException("no passphrase for " + key + ": set " + VARIABLE
                        + ", or give settings.xml a server with the id " + SERVER + " whose password is it (never on "
                        + "the command line, where the process list and the shell's history would show it)"));
    }
}
