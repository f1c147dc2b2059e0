package dev.ocisi.maven;

import dev.ocisi.core.run.ImagesFailedException;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.OcisiException;
import java.io.IOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The one place where ocisi-core's exceptions become Maven's: what the user wrote is wrong, a hierarchy file or a
 * Containerfile that does not build (the build fails, {@link MojoFailureException}), or the machine is (an engine, a
 * file: {@link MojoExecutionException}). Messages are
 * core's own, already written for the user.
 */
final class MojoErrors {

    private MojoErrors() {
    }

    static Exception translate(OcisiException e) {
        if (e instanceof ConfigurationException || e instanceof ImagesFailedException) {
            return new MojoFailureException(e.getMessage());
        }
        return new MojoExecutionException(e.getMessage(), e);
    }

    static MojoExecutionException translate(IOException e, String doing) {
        return new MojoExecutionException("cannot " + doing + ": " + e.getMessage(), e);
    }
}
