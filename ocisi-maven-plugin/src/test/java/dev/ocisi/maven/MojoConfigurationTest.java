package dev.ocisi.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/**
 * The Mojos as Maven makes them (the harness injects a pom's {@code <configuration>} as Maven does), without an engine:
 * parameters, skip, and which Maven failure each kind of error becomes.
 */
@MojoTest
class MojoConfigurationTest {

    private static final String POM = "src/test/projects/configured/pom.xml";

    @Test
    @InjectMojo(goal = "process", pom = POM)
    void processTakesItsParameters(ProcessMojo mojo) {
        assertEquals(3, mojo.parallel);
        assertTrue(mojo.push);
        assertEquals("2/3", mojo.shard);
        assertEquals(120, mojo.shardWait);
        assertEquals("localhost:5555/team", mojo.registry);
        assertEquals("tcp://127.0.0.1:1", mojo.dockerHost);
    }

    @Test
    @InjectMojo(goal = "list", pom = POM)
    void listTakesItsFlagsFromTheConfigurationToo(ListMojo mojo) {
        assertTrue(mojo.layers);
        assertEquals("json", mojo.format);
    }

    @Test
    @InjectMojo(goal = "process", pom = "src/test/projects/skipped/pom.xml")
    void skipIsHonouredBeforeAnythingIsRead(ProcessMojo mojo) throws Exception {
        mojo.execute(); // the folder has no hierarchy file: reading it would fail
    }

    @Test
    @InjectMojo(goal = "list", pom = "src/test/projects/broken/pom.xml")
    void badInputIsAFailureNamingThePlace(ListMojo mojo) {
        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(failure.getMessage().contains("ocisictl.yaml:2:"), failure.getMessage());
    }

    @Test
    @InjectMojo(goal = "boot", pom = POM)
    void aCommandAndASmokeBootAtOnceAreRefusedBeforeAnythingRuns(BootMojo mojo) {
        mojo.command = "true";
        mojo.smoke = true;
        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(failure.getMessage().contains("-Docisi.vm.smoke: give either -Docisi.vm.run"), failure.getMessage());
    }

    @Test
    @InjectMojo(goal = "process", pom = "src/test/projects/refused/pom.xml")
    void anEngineThatCannotBeReachedIsAnExecutionError(ProcessMojo mojo) {
        MojoExecutionException failure = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(failure.getMessage().startsWith("[container engine] "), failure.getMessage());
        assertTrue(
                failure.getMessage()
                        .contains("cannot ask its version through the Docker API at tcp://127.0.0.1:1 "
                                + "(from -Docisi.dockerHost): "),
                failure.getMessage());
    }
}
