package dev.ocisi.maven;

import dev.ocisi.core.trust.SigningKey;
import dev.ocisi.core.trust.TrustException;
import java.io.File;
import java.util.Arrays;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that push ({@code process}, {@code push}): they sign what they push when given a key. */
abstract class AbstractPublishingMojo extends AbstractOcisiMojo {

    /**
     * Signs every image pushed with this private key, cosign's format ({@code mvn ocisi:keygen} makes a pair): the
     * signature goes into the registry beside the image, where cosign and podman's policy find it. Its passphrase
     * comes from {@code OCISI_SIGN_PASSPHRASE} or the password of settings.xml's server {@code ocisi-sign}, never from
     * the command line.
     */
    @Parameter(property = "ocisi.sign")
    File sign;

    /** Read before anything is built or pushed, so that a wrong passphrase fails the run at once. */
    @Override
    Optional<SigningKey> signing() throws TrustException, MojoExecutionException {
        if (sign == null) {
            return Optional.empty();
        }
        char[] passphrase = SigningPassphrase.require(session, settingsDecrypter, sign + " (-Docisi.sign)");
        try {
            return Optional.of(SigningKey.read(keyPath(sign), passphrase));
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }
}
