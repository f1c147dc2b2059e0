package dev.ocisi.core.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.VmSettings;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.problem.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of VMs: settings read from YAML, kernels found in a tree, sizes, QEMU's argument vector. */
class VmPartsTest {

    @TempDir
    Path dir;

    private HierarchyGraph read(String vm) {
        try {
            return new Fixture(dir)
                    .write("ocisictl.yaml", """
                    defaults:
                      path: img
                      enabled: true
                      vm: {memory: 2G, cpus: 4}
                    images:
                      - name: base
                      - name: machine
                    %s
                    """.formatted(vm))
                    .write("img/Containerfile.base", "FROM docker.io/library/debian:bookworm\n")
                    .write("img/Containerfile.machine", "FROM base\n")
                    .write("boot/vmlinuz", "kernel")
                    .read();
        } catch (ConfigurationException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void onlyAnItemWithItsOwnVmIsAVmAndTakesTheDefaultsVmKeys() {
        HierarchyGraph graph = read("    vm: {format: raw, size: 4G, kernel: boot/vmlinuz, initrd: none, cpus: 1}");
        assertEquals(
                List.of("machine"),
                VmImages.all(graph).stream().map(s -> s.id().name()).toList());
        VmSettings vm = VmImages.all(graph).get(0).vm().orElseThrow();
        assertEquals(
                new VmSettings(
                        VmSettings.DiskFormat.RAW,
                        OptionalLong.of(4L << 30),
                        VmSettings.BootFile.of(dir.resolve("boot/vmlinuz")),
                        VmSettings.BootFile.NONE,
                        VmSettings.DEFAULT_CMDLINE,
                        2048,
                        1,
                        VmSettings.DEFAULT_BOOT_LINE,
                        Duration.ofMinutes(5),
                        false,
                        VmSettings.Init.SYSTEM,
                        Optional.empty(),
                        Duration.ofMinutes(30)),
                vm);
    }

    @Test
    void namingAnImageWithoutVmSaysWhichHaveOne() {
        HierarchyGraph graph = read("    vm: {}");
        ConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                ConfigurationException.class, () -> VmImages.select(graph, List.of("base"), "-Docisi.image"));
        assertTrue(
                e.getMessage()
                        .contains("image 'base:latest' has no 'vm' section: add one (e.g. 'vm: {memory: "
                                + "1G}') to make a VM of it; the images with one are machine:latest"),
                e.getMessage());
    }

    @Test
    void findsTheNewestKernelWithItsInitrdInDebianAndBootcLayouts() throws Exception {
        Path root = dir.resolve("rootfs");
        Files.createDirectories(root.resolve("boot"));
        for (String version : List.of("6.1.0-9-amd64", "6.1.0-10-amd64")) {
            Files.writeString(root.resolve("boot/vmlinuz-" + version), "k");
            Files.writeString(root.resolve("boot/initrd.img-" + version), "i");
        }
        KernelFiles debian = KernelFiles.find(root).orElseThrow();
        assertEquals("6.1.0-10-amd64", debian.version(), "10 is newer than 9");
        assertEquals(Optional.of(root.resolve("boot/initrd.img-6.1.0-10-amd64")), debian.initrd());

        Path bootc = dir.resolve("bootc");
        Files.createDirectories(bootc.resolve("usr/lib/modules/6.11.4-301.fc41.x86_64"));
        Files.writeString(bootc.resolve("usr/lib/modules/6.11.4-301.fc41.x86_64/vmlinuz"), "k");
        Files.writeString(bootc.resolve("usr/lib/modules/6.11.4-301.fc41.x86_64/initramfs.img"), "i");
        KernelFiles fedora = KernelFiles.find(bootc).orElseThrow();
        assertEquals(bootc.resolve("usr/lib/modules/6.11.4-301.fc41.x86_64/vmlinuz"), fedora.kernel());
        assertTrue(fedora.initrd().isPresent());

        Path none = dir.resolve("none");
        Files.createDirectories(none.resolve("boot"));
        Files.createSymbolicLink(none.resolve("boot/vmlinuz-1"), Path.of("/etc/hostname"));
        assertEquals(Optional.empty(), KernelFiles.find(none), "a link could point out of the image: not followed");
    }

    @Test
    void autoSizeLeavesRoomToWriteInWholeStepsOf64MiB() {
        long mib = 1L << 20;
        assertEquals(576 * mib, DiskMaker.sizeFor(40 * mib), "small images get 512 MiB free");
        assertEquals(1600 * mib, DiskMaker.sizeFor(800 * mib), "large ones as much again as they hold");
    }

    @Test
    void qemuGetsTheDiskAsASnapshotTheConsoleOnASocketWithALogAndNoShell() {
        ImageSpec spec = VmImages.all(read("    vm: {initrd: none, cmdline: console=ttyS0 root=/dev/vda ro}"))
                .get(0);
        Path folder = dir.resolve("vm/machine@latest/v-1");
        DiskCache.CachedDisk disk = new DiskCache.CachedDisk(
                folder,
                new VmMetadata(
                        "machine:latest",
                        "sha256:ab",
                        "in",
                        "disk.qcow2",
                        "qcow2",
                        1,
                        "d",
                        "vmlinuz",
                        "/boot/vmlinuz-6",
                        "6",
                        "k",
                        null,
                        null,
                        "t",
                        1,
                        null,
                        null,
                        "/lib/systemd/systemd"));
        RunFiles run = new RunFiles(dir.resolve("vm/machine@latest/run"));
        VmSettings settings = spec.vm().orElseThrow();
        KvmRecord kvm = new KvmRecord(dir, "6.1", "QEMU 7.2");
        List<String> console = List.of(
                "-chardev",
                "socket,id=console,path=" + run.socket() + ",server=on,wait=off,logfile=" + run.consoleLog(),
                "-serial",
                "chardev:console",
                "-display",
                "none",
                "-monitor",
                "none",
                "-no-reboot",
                "-daemonize",
                "-pidfile",
                run.pidFile().toString());
        List<String> boot = new java.util.ArrayList<>(List.of(
                "qemu-system-x86_64",
                "-name",
                "ocisi-machine",
                "-nodefaults",
                "-accel",
                "tcg",
                "-cpu",
                "max",
                "-m",
                "2048M",
                "-smp",
                "4",
                "-kernel",
                folder.resolve("vmlinuz").toString(),
                "-append",
                "console=ttyS0 root=/dev/vda ro",
                "-drive",
                "file=" + folder.resolve("disk.qcow2") + ",if=virtio,format=qcow2,snapshot=on",
                "-nic",
                "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:2222-:22"));
        boot.addAll(console);
        assertEquals(
                boot,
                QemuCommand.of(
                        new VmBooter.Launch(
                                "machine",
                                disk,
                                disk.disk(),
                                "qcow2",
                                true,
                                settings,
                                settings.cmdline(),
                                Optional.empty(),
                                run,
                                java.util.OptionalInt.of(2222),
                                kvm),
                        Accelerator.TCG));

        // a command run: the command's disk second (the guest's /dev/vdb), read-only; no network
        Path commandDrive = dir.resolve("vm/machine@latest/run-command/command.sh");
        List<String> command = new java.util.ArrayList<>(List.of(
                "qemu-system-x86_64",
                "-name",
                "ocisi-machine",
                "-nodefaults",
                "-accel",
                "tcg",
                "-cpu",
                "max",
                "-m",
                "2048M",
                "-smp",
                "4",
                "-kernel",
                folder.resolve("vmlinuz").toString(),
                "-append",
                "console=ttyS0 root=/dev/vda ro init=/bin/sh",
                "-drive",
                "file=" + folder.resolve("disk.qcow2") + ",if=virtio,format=qcow2,snapshot=on",
                "-drive",
                "file=" + commandDrive + ",if=virtio,format=raw,readonly=on"));
        command.addAll(console);
        assertEquals(
                command,
                QemuCommand.of(
                        new VmBooter.Launch(
                                "machine",
                                disk,
                                disk.disk(),
                                "qcow2",
                                true,
                                settings,
                                "console=ttyS0 root=/dev/vda ro init=/bin/sh",
                                Optional.of(commandDrive),
                                run,
                                java.util.OptionalInt.empty(),
                                kvm),
                        Accelerator.TCG));
        assertEquals("a,,b", QemuCommand.escape(Path.of("a,b")));
    }

    @Test
    void explainsTheBootFailuresUsersMeet() throws Exception {
        ConsoleGoal login = new BootLineGoal("login:", Duration.ofMinutes(1), new dev.ocisi.core.RecordingLog());
        assertTrue(BootDiagnosis.diagnosis(
                        "[ 1.2] VFS: Unable to mount root fs on unknown-block(0,0)\nKernel panic", login)
                .contains("initrd lacks the virtio_blk or ext4 modules"));
        assertTrue(BootDiagnosis.diagnosis("Kernel panic - not syncing: No working init found.", login)
                .contains("systemd-sysv"));
        assertTrue(BootDiagnosis.diagnosis("", login).contains("console=ttyS0"));
        assertEquals("", BootDiagnosis.diagnosis("Welcome to Debian", login));

        // a command under the fast init needs the image's shell, not its init; initramfs-tools says it its own way
        VmSettings settings = VmImages.all(read("    vm: {}")).get(0).vm().orElseThrow();
        ConsoleGoal fast = new CommandGoal(
                GuestScript.of("true"), settings, VmSettings.Init.FAST, new dev.ocisi.core.RecordingLog());
        String noShell = BootDiagnosis.diagnosis(
                "Target filesystem doesn't have requested /bin/sh.\n" + "No init found. Try passing init= bootarg.",
                fast);
        assertTrue(
                noShell.contains("found no init: the fast init runs /bin/sh in place of the image's init, so the "
                        + "image needs a shell at /bin/sh"),
                noShell);
        ConsoleGoal system = new CommandGoal(
                GuestScript.of("true"), settings, VmSettings.Init.SYSTEM, new dev.ocisi.core.RecordingLog());
        assertTrue(BootDiagnosis.diagnosis("No working init found.", system).contains("systemd-sysv"));
    }

    @Test
    void afterAPanicTheConsolesLastLinesEndAtThePanicLineNotInTheCallTrace() throws Exception {
        Path file = Files.writeString(
                dir.resolve("console.log"),
                "booting\r\nVFS: Cannot open root device\r\n"
                        + "Kernel panic - not syncing: VFS: Unable to mount root fs\nCall Trace:\n dump_stack_lvl+0x44/0x5c\n");
        Console console = new Console(file);
        console.poll(line -> {});
        assertEquals(
                "VFS: Cannot open root device\nKernel panic - not syncing: VFS: Unable to mount root fs",
                console.tail(2));
        Path calm = Files.writeString(dir.resolve("calm.log"), "one\ntwo\nthree");
        Console whole = new Console(calm);
        whole.poll(line -> {});
        assertEquals("two\nthree", whole.tail(2), "without a panic, the last lines, the unfinished one included");
    }

    @Test
    void theDiskDependsOnImageAndDiskSettingsButNotOnMemory() throws Exception {
        VmSettings a = VmImages.all(read("    vm: {}")).get(0).vm().orElseThrow();
        VmSettings moreMemory = new VmSettings(
                a.format(),
                a.size(),
                a.kernel(),
                a.initrd(),
                a.cmdline(),
                4096,
                a.cpus(),
                a.bootLine(),
                a.bootTimeout(),
                a.withProcess(),
                VmSettings.Init.FAST,
                Optional.of("true"),
                a.runTimeout());
        VmSettings raw = new VmSettings(
                VmSettings.DiskFormat.RAW,
                a.size(),
                a.kernel(),
                a.initrd(),
                a.cmdline(),
                a.memoryMib(),
                a.cpus(),
                a.bootLine(),
                a.bootTimeout(),
                a.withProcess(),
                VmSettings.Init.FAST,
                Optional.of("true"),
                a.runTimeout());
        assertEquals(DiskMaker.inputs("sha256:1", a), DiskMaker.inputs("sha256:1", moreMemory));
        assertTrue(!DiskMaker.inputs("sha256:1", a).equals(DiskMaker.inputs("sha256:2", a)));
        assertTrue(!DiskMaker.inputs("sha256:1", a).equals(DiskMaker.inputs("sha256:1", raw)));
    }

    @Test
    void aCheckedFileIsHashedAgainOnlyWhenItMayHaveChangedEvenWithItsOldModificationTime() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("disk"));
        Path disk = Files.writeString(folder.resolve("disk.raw"), "disk one");
        String sha = DiskMaker.sha256(disk);
        DiskCheck first = new DiskCheck(folder);
        assertTrue(!first.known(disk, sha), "nothing is known before a check");
        assertEquals(sha, first.hash(disk));
        first.save();
        assertTrue(new DiskCheck(folder).known(disk, sha), "read back from " + DiskCheck.FILE_NAME);
        assertTrue(!new DiskCheck(folder).known(disk, "sha256:other"), "known for its digest only");

        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(disk);
        Thread.sleep(20);
        Files.writeString(disk, "disk two");
        Files.setLastModifiedTime(disk, modified);
        assertTrue(!new DiskCheck(folder).known(disk, sha), "same size and modification time, but changed");
    }
}
