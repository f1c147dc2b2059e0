package dev.ocisi.core.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.VmSettings;
import dev.ocisi.core.engine.CommandRunner;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.process.ProcessRunner;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.run.OwnStore;
import dev.ocisi.core.run.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A real disk from a real image, booted in real QEMU: a Debian image with a kernel, initramfs-tools and systemd
 * (built on $OCISI_BOX_ROOTFS, in an image store of the test's own) under a small leaf of this test.
 * Software emulation, as KVM cannot boot stock kernels on these machines. Checks the disk cache (an unchanged image
 * reuses its disk) and the swap (a disk that fails to build leaves the working one current).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// minutes of QEMU and apt, in a store of its own: beside the other tests, not after them; its own cases one after
// the other (SAME_THREAD on each), as they share the image, the state and the disks
@Execution(ExecutionMode.CONCURRENT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EngineTest
class VmDiskBootTest {

    private static final String BASE_ROOTFS_IMAGE = "localhost/ocisi-test-vm-debian:1";

    private final String testId = TestEngines.uniqueName("vm");
    private final ImageName leaf = new ImageName(testId + "-leaf", "latest");
    private final RecordingLog log = new RecordingLog();
    private OwnStore store;
    private ContainerEngine engine;
    private Path state;

    @TempDir
    Path dir;

    @TempDir
    Path vmRoot;

    @BeforeAll
    void importDebian() throws Exception {
        Path rootfs = TestEngines.debianRootfs();
        store = OwnStore.withBase("vm");
        engine = store.engine;
        engine.tag(engine.importRootfs(rootfs, Map.of(), List.of("CMD [\"/bin/bash\"]")), BASE_ROOTFS_IMAGE);
        state = TestEngines.scratchFolder("ocisi-state-");
    }

    @AfterAll
    void removeImages() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    private HierarchyGraph write(String version, String size) throws Exception {
        return new Fixture(dir)
                .write("ocisictl.yaml", """
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
                .write(
                        "img/Containerfile.ocisi-test-vm-kernel",
                        "FROM " + BASE_ROOTFS_IMAGE + "\n"
                                + "ARG DEBIAN_FRONTEND=noninteractive\n"
                                // as docs/vm.md tells: an initrd of the modules a QEMU disk needs
                                + "RUN apt-get update "
                                + "&& apt-get install -y --no-install-recommends initramfs-tools "
                                + "&& printf '%s\\n' virtio_pci virtio_blk ext4 >> /etc/initramfs-tools/modules "
                                + "&& echo MODULES=list > /etc/initramfs-tools/conf.d/ocisi-vm "
                                + "&& apt-get install -y --no-install-recommends linux-image-amd64 systemd-sysv "
                                + "&& rm -rf /var/lib/apt/lists/*\n")
                .write(
                        "img/Containerfile." + leaf.name(),
                        "FROM ocisi-test-vm-kernel\n" + "RUN echo " + version + " > /etc/vm-version\n")
                .read();
    }

    private ImageSpec build(HierarchyGraph graph) throws Exception {
        buildAll(graph);
        return graph.node(leaf).spec();
    }

    /**
     * A busybox image (nothing but /bin) for hierarchies under {@code folder}, whose kernel/vmlinuz and
     * kernel/initrd.img are the Debian test image's.
     */
    private String busyboxWithDebianKernel(Path folder) throws Exception {
        VmDisk debian = make(build(write("v2", null)));
        Path kernels = Files.createDirectories(folder.resolve("kernel"));
        Files.copy(debian.disk().kernel(), kernels.resolve("vmlinuz"));
        Files.copy(debian.disk().initrd().orElseThrow(), kernels.resolve("initrd.img"));
        Path shared = Files.createDirectories(TestEngines.vmKernelFolder());
        for (String name : List.of("vmlinuz", "initrd.img")) {
            Path temporary = Files.createTempFile(shared, name, ".tmp");
            Files.copy(kernels.resolve(name), temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(
                    temporary,
                    shared.resolve(name),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        String busybox = "localhost/" + testId + "-busybox:1";
        TestEngines.importBusybox(engine, busybox, testId);
        return busybox;
    }

    private void buildAll(HierarchyGraph graph) throws Exception {
        try (Engines engines = engines()) {
            BuildReport report = new Scheduler(
                            engines,
                            BuildOptions.in(state)
                                    .lockWait(Duration.ofSeconds(5))
                                    .parallel(1)
                                    .build(),
                            new RunUser("tester", "4242", "4343"),
                            log)
                    .build(Planner.plan(graph, List.of()));
            assertEquals(List.of(), report.failed(), report.table().toString());
        }
    }

    private Engines engines() {
        return new Engines(EngineSettings.defaults(), store.environment, log);
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
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(".lock"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(1)
    void theDiskOfAnImageBootsIsReusedAndSurvivesAFailedRebuild() throws Exception {
        ImageSpec v1 = build(write("v1", null));
        VmDisk first = make(v1);
        assertTrue(first.made());
        VmMetadata metadata = first.disk().metadata();
        assertEquals(imageId(), metadata.imageId());
        assertEquals("/boot/vmlinuz-" + metadata.kernelVersion(), metadata.kernelSource());
        assertEquals(DiskMaker.sha256(first.disk().disk()), metadata.diskSha256());
        assertTrue(Files.isRegularFile(first.disk().initrd().orElseThrow()));
        assertEquals(
                Optional.of(first.disk().folder().resolve("vmlinux")),
                first.disk().kernelElf(),
                "Debian's xz kernel, unpacked for QEMU to boot without unpacking it under emulation");
        CommandRunner.Result info = new CommandRunner(ProcessBuilder::new)
                .run(List.of(
                        "qemu-img",
                        "info",
                        "--output",
                        "json",
                        first.disk().disk().toString()));
        assertTrue(info.stdout().contains("\"format\": \"qcow2\""), info.stdout());

        VmDisk again = make(v1);
        assertFalse(again.made(), "an unchanged image reuses its disk");
        assertEquals(first.disk().folder(), again.disk().folder());

        BootResult boot = new VmBooter(new CommandRunner(ProcessBuilder::new), log)
                .boot(
                        v1,
                        again.disk(),
                        new BootOptions(
                                Optional.of(Accelerator.TCG),
                                BootOptions.DiskMode.SNAPSHOT,
                                true,
                                Duration.ofSeconds(15),
                                vmRoot));
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
        assertEquals(
                List.of("current", "run", v2Disk.disk().folder().getFileName().toString()),
                folderNames(),
                "the old disk is gone; the run folder holds the console of the boot");
    }

    private BootOptions tcg() {
        return new BootOptions(
                Optional.of(Accelerator.TCG), BootOptions.DiskMode.SNAPSHOT, true, BootOptions.KVM_WAIT, vmRoot);
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(2)
    void aCommandRunsInTheVmUnderTheFastInitAndUnderSystemdAndItsExitStatusComesBack() throws Exception {
        ImageSpec spec = build(write("v2", null));
        VmDisk disk = make(spec);
        VmBooter booter = new VmBooter(new CommandRunner(ProcessBuilder::new), log);

        // the fast init: a shell is process 1; a command the image lacks is the shell's 127
        GuestRun fast = booter.run(
                spec,
                disk.disk(),
                tcg(),
                "cat /proc/1/comm\necho \"it's $(cat /etc/vm-version)\"\n" + "no-such-tool --version",
                VmSettings.Init.FAST);
        assertEquals(127, fast.exitStatus(), fast.tail().toString());
        assertEquals(List.of("sh", "it's v2"), fast.tail().subList(0, 2));
        assertTrue(
                fast.tail().get(2).contains("no-such-tool: not found"),
                fast.tail().toString());
        assertTrue(fast.describeStatus().contains("not found in the image"), fast.describeStatus());
        assertTrue(fast.untilFirstOutput().isPresent());

        // the image's own init: systemd runs the command, which ends with 3
        GuestRun system =
                booter.run(spec, disk.disk(), tcg(), "cat /proc/1/comm; uname -r; exit 3", VmSettings.Init.SYSTEM);
        assertEquals(3, system.exitStatus(), system.tail().toString());
        assertEquals(List.of("systemd", disk.disk().metadata().kernelVersion()), system.tail());
        assertTrue(system.failure(leaf.toString()).contains("ended with exit status 3"), system.failure("x"));
        assertEquals(
                DiskMaker.sha256(disk.disk().disk()),
                disk.disk().metadata().diskSha256(),
                "the commands wrote to a snapshot");
        assertEquals("/lib/systemd/systemd", disk.disk().metadata().init().orElseThrow());
    }

    /**
     * The fast init on an image that has no init, no kernel and no mount points (busybox, only /bin), with the Debian
     * image's kernel and initrd given as files; and process's smoke test of each new disk.
     */
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(3)
    void processSmokeTestsEachNewDiskKeepsTheImageAndThePreviousDiskWhenItFails() throws Exception {
        String busybox = busyboxWithDebianKernel(dir.resolve("smoke"));
        ImageName box = new ImageName(testId + "-box", "latest");
        Path target = dir.resolve("smoke/target");

        ProcessRunner.Report first = process(smokeHierarchy(busybox, box, "one"), target);
        assertEquals(1, first.smokes().size());
        assertTrue(first.smokes().get(0).passed(), first.smokes().get(0).detail());
        assertEquals(
                List.of("sh", "smoke-ok"),
                first.smokes().get(0).run().orElseThrow().tail());
        DiskCache.CachedDisk passed = new DiskCache(vmRoot, box).current().orElseThrow();
        assertEquals("none", passed.metadata().init().orElseThrow(), "busybox has no /sbin/init");
        String report = Files.readString(target.resolve("process-report.xml"));
        assertTrue(report.contains("<testcase classname=\"ocisi.smoke\" name=\"" + box + "\""), report);
        assertTrue(report.contains("exit status 0\nsh\nsmoke-ok"), report);
        assertTrue(log.contains("Smoke test of " + box + " passed"), log.lines().toString());

        String firstImage = engine.inspect(box.localReference()).orElseThrow().id();
        GuestCommandFailedException failed = assertThrows(
                GuestCommandFailedException.class, () -> process(smokeHierarchy(busybox, box, "two"), target));
        assertTrue(
                failed.getMessage().contains(box + ": the command in the VM of " + box + " ended with exit status 1"),
                failed.getMessage());
        String newImage = engine.inspect(box.localReference()).orElseThrow().id();
        assertFalse(newImage.equals(firstImage), "the new image is kept");
        DiskCache.CachedDisk current = new DiskCache(vmRoot, box).current().orElseThrow();
        assertEquals(passed.folder(), current.folder(), "the previous disk stays current");
        assertEquals(firstImage, current.metadata().imageId());
        assertTrue(
                log.contains("The new image " + box + " is kept; its new disk is dropped, and the previous disk "
                        + "stays current"),
                log.lines().toString());
        assertTrue(
                log.contains("smoke tests: 0 passed, 1 failed (" + box + ": image kept, previous disk current)"),
                log.lines().toString());
        String failedReport = Files.readString(target.resolve("process-report.xml"));
        assertTrue(failedReport.contains("<failure message=\"exit status 1\" type=\"SmokeTestFailed\">"), failedReport);
        assertTrue(failedReport.contains("smoke: two is not one"), failedReport);
    }

    /**
     * The failures a command run meets before the command, each one message with the console's last lines, at once
     * rather than at the boot timeout (a command run adds panic=-1 to a command line that does not say what a panic
     * does, as the first image's does not): Debian's kernel said to need no initrd (virtio_blk is one of its modules,
     * so it cannot find /dev/vda and panics), and a command line without the serial console (the guest runs and
     * powers off but prints nothing).
     */
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(4)
    void aKernelThatCannotMountTheDiskAndAGuestThatPrintsNothingEachGetOneClearMessage() throws Exception {
        String busybox = busyboxWithDebianKernel(dir.resolve("faults"));
        ImageName noInitrd = new ImageName(testId + "-noinitrd", "latest");
        ImageName silent = new ImageName(testId + "-silent", "latest");
        ImageName noShell = new ImageName(testId + "-noshell", "latest");
        HierarchyGraph graph = new Fixture(dir.resolve("faults"))
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: podman}
                images:
                  - name: %1$s
                    labels: {dev.ocisi.test: %3$s}
                    vm: {format: raw, kernel: kernel/vmlinuz, initrd: none, init: fast, memory: 512M, boot_timeout: 3m,
                         cmdline: console=ttyS0 root=/dev/vda rw}
                  - name: %2$s
                    labels: {dev.ocisi.test: %3$s}
                    vm: {format: raw, kernel: kernel/vmlinuz, initrd: kernel/initrd.img, init: fast, memory: 512M,
                         cmdline: root=/dev/vda rw panic=-1, boot_timeout: 3m}
                  - name: %4$s
                    labels: {dev.ocisi.test: %3$s}
                    vm: {format: raw, kernel: kernel/vmlinuz, initrd: kernel/initrd.img, init: fast, memory: 512M,
                         boot_timeout: 3m}
                """.formatted(noInitrd.name(), silent.name(), testId, noShell.name()))
                .write("img/only-a-file", "no shell here\n")
                .write("img/Containerfile." + noShell.name(), "FROM scratch\nCOPY only-a-file /etc/only-a-file\n")
                .write("img/Containerfile." + noInitrd.name(), "FROM " + busybox + "\nRUN echo one > /etc/one\n")
                .write("img/Containerfile." + silent.name(), "FROM " + busybox + "\nRUN echo two > /etc/two\n")
                .read();
        buildAll(graph);
        VmBooter booter = new VmBooter(new CommandRunner(ProcessBuilder::new), log);

        ImageSpec noInitrdSpec = graph.node(noInitrd).spec();
        VmException panic = assertThrows(
                VmException.class,
                () -> booter.run(noInitrdSpec, make(noInitrdSpec).disk(), tcg(), "echo never", VmSettings.Init.FAST));
        String message = panic.getMessage();
        assertTrue(message.contains("stopped before the command started"), "not the boot timeout: " + message);
        assertTrue(message.contains("its initrd lacks the virtio_blk or ext4 modules"), message);
        assertTrue(message.contains("Last lines of the console"), message);
        assertTrue(message.contains("VFS: Unable to mount root fs"), "the kernel's own words: " + message);
        assertFalse(message.contains("Call Trace"), "the lines up to the panic, not the kernel's trace: " + message);

        // initramfs-tools finds no /bin/sh on the disk, says so, and reboots (panic=-1), which ends QEMU
        ImageSpec noShellSpec = graph.node(noShell).spec();
        VmException shell = assertThrows(
                VmException.class,
                () -> booter.run(noShellSpec, make(noShellSpec).disk(), tcg(), "echo never", VmSettings.Init.FAST));
        assertTrue(
                shell.getMessage()
                        .contains("stopped before the command started.\nThe kernel mounted the disk but "
                                + "found no init: the fast init runs /bin/sh in place of the image's init, so the image needs a shell "
                                + "at /bin/sh"),
                shell.getMessage());
        assertTrue(shell.getMessage().contains("doesn't have requested /bin/sh"), shell.getMessage());

        ImageSpec silentSpec = graph.node(silent).spec();
        VmException nothing = assertThrows(
                VmException.class,
                () -> booter.run(silentSpec, make(silentSpec).disk(), tcg(), "echo unseen", VmSettings.Init.FAST));
        assertTrue(nothing.getMessage().contains("stopped before the command started"), nothing.getMessage());
        assertTrue(
                nothing.getMessage()
                        .contains("The console stayed empty: the kernel writes to the serial port "
                                + "only with console=ttyS0 in 'vm.cmdline'"),
                nothing.getMessage());
        assertTrue(nothing.getMessage().endsWith(":\n(nothing)"), nothing.getMessage());
    }

    private HierarchyGraph smokeHierarchy(String busybox, ImageName box, String content) throws Exception {
        return new Fixture(dir.resolve("smoke"))
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: podman}
                images:
                  - name: %s
                    labels: {dev.ocisi.test: %s}
                    vm:
                      format: raw
                      kernel: kernel/vmlinuz
                      initrd: kernel/initrd.img
                      memory: 512M
                      init: fast
                      boot_timeout: 2m
                      smoke: |
                        cat /proc/1/comm
                        if [ "$(cat /etc/smoke)" != one ]; then echo "smoke: $(cat /etc/smoke) is not one"; exit 1; fi
                        echo smoke-ok
                """.formatted(box.name(), testId))
                .write(
                        "img/Containerfile." + box.name(),
                        "FROM " + busybox + "\nRUN echo " + content + " > /etc/smoke\n")
                .read();
    }

    private ProcessRunner.Report process(HierarchyGraph graph, Path target) throws Exception {
        return ProcessRunner.builder(
                        EngineSettings.defaults(),
                        BuildOptions.in(state)
                                .lockWait(Duration.ofSeconds(5))
                                .parallel(1)
                                .build(),
                        target,
                        log)
                .environment(store.environment)
                .assemble(false)
                .vmRoot(vmRoot)
                .displayBase(dir)
                .build()
                .run(Planner.plan(graph, List.of()));
    }
}
