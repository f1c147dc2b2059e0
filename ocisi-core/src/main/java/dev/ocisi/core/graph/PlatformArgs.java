package dev.ocisi.core.graph;

import dev.ocisi.core.config.Platform;
import java.util.LinkedHashMap;
import java.util.Map;

/** The platform arguments BuildKit and buildah define without an ARG: the machine's, and the build's target's. */
final class PlatformArgs {

    private PlatformArgs() {}

    /** The arguments of a build on this machine for {@code target}. */
    static Map<String, String> forTarget(Platform target) {
        Platform build = Platform.machine();
        Map<String, String> args = new LinkedHashMap<>();
        args.put("BUILDPLATFORM", build.toString());
        args.put("BUILDOS", build.os());
        args.put("BUILDARCH", build.architecture());
        args.put("BUILDVARIANT", build.variant());
        args.put("TARGETPLATFORM", target.toString());
        args.put("TARGETOS", target.os());
        args.put("TARGETARCH", target.architecture());
        args.put("TARGETVARIANT", target.variant());
        return Map.copyOf(args);
    }
}
