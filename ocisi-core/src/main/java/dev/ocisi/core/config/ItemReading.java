package dev.ocisi.core.config;

import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problems;
import dev.ocisi.core.problem.Suggestions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** One item: its values checked, its defaults applied, its files found. */
final class ItemReading {
    private final YamlFields fields;
    private final YamlFields own;
    private final YamlFields defaults;
    private final Location itemLocation;
    private final YamlFields box;
    private final Location ownBox;
    private final YamlFields vm;
    private boolean valid = true;
    private final Path workingDirectory;
    private final Path file;
    private final Problems problems;
    private final ManagerDefault managerDefault;
    private final List<ImageSpec> images;

    /**
     * @param own      the keys the item writes itself, without the defaults'
     * @param defaults the keys of {@code defaults}
     * @param ownBox   where the item itself writes {@code box:}, or null
     */
    ItemReading(
            FileContext context,
            YamlFields fields,
            YamlFields own,
            YamlFields defaults,
            Location itemLocation,
            YamlFields box,
            Location ownBox,
            YamlFields vm) {
        this.workingDirectory = context.workingDirectory();
        this.file = context.file();
        this.problems = context.problems();
        this.managerDefault = context.managerDefault();
        this.images = context.images();
        this.vm = vm;
        this.fields = fields;
        this.own = own;
        this.defaults = defaults;
        this.itemLocation = itemLocation;
        this.box = box;
        this.ownBox = ownBox;
    }

    ImageSpec read() {
        String name = checked(fields.string(ImageKeys.NAME), ImageKeys.NAME, Names::imageNameProblem);
        String what = name == null ? "this image" : "image '" + name + "'";
        boolean rootfs = !own.isAbsent(ImageKeys.ROOTFS);
        for (String key : ImageKeys.REQUIRED) {
            // an image made from a root filesystem has no Containerfile to find in 'path'
            if (fields.isAbsent(key) && !(rootfs && key.equals(ImageKeys.PATH))) {
                problems.error(itemLocation, what + " has no '" + key + "'" + requiredHint(key));
                valid = false;
            }
        }
        Boolean enabled = fields.isAbsent(ImageKeys.ENABLED) ? null : fields.bool(ImageKeys.ENABLED);
        String pathText = fields.string(ImageKeys.PATH);
        String tag = checked(fields.string(ImageKeys.TAG), ImageKeys.TAG, Names::tagProblem);
        List<Manager> managers = managers();
        Manager manager = managers.get(0);
        String distrobox = checked(fields.string(ImageKeys.DISTROBOX), ImageKeys.DISTROBOX, Names::distroboxProblem);
        Boolean assemble = fields.isAbsent(ImageKeys.ASSEMBLE) ? null : fields.bool(ImageKeys.ASSEMBLE);
        String containerfileName = fields.string(ImageKeys.CONTAINERFILE);
        Map<String, String> args = fields.stringMap(ImageKeys.ARGS, Names::argNameProblem);
        Map<String, String> labels = fields.stringMap(ImageKeys.LABELS, Names::labelNameProblem);
        String parent = checked(fields.string(ImageKeys.PARENT), ImageKeys.PARENT, this::parentProblem);
        String registry = checked(fields.string(ImageKeys.REGISTRY), ImageKeys.REGISTRY, RegistryLocation::problem);
        String refresh = checked(fields.string(ImageKeys.REFRESH), ImageKeys.REFRESH, RefreshPeriod::problem);
        boolean dx = !rootfs && name != null && name.endsWith(ImageSpec.DX_SUFFIX);
        List<Platform> platforms = platforms();
        Path folder = file.toAbsolutePath().getParent();
        Path context = rootfs
                ? folder
                : pathText == null ? null : folder.resolve(pathText).normalize();
        Path containerfile = null;
        Optional<RootfsSettings> rootfsSettings = Optional.empty();
        if (rootfs) {
            rootfsSettings = platforms == null
                    ? Optional.empty()
                    : rootfsSettings(what, enabled == null || enabled, folder, platforms);
        } else if (context != null && (name != null || containerfileName != null)) {
            String defaultContainerfile = dx ? "Containerfile.img-dx" : "Containerfile." + name;
            containerfile = context.resolve(containerfileName == null ? defaultContainerfile : containerfileName)
                    .normalize();
        }
        if (context != null && !rootfs) {
            // checked even when other values are wrong, so that one pass reports everything
            checkFiles(enabled == null || enabled, context, containerfile, containerfileName == null, dx);
        }
        BoxSettings boxSettings = BoxKeys.settings(box, problems);
        boolean assembled = assemble == null ? dx : assemble;
        Optional<VmSettings> vmSettings = vm == null
                ? Optional.empty()
                : Optional.ofNullable(VmKeys.settings(vm, file.toAbsolutePath().getParent(), problems));
        if (vm != null && vmSettings.isEmpty()) {
            valid = false;
        }
        if (vm != null && platforms != null && ImageSpec.primaryOf(platforms).isForeign()) {
            problems.error(
                    fields.valueLocation(ImageKeys.PLATFORMS),
                    what + " has a 'vm', whose disk is made and booted for this machine's platform ("
                            + Platform.machine() + "), but is built for " + ImageSpec.primaryOf(platforms)
                            + " and the others listed only: add " + Platform.machine()
                            + " to its 'platforms', or remove 'vm'");
            valid = false;
        }
        List<String> foreign = platforms == null
                ? List.of()
                : platforms.stream()
                        .filter(Platform::isForeign)
                        .map(Platform::toString)
                        .toList();
        if (manager == Manager.DOCKER && !foreign.isEmpty()) {
            // tried with dockerd 20.10: `docker build --platform` and `docker import --platform` alike
            problems.error(
                    fields.valueLocation(ImageKeys.PLATFORMS),
                    what + " is built by docker for " + String.join(", ", foreign) + ", but the builder of"
                            + " dockerd's Engine API records every image it makes as this machine's platform ("
                            + Platform.machine() + "), so engines and registries would take the emulated image for a"
                            + " native one: build it with 'manager: podman', or for " + Platform.machine() + " only");
            valid = false;
        }
        DevcontainerSettings devcontainer = DevcontainerKeys.settings(own, defaults, dx, problems);
        if (ownBox != null && !assembled && name != null) {
            problems.error(
                    ownBox,
                    "image '" + name + "' has 'box' settings but is not assembled as a "
                            + "distrobox: add 'assemble: true', or remove 'box'");
            valid = false;
        }
        if (!valid
                || name == null
                || enabled == null
                || context == null
                || args == null
                || labels == null
                || boxSettings == null
                || devcontainer == null
                || platforms == null
                || (!fields.isAbsent(ImageKeys.ASSEMBLE) && assemble == null)) {
            return null;
        }
        ImageName id = new ImageName(name, tag == null || tag.isEmpty() ? ImageReference.DEFAULT_TAG : tag);
        return new ImageSpec(
                id,
                context,
                containerfile,
                enabled,
                manager,
                managers.subList(1, managers.size()),
                distrobox == null ? name : distrobox,
                assembled,
                boxSettings,
                devcontainer,
                vmSettings,
                platforms.isEmpty()
                        ? rootfsSettings
                        : rootfsSettings.map(r -> r.forPlatform(ImageSpec.primaryOf(platforms))),
                Optional.ofNullable(registry).map(RegistryLocation::parse),
                refresh(refresh, rootfsSettings),
                args,
                labels,
                Optional.ofNullable(parent),
                images.size(),
                new Origin(file.toAbsolutePath().normalize(), itemLocation, fields.valueLocations()),
                platforms,
                ImageSpec.primaryOf(platforms),
                Optional.empty());
    }

