package dev.ocisi.core.vm;

import dev.ocisi.core.EngineTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.run.BuildReport;
import dev.ocisi.core.run.HierarchyBuilder;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.plan.Planner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real disk from a real image, booted in real QEMU: a Debian image with a kernel, initramfs-tools and systemd
 * (built once per machine on $OCISI_BOX_ROOTFS and kept, as a user's base would be) under a small leaf of this test.
 * Software emulation, as KVM cannot boot stock kernels on these machines. Checks the disk cache (an unchanged image
 * reuses its disk) and the swap (a disk that fails to build leaves the working one current).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EngineTest
class VmDiskBootTest {

    /** Kept between runs: the kernel step costs a minute of apt and initramfs the first time only. */
    private static final String BASE_ROOTFS_IMAGE = "localhost/ocisi-test-vm-debian:1";

    private final String testId = TestEngines.uniqueName("vm");
    private final ImageName leaf = new ImageName(testId + "-leaf", "latest");
    private final RecordingLog log = new RecordingLog();
    private ContainerEngine engine;
    private Path state;

    @TempDir
    Path dir;
    @TempDir
    Path vmRoot;

    @BeforeAll
    void importDebian() throws Exception {
        Path rootfs = TestEngines.debianRootfs();
        engine = TestEngines.podmanCli();
        if (engine.inspect(BASE_ROOTFS_IMAGE).isEmpty()) {
            engine.tag(engine.importRootfs(rootfs, Map.of(), List.of("CMD [\"/bin/bash\"]")), BASE_ROOTFS_IMAGE);
        }
        state = TestEngines.scratchFolder("ocisi-state-");
    }

    @AfterAll
    void removeImages() throws Exception {
        TestEngines.removeTestImages(engine, testId);
        engine.close();
    }

    private HierarchyGraph write(String version, String size) throws Exception {
        return new Fixture(dir).write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: podman}
                images:
                  - name: ocisi-test-vm-kernel
                  - name: %s
                    labels: {dev.ocisi.test: %s}
                    vm:
                      format: qcow2
                      %s
                      memory: 768M
                      boot_timeout: 4m
                """.formatted(leaf.name(), testId, size == null ? "" : "size: " + size))
                .write("img/Containerfile.ocisi-test-vm-kernel", "FROM " + BASE_ROOTFS_IMAGE + "\n"
                        + "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "
                        + "--no-install-recommends linux-image-amd64 initramfs-tools systemd-sysv "
                        + "&& rm -rf /var/lib/apt/lists/*\n")
                .write("img/Containerfile." + leaf.name(), "FROM ocisi-test-vm-kernel\n"
                        + "RUN echo " + version + " > /etc/vm-version\n")
                .read();
    }

    private ImageSpec build(HierarchyGraph graph) throws Exception {
        try (Engines engines = engines()) {
            BuildReport report = new HierarchyBuilder(engines, BuildOptions.in(state)
                    .lockWait(Duration.ofSeconds(5))
                    .parallel(1)
                    .build(), new RunUser("tester", "4242", "4343"),
                    log).build(Planner.plan(graph, List.of()));
            assertEquals(List.of(), report.failed(), report.table().toString());
        }
        return graph.node(leaf).spec();
    }

    private Engines engines() {
        return new Engines(EngineSettings.defaults(), System.getenv(), log);
    }

    private VmDisk make(ImageSpec spec) throws Exception {
        try (Engines engines = engines()) {
            return new DiskMaker(engines, new CommandRunner(ProcessBuilder::new), false, vmRoot, log).make(spec);
        }
    }

    private String imageId() throws Exception {
        return engine.inspect(leaf.localReference()).orElseThrow().id();
    }

    private List<String> folderNames() throws Exception {
        try (Stream<Path> entries = Files.list(new DiskCache(vmRoot, leaf).folder())) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).sorted().toList();
        }
    }

    @Test
    void theDiskOfAnImageBootsIsReusedAndSurvivesAFailedRebuild() throws Exception {
        ImageSpec v1 = build(write("v1", null));
        VmDisk first = make(v1);
        assertTrue(first.made());
        VmMetadata metadata = first.disk().metadata();
        assertEquals(imageId(), metadata.imageId());
        assertEquals("/boot/vmlinuz-" + metadata.kernelVersion(), metadata.kernelSource());
        assertEquals(DiskMaker.sha256(first.disk().disk()), metadata.diskSha256());
        assertTrue(Files.isRegularFile(first.disk().initrd().orElseThrow()));
        CommandRunner.Result info = new CommandRunner(ProcessBuilder::new).run(List.of("qemu-img", "info",
                "--output", "json", first.disk().disk().toString()));
        assertTrue(info.stdout().contains("\"format\": \"qcow2\""), info.stdout());

        VmDisk again = make(v1);
        assertFalse(again.made(), "an unchanged image reuses its disk");
        assertEquals(first.disk().folder(), again.disk().folder());

        BootResult boot = new VmBooter(new CommandRunner(ProcessBuilder::new), log).boot(v1, again.disk(),
                new BootOptions(Optional.of(Accelerator.TCG), BootOptions.DiskMode.SNAPSHOT, true,
                        Duration.ofSeconds(15), vmRoot));
        String console = Files.readString(boot.consoleLog());
        assertTrue(console.contains("login:"), console);
        assertTrue(console.contains("Debian GNU/Linux"), "systemd of the image ran: " + console);
        assertTrue(boot.pid().isEmpty(), "the smoke test powered the VM off");
        assertEquals(DiskMaker.sha256(first.disk().disk()), metadata.diskSha256(), "a snapshot boot writes nothing");

        // a new image whose disk cannot be made (16M cannot hold it): the working disk stays current
        ImageSpec v2 = build(write("v2", "16M"));
        assertFalse(imageId().equals(metadata.imageId()));
        List<String> before = folderNames();
        VmException failure = assertThrows(VmException.class, () -> make(v2));
        assertTrue(failure.getMessage().contains("raise 'vm.size'"), failure.getMessage());
        assertEquals(before, folderNames(), "no staging folder is left and no disk is removed");
        DiskCache.CachedDisk current = new DiskCache(vmRoot, leaf).current().orElseThrow();
        assertEquals(first.disk().folder(), current.folder());
        assertEquals(metadata.diskSha256(), DiskMaker.sha256(current.disk()));

        // with room, the new disk replaces the old one, which goes
        VmDisk v2Disk = make(build(write("v2", null)));
        assertTrue(v2Disk.made());
        assertEquals(imageId(), v2Disk.disk().metadata().imageId());
        assertEquals(List.of("current", "run", v2Disk.disk().folder().getFileName().toString()), folderNames(),
                "the old disk is gone; the run folder holds the console of the boot");
    }
}
