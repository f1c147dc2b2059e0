package dev.ocisi.core.config;

import java.util.List;
import java.util.Optional;

/**
 * How the distrobox assembled from an image is made: the keys of distrobox's assemble file that users set, written
 * under {@code box:} on the item (or in {@code defaults}). Absent values are left to distrobox's defaults.
 *
 * @param home               the box's home folder; {@code ~} and {@code $HOME} stand for the user's home
 * @param volumes            {@code host:box[:options]} mounts
 * @param exportedBins       paths inside the box whose launchers go to {@code exportedBinsPath}
 * @param exportedApps       applications whose desktop entries are exported
 * @param additionalFlags    flags passed to the engine's create command
 */
public record BoxSettings(
        Optional<String> home,
        Optional<String> hostname,
        Optional<Boolean> init,
        Optional<Boolean> nvidia,
        Optional<Boolean> root,
        Optional<Boolean> startNow,
        List<String> additionalPackages,
        List<String> initHooks,
        List<String> preInitHooks,
        List<String> volumes,
        List<String> exportedBins,
        Optional<String> exportedBinsPath,
        List<String> exportedApps,
        List<String> additionalFlags) {

    public static final BoxSettings NONE = new BoxSettings(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Optional.empty(),
            List.of(),
            List.of());

    public BoxSettings {
        additionalPackages = List.copyOf(additionalPackages);
        initHooks = List.copyOf(initHooks);
        preInitHooks = List.copyOf(preInitHooks);
        volumes = List.copyOf(volumes);
        exportedBins = List.copyOf(exportedBins);
        exportedApps = List.copyOf(exportedApps);
        additionalFlags = List.copyOf(additionalFlags);
    }
}
