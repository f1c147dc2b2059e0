package dev.ocisi.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A platform an image is built for, as OCI writes it ({@code linux/arm64}, {@code linux/arm/v7}).
 *
 * Only the platforms Debian's {@code qemu-user-static} emulates and OCI registries commonly carry are known: a typo
 * ({@code linux/arm46}) is caught where it is written rather than when an engine fails half-way through a run.
 *
 * @param os           always {@code linux}: the images are Linux toolchains
 * @param architecture OCI's name ({@code amd64}, {@code arm64}, ...)
 * @param variant      {@code v7} for 32-bit ARM, else empty
 */
public record Platform(String os, String architecture, String variant) {

    /** Each known platform with the names other programs give it. */
    private record Known(Platform platform, String qemu, String debian, String tagSuffix) {}

    private static final List<Known> KNOWN = List.of(
            new Known(new Platform("linux", "amd64", ""), "x86_64", "amd64", "amd64"),
            new Known(new Platform("linux", "arm64", ""), "aarch64", "arm64", "arm64"),
            new Known(new Platform("linux", "arm", "v7"), "arm", "armhf", "armv7"),
            new Known(new Platform("linux", "386", ""), "i386", "i386", "386"),
            new Known(new Platform("linux", "ppc64le", ""), "ppc64le", "ppc64el", "ppc64le"),
            new Known(new Platform("linux", "s390x", ""), "s390x", "s390x", "s390x"),
            new Known(new Platform("linux", "riscv64", ""), "riscv64", "riscv64", "riscv64"));

    private static final Platform MACHINE = ofJavaArch(System.getProperty("os.arch", "amd64"));

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        variant = variant == null ? "" : variant;
    }

    /** The platform of the machine ocisi runs on. */
    public static Platform machine() {
        return MACHINE;
    }

    static Platform ofJavaArch(String javaArch) {
        String arch = switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm", "armv7l" -> "arm";
            case "x86", "i386", "i686" -> "386";
            default -> javaArch.toLowerCase(Locale.ROOT);
        };
        return new Platform("linux", arch, arch.equals("arm") ? "v7" : "");
    }

    /**
     * The platform as an image's config or an index entry writes it, with the variants written in more than one way
     * made one: arm64's {@code v8} (its only one, which registries usually leave out) and 32-bit ARM's missing
     * {@code v7}.
     */
    public static Platform of(String os, String architecture, String variant) {
        String normal = variant == null ? "" : variant;
        if (architecture.equals("arm64") && normal.equals("v8")) {
            normal = "";
        }
        if (architecture.equals("arm") && normal.isEmpty()) {
            normal = "v7";
        }
        return new Platform(os, architecture, normal);
    }

    /** The known platform {@code text} names ({@code linux/arm64}), or empty when it names none of them. */
    public static Optional<Platform> parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            return Optional.empty();
        }
        Platform platform = of(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
        return KNOWN.stream().map(Known::platform).filter(platform::equals).findFirst();
    }

    /**
     * The platforms an option names: {@code own} for this machine's, else a comma-separated list.
     *
     * @throws IllegalArgumentException naming the first it does not know
     */
    public static List<Platform> parseList(String text) {
        if (text.strip().equals("own")) {
            return List.of(MACHINE);
        }
        List<Platform> platforms = new java.util.ArrayList<>();
        for (String one : text.split(",")) {
            if (one.isBlank()) {
                continue;
            }
            platforms.add(parse(one)
                    .orElseThrow(() -> new IllegalArgumentException("unknown platform '"
                            + one.strip() + "': write 'own' (this machine's, " + MACHINE + ") or some of "
                            + String.join(", ", knownNames()))));
        }
        return List.copyOf(platforms);
    }

    /** The platforms {@link #parse} knows, for messages. */
    public static List<String> knownNames() {
        return KNOWN.stream().map(k -> k.platform().toString()).toList();
    }

    /** Whether this is another platform than the machine's, whose programs run under emulation. */
    public boolean isForeign() {
        return !equals(MACHINE);
    }

    /** The name QEMU's user-mode emulator and its {@code binfmt_misc} handler carry ({@code qemu-aarch64}). */
    public String qemuName() {
        return known().qemu();
    }

    /** Debian's name of the architecture ({@code armhf}, {@code ppc64el}), for debootstrap's {@code --arch}. */
    public String debianArchitecture() {
        return known().debian();
    }

    /** What the tag of this platform's image ends with on a machine of another platform ({@code latest-arm64}). */
    public String tagSuffix() {
        return known().tagSuffix();
    }

    private Known known() {
        return KNOWN.stream()
                .filter(k -> k.platform().equals(this))
                .findFirst()
                .orElse(new Known(this, architecture, architecture, architecture + variant));
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