    /**
     * The refresh period, except for an image made from a pinned tarball: its files never change, so a refresh has
     * nothing to do. Written on such an item itself, that is an error; inherited from the defaults, it does not apply.
     */
    private Optional<Duration> refresh(String text, Optional<RootfsSettings> rootfs) {
        if (text == null) {
            return Optional.empty();
        }
        if (rootfs.map(r -> r.source() instanceof RootfsSettings.Tarball).orElse(false)) {
            if (!own.isAbsent(ImageKeys.REFRESH)) {
                problems.error(
                        own.valueLocation(ImageKeys.REFRESH),
                        "a tarball pinned by its SHA-256 never changes, "
                                + "so 'refresh' has nothing to do: remove it (a new tarball is a new pin)");
                valid = false;
            }
            return Optional.empty();
        }
        return Optional.of(RefreshPeriod.parse(text));
    }

    /** The item's root filesystem; a key that belongs to Containerfiles is reported, not ignored. */
    private Optional<RootfsSettings> rootfsSettings(
            String what, boolean enabled, Path folder, List<Platform> platforms) {
        for (String key : ImageKeys.CONTAINERFILE_ONLY) {
            if (!own.isAbsent(key)) {
                problems.error(
                        own.keyLocation(key),
                        what + " is made from 'rootfs', which has no " + "Containerfile, so '" + key
                                + "' has nothing to apply to: remove it");
                valid = false;
            }
        }
        RootfsSettings settings = RootfsKeys.settings(own, folder, enabled, platforms, problems);
        if (settings == null) {
            valid = false;
        }
        return Optional.ofNullable(settings);
    }

