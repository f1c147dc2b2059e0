package dev.ocisi.core.graph;

import java.util.Locale;
import java.util.Map;

/** The platform arguments BuildKit and buildah define without an ARG, for the machine ocisi runs on. */
final class PlatformArgs {

    private static final Map<String, String> AUTOMATIC = forArch(System.getProperty("os.arch", "amd64"));

    private PlatformArgs() {}

    static Map<String, String> automatic() {
        return AUTOMATIC;
    }

    static Map<String, String> forArch(String javaArch) {
        String arch = switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> javaArch.toLowerCase(Locale.ROOT);
        };
        String platform = "linux/" + arch;
        return Map.of(
                "BUILDPLATFORM",
                platform,
                "BUILDOS",
                "linux",
                "BUILDARCH",
                arch,
                "TARGETPLATFORM",
                platform,
                "TARGETOS",
                "linux",
                "TARGETARCH",
                arch);
    }
}
