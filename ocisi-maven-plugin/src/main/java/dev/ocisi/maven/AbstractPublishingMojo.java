package dev.ocisi.maven;

import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.trust.SigningKey;
import dev.ocisi.core.trust.TrustException;
import java.io.File;
import java.nio.file.Path;
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

    /** Whether this run pushes: the hierarchy file's {@code sign} key is opened only for a run that does. */
    abstract boolean pushes();

    /**
     * Read before anything is built or pushed, so that a wrong passphrase fails the run at once: {@code -Docisi.sign},
     * else the hierarchy file's {@code sign} for a run that pushes.
     */
    @Override
    Optional<SigningKey> signing(HierarchyGraph graph) throws TrustException, MojoExecutionException {
        Path key;
        String what;
        if (sign != null) {
            key = keyPath(sign);
            what = sign + " (-Docisi.sign)";
        } else if (pushes() && graph.hierarchy().trust().sign().isPresent()) {
            key = graph.hierarchy().trust().sign().get();
            what = Location.display(baseDirectory(), key) + " ('sign' at "
                    + graph.hierarchy().trust().where().map(Object::toString).orElse("the hierarchy file") + ")";
        } else {
            return Optional.empty();
        }
        char[] passphrase = SigningPassphrase.require(session, settingsDecrypter, what);
        try {
            return Optional.of(SigningKey.read(key, passphrase));
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }
}
