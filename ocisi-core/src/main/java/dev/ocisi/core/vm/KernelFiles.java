package dev.ocisi.core.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kernel an image carries and the initrd that goes with it, found where distributions put them: Debian's
 * {@code /boot/vmlinuz-<version>} and {@code /boot/initrd.img-<version>}, Fedora's {@code /boot/initramfs-<version>.img},
 * and bootc images' {@code /usr/lib/modules/<version>/vmlinuz} with {@code initramfs.img} beside it. The newest
 * version wins when there are several.
 *
 * @param kernel  the kernel, inside the root folder
 * @param initrd  its initrd, when the image has one
 * @param version the kernel's version, as its file name says
 */
public record KernelFiles(Path kernel, Optional<Path> initrd, String version) {

    private static final Pattern BOOT_KERNEL = Pattern.compile("vmlinuz-(.+)");

    /** The newest kernel under {@code root}, or empty when the image has none. */
    public static Optional<KernelFiles> find(Path root) throws IOException {
        List<KernelFiles> found = new ArrayList<>();
        Path boot = root.resolve("boot");
        if (Files.isDirectory(boot)) {
            try (Stream<Path> files = Files.list(boot)) {
                for (Path file : files.sorted().toList()) {
                    Matcher matcher = BOOT_KERNEL.matcher(file.getFileName().toString());
                    if (matcher.matches() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        String version = matcher.group(1);
                        found.add(new KernelFiles(
                                file,
                                firstFile(
                                        boot.resolve("initrd.img-" + version),
                                        boot.resolve("initramfs-" + version + ".img")),
                                version));
                    }
                }
            }
        }
        Path modules = root.resolve("usr/lib/modules");
        if (Files.isDirectory(modules)) {
            try (Stream<Path> folders = Files.list(modules)) {
                for (Path folder : folders.sorted().toList()) {
                    Path kernel = folder.resolve("vmlinuz");
                    boolean seen = found.stream()
                            .anyMatch(k -> k.version.equals(folder.getFileName().toString()));
                    if (Files.isRegularFile(kernel, LinkOption.NOFOLLOW_LINKS) && !seen) {
                        found.add(new KernelFiles(
                                kernel,
                                firstFile(folder.resolve("initramfs.img")),
                                folder.getFileName().toString()));
                    }
                }
            }
        }
        return found.stream().max(Comparator.comparing(KernelFiles::version, KernelFiles::compareVersions));
    }

    /** Orders versions such as 6.1.0-9-amd64 and 6.1.0-10-amd64 by their numbers, not their text. */
    static int compareVersions(String a, String b) {
        String[] left = a.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
        String[] right = b.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order;
            if (left[i].matches("\\d+") && right[i].matches("\\d+")) {
                order = new java.math.BigInteger(left[i]).compareTo(new java.math.BigInteger(right[i]));
            } else {
                order = left[i].compareTo(right[i]);
            }
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private static Optional<Path> firstFile(Path... candidates) {
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
