package dev.ocisi.core.engine;

import dev.ocisi.core.EngineTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class on one real engine with a busybox base imported under a name of its own; every image the class
 * labels with its test id is removed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EngineTest
public abstract class ImportedBaseTest {

    private ContainerEngine engine;
    private String testId;
    private String base;

    protected abstract ContainerEngine engine() throws Exception;

    /** What the test id starts with: "ct" for contract tests, "hb" for build tests. */
    protected abstract String prefix();

    @BeforeAll
    void importBase() throws Exception {
        engine = engine();
        testId = TestEngines.uniqueName(prefix());
        base = "localhost/" + testId + "-base:1";
        TestEngines.importBusybox(engine, base, testId);
    }

    @AfterAll
    void removeImages() throws Exception {
        TestEngines.removeTestImages(engine, testId);
        engine.close();
    }

    /** The engine, reached once for the whole class. */
    public ContainerEngine testEngine() {
        return engine;
    }

    public String testId() {
        return testId;
    }

    /** The imported base, {@code localhost/<testId>-base:1}. */
    public String base() {
        return base;
    }
}
