package dev.ocisi.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.EngineTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every engine must do for ocisi, run against a real engine by each subclass: the store's part
 * ({@link StoreContract}, which the memory engine passes too), and running a program of an image, which only a real
 * engine can.
 */
@EngineTest
abstract class EngineContract extends ImportedBaseTest implements StoreContract {

    @TempDir
    Path dir;

    @Override
    protected String prefix() {
        return "ct";
    }

    @Override
    public ContainerEngine store() {
        return testEngine();
    }

    @Override
    public Path rootfs() throws Exception {
        return TestEngines.busyboxRootfs();
    }

    @Override
    public String createContainer(String image) throws Exception {
        return TestEngines.createContainer(testEngine(), image, testId());
    }

    /** A store of podman's own, in a folder removed afterwards. */
    @Override
    public OtherStore otherStore() throws Exception {
        Path folder = TestEngines.scratchFolder("ocisi-other-store-");
        Map<String, String> store = TestEngines.throwawayStore(folder);
        return new OtherStore(TestEngines.podmanCli(store), () -> TestEngines.removeStore(store, folder));
    }

    @Override
    public Path scratch() {
        return dir;
    }

    private BuildRequest request(String containerfile) throws Exception {
        Path context = Files.createTempDirectory(dir, "ctx");
        Files.writeString(context.resolve("Containerfile"), containerfile);
        return new BuildRequest(
                context, context.resolve("Containerfile"), Map.of(), Map.of(TestEngines.TEST_LABEL, testId()), false);
    }

    /** As root, with no network and whatever the image's entrypoint, which the command must not go through. */
    @Test
    void runsACommandInAnImageAndGivesItsOutputAndStatus() throws Exception {
        String id =
                testEngine().build(request("FROM " + base() + "\nUSER 1000\nENTRYPOINT [\"/bin/false\"]\n"), l -> {});
        int containers = testEngine().containers().size();
        ContainerOutput who =
                testEngine().runInImage(id, List.of("sh", "-c", "id -u; ls /sys/class/net; echo err >&2"));
        assertEquals(0, who.exitCode(), who.toString());
        assertEquals(List.of("0", "lo"), who.stdout().lines().toList(), "root, the loopback only, no stderr");
        assertEquals(
                3, testEngine().runInImage(id, List.of("sh", "-c", "exit 3")).exitCode());
        assertEquals(
                ContainerOutput.NOT_FOUND,
                testEngine().runInImage(id, List.of("ocisi-no-such-command")).exitCode());
        assertEquals(containers, testEngine().containers().size(), "the runs' containers are removed");
    }
}
