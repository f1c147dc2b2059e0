package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.problem.ConfigurationException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForceTest {

    @TempDir
    Path dir;

    private HierarchyGraph graph() throws Exception {
        return new Fixture(dir)
                .write("ocisictl.yaml", "images:\n  - {name: python, path: img, enabled: true}\n")
                .write("img/Containerfile.python", "FROM debian:bookworm\n")
                .read();
    }

    @Test
    void readsNothingEverythingOrNamedImages() throws Exception {
        assertEquals(BuildOptions.Force.NONE, BuildOptions.Force.parse(null, graph()));
        assertEquals(BuildOptions.Force.NONE, BuildOptions.Force.parse("false", graph()));
        assertEquals(new BuildOptions.Force(true, Set.of()), BuildOptions.Force.parse("", graph()));
        assertEquals(new BuildOptions.Force(true, Set.of()), BuildOptions.Force.parse("true", graph()));
        assertEquals(new BuildOptions.Force(false, Set.of("python")), BuildOptions.Force.parse(" python ,", graph()));
    }

    @Test
    void anUnknownNameIsAnErrorWithTheNearestName() throws Exception {
        ConfigurationException error =
                assertThrows(ConfigurationException.class, () -> BuildOptions.Force.parse("pyton", graph()));
        assertEquals(
                "-Docisi.force: no image 'pyton' in the hierarchy; did you mean 'python'?",
                error.problems().get(0).line());
    }
}
