package dev.ocisi.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One image of the hierarchy as the user declared it, defaults applied and paths resolved.
 *
 * @param id           name and tag
 * @param context      the build context folder ({@code path})
 * @param containerfile the Containerfile, absolute; null for an image made from a root filesystem
 * @param enabled      whether ocisi builds it
 * @param manager      the engine whose image store holds it, which builds it
 * @param copies       the other stores that get a copy of it (the same image, same id): a leaf a distrobox on podman
 *                     and a dev container on Docker both use
 * @param distrobox    the name of the distrobox assembled from it
 * @param assemble     whether a distrobox is assembled from it
 * @param box          how that distrobox is made
 * @param devcontainer whether it backs dev containers, and what they get
 * @param vm           how a VM disk is made from it and booted, when it is one
 * @param rootfs       the root filesystem it is imported from, when it has no Containerfile
 * @param registry     where it is published and looked for by its inputs, when it is
 * @param refresh      how old it may grow before it is built again without the cache for its own steps
 * @param args         build arguments the user gave, in file order
 * @param labels       labels the user asked for, in file order
 * @param parent       an explicit parent ({@code name} or {@code name:tag}) for when FROM cannot tell
 * @param index        position in the files, counting across all of them: ties in the build order follow it
 * @param origin       where each value was written
 * @param platforms    the platforms it is built for, as written ({@code platforms:}); empty for the machine's own
 * @param platform     the platform this image is built for: its first platform's, or one of the others' for
 *                     {@link #forPlatform the image of another platform}
 * @param platformOf   for the image of one of its other platforms, the image as declared; else empty
 */
public record ImageSpec(
        ImageName id,
        Path context,
        Path containerfile,
        boolean enabled,
        Manager manager,
        List<Manager> copies,
        String distrobox,
        boolean assemble,
        BoxSettings box,
        DevcontainerSettings devcontainer,
        Optional<VmSettings> vm,
        Optional<RootfsSettings> rootfs,
        Optional<RegistryLocation> registry,
        Optional<Duration> refresh,
        Map<String, String> args,
        Map<String, String> labels,
        Optional<String> parent,
        int index,
        Origin origin,
        List<Platform> platforms,
        Platform platform,
        Optional<ImageName> platformOf) {

    /** The suffix that marks a user-layer image built from the shared {@code Containerfile.img-dx}. */
    public static final String DX_SUFFIX = "-dx";

    public ImageSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(devcontainer, "devcontainer");
        copies = List.copyOf(copies);
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(refresh, "refresh");
        if (rootfs.isEmpty()) {
            Objects.requireNonNull(containerfile, "containerfile");
        }
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        platforms = List.copyOf(platforms);
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(platformOf, "platformOf");
    }

    /**
     * The platform the image's own name is built for: the machine's own when it is one of them (so boxes, dev
     * containers and VM disks of this machine run natively), else the first written.
     */
    public static Platform primaryOf(List<Platform> platforms) {
        return platforms.isEmpty() || platforms.contains(Platform.machine()) ? Platform.machine() : platforms.get(0);
    }

    /** Every platform it is built for, the one of its own name first. */
    public List<Platform> allPlatforms() {
        if (platforms.isEmpty()) {
            return List.of(Platform.machine());
        }
        List<Platform> all = new ArrayList<>(List.of(primaryOf(platforms)));
        platforms.stream().filter(p -> !all.contains(p)).forEach(all::add);
        return List.copyOf(all);
    }

    /** The name and tag as declared: for the image of another platform, those of the image it is a platform of. */
    public ImageName declaredId() {
        return platformOf.orElse(id);
    }

    /** The name of this image's build for {@code other}: its own name for its first platform, else a tag suffix. */
    public ImageName idFor(Platform other) {
        ImageName declared = declaredId();
        return other.equals(primaryOf(platforms))
                ? declared
                : new ImageName(declared.name(), declared.tag() + "-" + other.tagSuffix());
    }

    /**
     * The image of one of its other platforms: same Containerfile and settings, built for {@code other} under
     * {@link #idFor its name for that platform}. Boxes, dev containers, VM disks and copies into other stores belong
     * to the machine's own platform, so it has none.
     */
    public ImageSpec forPlatform(Platform other) {
        return new ImageSpec(
                idFor(other),
                context,
                containerfile,
                enabled,
                manager,
                List.of(),
                distrobox,
                false,
                box,
                DevcontainerSettings.NONE,
                Optional.empty(),
                rootfs.map(r -> r.forPlatform(other)),
                registry,
                refresh,
                args,
                labels,
                parent,
                index,
                origin,
                platforms,
                other,
                Optional.of(declaredId()));
    }

    /** Whether its platforms were written: only then is the platform one of its inputs (older digests stay). */
    public boolean hasPlatforms() {
        return !platforms.isEmpty();
    }

    /** Every store that holds it: its manager's, then those of its copies. */
    public List<Manager> managers() {
        List<Manager> all = new ArrayList<>(List.of(manager));
        all.addAll(copies);
        return List.copyOf(all);
    }

    /** Whether it is imported from a root filesystem rather than built from a Containerfile. */
    public boolean isRootfs() {
        return rootfs.isPresent();
    }

    /** Whether it is made by a debootstrap, which needs root and which {@code pull} repeats. */
    public boolean isDebootstrap() {
        return rootfs.map(r -> r.source() instanceof RootfsSettings.Debootstrap).orElse(false);
    }

    /** Whether it is imported from a tarball pinned by its digest, whose files never change. */
    public boolean isTarball() {
        return rootfs.map(r -> r.source() instanceof RootfsSettings.Tarball).orElse(false);
    }

    public boolean isDx() {
        return !isRootfs() && id.name().endsWith(DX_SUFFIX);
    }

    /** The name of the image a {@code -dx} image adds the user to, as ocisictl passes it in {@code IMG}. */
    public String dxBaseName() {
        return declaredId().name().substring(0, id.name().length() - DX_SUFFIX.length());
    }

    /**
     * The build arguments that decide what FROM names: ocisictl's {@code IMG} and {@code TAG} for a {@code -dx}
     * image, then the user's own, which win.
     */
    public Map<String, String> fromArgs() {
        Map<String, String> all = new LinkedHashMap<>();
        if (isDx()) {
            all.put("IMG", dxBaseName());
            all.put("TAG", declaredId().tag());
        }
        all.putAll(args);
        return all;
    }
}
