package dev.ocisi.core.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.run.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VM disk keeps the image's owners, made as root or, rootless, inside podman unshare (the user's namespace, where
 * the image's owners exist): a file of uid 1234 in the image is uid 1234's in the ext4 filesystem, root's stay root's.
 */
@EngineTest
@Tag("rootless")
class DiskOwnersTest {

    private final String testId = TestEngines.uniqueName("own");
    private final RecordingLog log = new RecordingLog();

    @TempDir
    Path dir;

    private ContainerEngine engine;

    @AfterEach
    void removeImages() throws Exception {
        if (engine != null) {
            TestEngines.removeTestImages(engine, testId);
            engine.close();
        }
    }

    @Test
    void theImagesOwnersAreTheDisksOwners() throws Exception {
        engine = TestEngines.podmanCli();
        String base = "localhost/" + testId + "-busybox:1";
        TestEngines.importBusybox(engine, base, testId);
        HierarchyGraph graph = new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: podman, labels: {dev.ocisi.test: %s}}
                images:
                  - name: %s-vm
                    vm: {format: raw, kernel: kernel/vmlinuz, initrd: none, size: 64M}
                """.formatted(testId, testId))
                .write(
                        "img/Containerfile." + testId + "-vm",
                        "FROM " + base + "\n" + "RUN touch /owned && chown 1234:5678 /owned && mkdir /etc/rootly\n")
                .write("kernel/vmlinuz", "a kernel file: the disk is made, not booted")
                .read();
        boolean root = RunUser.current().uid().equals("0");
        Path state = TestEngines.scratchFolder("ocisi-state-");
        try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), log)) {
            BuildReport report = new Scheduler(
                            engines,
                            BuildOptions.in(state)
                                    .lockWait(Duration.ofSeconds(5))
                                    .parallel(1)
                                    .build(),
                            RunUser.current(),
                            log)
                    .build(Planner.plan(graph, List.of()));
            assertEquals(List.of(), report.failed(), report.table().toString());
            ImageSpec spec = graph.enabledImages().get(0).spec();
            VmDisk disk = new DiskMaker(engines, new CommandRunner(ProcessBuilder::new), !root, dir.resolve("vm"), log)
                    .make(spec);
            assertEquals("none", disk.disk().metadata().init().orElseThrow());
            assertTrue(disk.disk().kernelElf().isEmpty(), "a file that is no kernel is booted as it is, if at all");
            assertEquals("1234 5678", owners(disk.disk().disk(), "/owned"));
            assertEquals("0 0", owners(disk.disk().disk(), "/etc/rootly"));
            assertEquals("0 0", owners(disk.disk().disk(), "/proc"), "the mount points ocisi adds are root's");
            assertTrue(
                    log.contains("Disk of " + spec.id() + " ready"), log.lines().toString());
        }
    }

    /** The uid and gid of a file inside an ext4 image, as debugfs reads them (no mount). */
    private static String owners(Path disk, String file) throws Exception {
        CommandRunner.Result stat =
                new CommandRunner(ProcessBuilder::new).run(List.of("debugfs", "-R", "stat " + file, disk.toString()));
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("User:\\s+(\\d+)\\s+Group:\\s+(\\d+)")
                .matcher(stat.stdout());
        assertTrue(matcher.find(), stat.stdout() + stat.stderr());
        return matcher.group(1) + " " + matcher.group(2);
    }
}
