package dev.ocisi.core.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The memory engine holds to the store contract the real engines pass: the scheduler's tests stand on it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryEngineContractTest implements StoreContract {

    private final MemoryEngine engine = new MemoryEngine("contract");
    private Path rootfs;

    @TempDir
    Path dir;

    @BeforeAll
    void importBase(@TempDir Path folder) throws Exception {
        rootfs = MemoryEngine.tinyRootfs(folder.resolve("rootfs.tar"));
        engine.tag(
                engine.importRootfs(rootfs, Map.of(TestEngines.TEST_LABEL, testId()), List.of("CMD [\"/bin/sh\"]")),
                base());
    }

    @Override
    public ContainerEngine store() {
        return engine;
    }

    @Override
    public String testId() {
        return "mem";
    }

    @Override
    public String base() {
        return "localhost/mem-base:1";
    }

    @Override
    public Path rootfs() {
        return rootfs;
    }

    @Override
    public String createContainer(String image) throws Exception {
        String name = TestEngines.uniqueName("mem-box");
        engine.createContainer(image, name, Map.of());
        return name;
    }

    @Override
    public OtherStore otherStore() {
        return new OtherStore(new MemoryEngine("other"), () -> {});
    }

    @Override
    public Path scratch() {
        return dir;
    }
}