    /** {@code platforms:}, each one known and named once; empty for the machine's own. */
    private List<Platform> platforms() {
        List<String> texts = fields.stringList(ImageKeys.PLATFORMS);
        if (texts == null) {
            valid = false;
            return null;
        }
        if (texts.isEmpty() && !fields.isAbsent(ImageKeys.PLATFORMS)) {
            problems.error(
                    fields.valueLocation(ImageKeys.PLATFORMS),
                    "'platforms' names no platform: write e.g. [linux/amd64, linux/arm64], or remove it for this "
                            + "machine's own (" + Platform.machine() + ")");
            valid = false;
        }
        List<Platform> platforms = new ArrayList<>();
        int before = problems.mark();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Optional<Platform> platform = Platform.parse(text);
            if (platform.isEmpty()) {
                problems.error(
                        fields.itemLocation(ImageKeys.PLATFORMS, i),
                        "unknown platform '" + text + "': the platforms are "
                                + String.join(", ", Platform.knownNames())
                                + Suggestions.didYouMean(text, Platform.knownNames()));
                valid = false;
            } else if (platforms.contains(platform.get())) {
                problems.error(
                        fields.itemLocation(ImageKeys.PLATFORMS, i),
                        "platform " + platform.get() + " is named twice: name each platform once");
                valid = false;
            } else {
                platforms.add(platform.get());
            }
        }
        // null: what depends on them (a tarball per platform) is not checked against a list that is wrong
        return problems.errorsSince(before) ? null : List.copyOf(platforms);
    }

    private String checked(String value, String key, Function<String, Optional<String>> rule) {
        if (value == null) {
            return null;
        }
        Optional<String> problem = rule.apply(value);
        if (problem.isPresent()) {
            problems.error(fields.valueLocation(key), problem.get());
            valid = false;
            return null;
        }
        return value;
    }

    /**
     * The stores that hold the image: {@code manager: podman}, or a list of both ({@code [podman, docker]}), whose
     * first builds it and the other gets a copy.
     */
    private List<Manager> managers() {
        if (fields.isAbsent(ImageKeys.MANAGER)) {
            return List.of(managerDefault.resolve(itemLocation, problems));
        }
        List<String> texts = fields.stringList(ImageKeys.MANAGER);
        if (texts == null) {
            valid = false;
            return List.of(Manager.DEFAULT);
        }
        List<Manager> managers = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Optional<Manager> manager = Manager.parse(text);
            if (manager.isEmpty()) {
                problems.error(
                        fields.itemLocation(ImageKeys.MANAGER, i),
                        "manager '" + text + "' is neither " + "docker nor podman"
                                + Suggestions.didYouMean(text, Manager.ids()));
                valid = false;
            } else if (managers.contains(manager.get())) {
                problems.error(
                        fields.itemLocation(ImageKeys.MANAGER, i),
                        "manager '" + text + "' is named twice: " + "name each store once, the one that builds first");
                valid = false;
            } else {
                managers.add(manager.get());
            }
        }
        if (texts.isEmpty()) {
            problems.error(
                    fields.valueLocation(ImageKeys.MANAGER),
                    "'manager' names no store: write podman or " + "docker, or [podman, docker] for both");
            valid = false;
        }
        return managers.isEmpty() ? List.of(Manager.DEFAULT) : managers;
    }

    private Optional<String> parentProblem(String parent) {
        try {
            ImageReference reference = ImageReference.parse(parent);
            if (reference.isQualified()
                    || reference.digest() != null
                    || reference.path().contains("/")) {
                return Optional.of(
                        "'parent' names an image of the hierarchy as name or name:tag, found '" + parent + "'");
            }
            return Optional.empty();
        } catch (ImageReference.InvalidReferenceException e) {
            return Optional.of("'parent' " + e.getMessage());
        }
    }

    private void checkFiles(boolean enabled, Path context, Path containerfile, boolean defaultName, boolean dx) {
        String why = enabled ? "" : " (the image is disabled, so this only warns)";
        if (!Files.isDirectory(context)) {
            problems.report(
                    enabled,
                    fields.valueLocation(ImageKeys.PATH),
                    "folder '"
                            + Location.display(workingDirectory, context) + "' does not exist; 'path' names the "
                            + "folder that holds the Containerfile, relative to the hierarchy file" + why);
            return;
        }
        Optional<String> notAFile = containerfile == null ? Optional.empty() : TextFiles.notAFile(containerfile);
        if (notAFile.isPresent()) {
            String hint = defaultName
                    ? (dx
                                    ? "; a -dx image is built from the shared Containerfile.img-dx"
                                    : "; ocisi looks for Containerfile.<name>")
                            + " in 'path', or set 'containerfile:'"
                    : "";
            Location at =
                    defaultName ? fields.valueLocation(ImageKeys.NAME) : fields.valueLocation(ImageKeys.CONTAINERFILE);
            boolean missing = notAFile.get().equals("does not exist");
            problems.report(
                    enabled,
                    at,
                    "Containerfile '" + Location.display(workingDirectory, containerfile) + "' " + notAFile.get()
                            + (missing ? hint : "; name a Containerfile") + why);
        }
    }

    private static String requiredHint(String key) {
        return switch (key) {
            case ImageKeys.NAME -> "; every image needs a name";
            case ImageKeys.PATH -> ": the folder that holds its Containerfile";
            case ImageKeys.ENABLED -> ": write 'enabled: true' to build it or 'enabled: false' to keep it aside";
            default -> "";
        };
    }
}
