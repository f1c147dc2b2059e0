package dev.ocisi.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.problem.ToolException;
import dev.ocisi.core.vm.VmException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** Bad input fails the build; the machine's failures say which part of it failed. */
class MojoErrorsTest {

    @Test
    void eachSourceKeepsItsOwnWords() {
        assertInstanceOf(
                MojoFailureException.class,
                MojoErrors.translate(new ConfigurationException(Location.of("ocisictl.yaml"), "wrong")));
        Exception engine = MojoErrors.translate(new EngineException("podman is not running"));
        assertInstanceOf(MojoExecutionException.class, engine);
        assertEquals("[container engine] podman is not running", engine.getMessage());
        assertEquals(
                "[external program] mkfs.ext4 failed",
                MojoErrors.translate(new ToolException("mkfs.ext4 failed")).getMessage(),
                "a failed mkfs.ext4 is no engine failure");
        assertEquals(
                "[external program] qemu exited",
                MojoErrors.translate(new VmException("qemu exited")).getMessage());
        assertEquals(
                "[files] cannot lock x",
                MojoErrors.translate(new StateException("cannot lock x")).getMessage());
    }
}
