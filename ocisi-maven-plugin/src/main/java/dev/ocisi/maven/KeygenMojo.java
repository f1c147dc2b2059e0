package dev.ocisi.maven;

import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.trust.KeyPairFiles;
import dev.ocisi.core.trust.TrustException;
import java.io.Console;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Makes a key pair to sign published images with, in cosign's format: {@code ocisi.key} (the private key, sealed with
 * a passphrase, readable by you alone) and {@code ocisi.pub} beside the (first) hierarchy file. Never replaces a file.
 * The passphrase comes from {@code OCISI_SIGN_PASSPHRASE}, the password of settings.xml's server {@code ocisi-sign},
 * or is asked for twice at the terminal; never from the command line. Then {@code -Docisi.sign=ocisi.key} signs what
 * is pushed, and {@code -Docisi.verify=ocisi.pub} uses only what it signed (docs/trust.md).
 */
@Mojo(name = "keygen", aggregator = true, requiresProject = false, threadSafe = true)
public class KeygenMojo extends AbstractOcisiMojo {

    /** The files' name: NAME.key and NAME.pub. */
    @Parameter(property = "ocisi.keyName", defaultValue = "ocisi")
    String keyName;

    @Override
    void run(Log log) throws OcisiException, MojoExecutionException {
        if (!keyName.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new TrustException("-Docisi.keyName=" + keyName + " is not a file name: use letters, digits, '.', "
                    + "'_' and '-' (the files are NAME.key and NAME.pub)");
        }
        Path folder = hierarchyFiles().get(0).toAbsolutePath().getParent();
        char[] passphrase = passphrase();
        try {
            Path[] written = KeyPairFiles.write(folder, keyName, passphrase);
            log.info("Wrote " + written[0] + ": the private key, sealed with the passphrase. Keep it out of version "
                    + "control; a CI job reads it from a secret (docs/trust.md)");
            log.info("Wrote " + written[1] + ": the public key. Commit it; -Docisi.verify=" + written[1].getFileName()
                    + " uses only images it signed, and mvn ocisi:trust sets up podman to check them on pull");
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    // Java 17, which the plugin targets, has no console without a terminal; a newer one's readPassword then returns
    // null,
    // which is refused below as well
    @SuppressWarnings("SystemConsoleNull")
    private char[] passphrase() throws OcisiException, MojoExecutionException {
        Optional<char[]> given = SigningPassphrase.find(session, settingsDecrypter);
        if (given.isPresent()) {
            return given.get();
        }
        Console console = System.console();
        if (console == null) {
            throw new TrustException("no passphrase for the new key: set " + SigningPassphrase.VARIABLE
                    + ", give settings.xml a server with the id " + SigningPassphrase.SERVER
                    + " whose password is it, or run mvn ocisi:keygen at a terminal to be asked for it");
        }
        char[] first = console.readPassword("Passphrase for the new %s.key: ", keyName);
        char[] second = console.readPassword("The same again: ");
        try {
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new TrustException("the two passphrases differ: nothing was written");
            }
            return first.clone();
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }
}
