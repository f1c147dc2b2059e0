package dev.ocisi.maven;

import dev.ocisi.core.bases.BasesUnavailableException;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.problem.ToolException;
import dev.ocisi.core.registry.RegistryException;
import dev.ocisi.core.result.ImagesFailedException;
import dev.ocisi.core.trust.TrustException;
import dev.ocisi.core.vm.GuestCommandFailedException;
import dev.ocisi.core.vm.VmException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The one place where ocisi-core's exceptions become Maven's: what the user wrote is wrong (a key or its passphrase
 * among it), a hierarchy file or a
 * Containerfile that does not build, an image whose command in a VM fails (the build fails,
 * {@link MojoFailureException}), or the machine is (the container engine, a registry, an external program, ocisi's
 * own files, bases nothing serves: {@link MojoExecutionException}, its message led by which). Messages are core's
 * own, already written for the user.
 */
final class MojoErrors {

    private MojoErrors() {}

    static Exception translate(OcisiException e) {
        if (e instanceof ConfigurationException
                || e instanceof TrustException
                || e instanceof ImagesFailedException
                || e instanceof GuestCommandFailedException) {
            return new MojoFailureException(e.getMessage());
        }
        return new MojoExecutionException(source(e) + e.getMessage(), e);
    }

    /** Which part of the machine failed, so that a reader knows where to look before reading on. */
    static String source(OcisiException e) {
        if (e instanceof EngineException) {
            return "[container engine] ";
        }
        if (e instanceof RegistryException) {
            return "[registry] ";
        }
        if (e instanceof ToolException || e instanceof VmException) {
            return "[external program] ";
        }
        if (e instanceof StateException) {
            return "[files] ";
        }
        if (e instanceof BasesUnavailableException) {
            return "[base images] ";
        }
        return "";
    }
}
