package dev.ocisi.core.vm;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Whether KVM booted a guest on this machine, as learnt by trying: some machines open {@code /dev/kvm} yet cannot
 * run a guest on it (nested virtualisation that lacks features: the guest never prints a line). Kept per host kernel
 * and QEMU version, so that a change of either tries again.
 */
final class KvmRecord {

    private final Path file;
    private final String machine;

    KvmRecord(Path root, String hostKernel, String qemuVersion) {
        this.file = root.resolve("kvm.properties");
        this.machine = hostKernel + " / " + qemuVersion;
    }

    Path file() {
        return file;
    }

    /** Whether KVM worked when last tried with this kernel and QEMU, if it was. */
    Optional<Boolean> works() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            return Optional.empty();
        }
        return machine.equals(properties.getProperty("machine"))
                ? Optional.ofNullable(properties.getProperty("works")).map(Boolean::valueOf)
                : Optional.empty();
    }

    void record(boolean works) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("machine", machine);
        properties.setProperty("works", Boolean.toString(works));
        Files.createDirectories(file.getParent());
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "whether KVM booted a guest here (ocisi tries again when kernel or QEMU change)");
        }
    }

    /** KVM when /dev/kvm can be opened and it has not been seen to fail here; the caller says why not. */
    Accelerator choice() {
        Path kvm = Path.of("/dev/kvm");
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return Accelerator.TCG;
        }
        return works().orElse(true) ? Accelerator.KVM : Accelerator.TCG;
    }

    /** Why {@link #choice} is not KVM. */
    String whyNot() {
        Path kvm = Path.of("/dev/kvm");
        if (!Files.exists(kvm)) {
            return "this machine has no /dev/kvm (no hardware virtualisation, or the kvm module is not loaded)";
        }
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return "you cannot open /dev/kvm: add yourself to its group (sudo usermod -aG kvm $USER) and log in again";
        }
        return "KVM could not run a guest when last tried here (" + file() + "; -Docisi.vm.accel=kvm tries " + "again)";
    }
}
