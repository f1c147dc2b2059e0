package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** The build arguments of an image: ocisictl's for a {@code -dx} image, then the user's own, which win. */
public final class BuildArguments {

    private BuildArguments() {}

    public static Map<String, String> of(ImageSpec image, RunUser user) {
        Map<String, String> args = new LinkedHashMap<>();
        if (image.isDx()) {
            args.put("IMG", image.dxBaseName());
            args.put("TAG", image.declaredId().tag());
            args.put("USER", user.name());
            args.put("UID", user.uid());
            args.put("GID", user.gid());
        }
        args.putAll(image.args());
        return args;
    }
}
