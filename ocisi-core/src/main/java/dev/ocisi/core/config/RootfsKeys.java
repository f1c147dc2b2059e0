package dev.ocisi.core.config;

import dev.ocisi.core.problem.Problems;
import dev.ocisi.core.problem.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/** Reads {@code rootfs:}: a pinned tarball or a debootstrap, each value checked. */
final class RootfsKeys {

    static final String ROOTFS = "rootfs";

    static final String TARBALL = "tarball";
    static final String SHA256 = "sha256";
    static final String DEBOOTSTRAP = "debootstrap";
    static final String CMD = "cmd";
    static final List<String> ALL = List.of(TARBALL, SHA256, DEBOOTSTRAP, CMD);

    static final String SUITE = "suite";
    static final String VARIANT = "variant";
    static final String COMPONENTS = "components";
    static final String PACKAGES = "packages";
    static final String MIRROR = "mirror";
    static final List<String> DEBOOTSTRAP_KEYS = List.of(SUITE, VARIANT, COMPONENTS, PACKAGES, MIRROR);

    /** debootstrap's variants that make a usable root filesystem without fakechroot; "default" is its own. */
    static final List<String> VARIANTS = List.of("minbase", "buildd", "default");

    private static final Pattern SHA256_HEX = Pattern.compile("(sha256:)?([0-9a-fA-F]{64})");
    private static final Pattern SUITE_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    private static final Pattern COMPONENT_NAME = Pattern.compile("[a-z0-9][a-z0-9/.-]*");
    // Debian Policy 5.6.1, plus an optional :arch or =version suffix that --include does not take
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    private RootfsKeys() {}

    /**
     * The settings, or null when a value is wrong (reported).
     *
     * @param folder  the YAML file's folder: the tarball is relative to it
     * @param enabled a missing tarball of a disabled image only warns
     * @param platforms the item's platforms: with more than one, each has its own tarball
     */
    static RootfsSettings settings(
            YamlFields item, Path folder, boolean enabled, List<Platform> platforms, Problems problems) {
        YamlFields rootfs = item.section(ROOTFS, ALL, "'tarball' and 'sha256', or 'debootstrap'");
        int before = problems.mark();
        boolean tarball = !rootfs.isAbsent(TARBALL);
        boolean debootstrap = !rootfs.isAbsent(DEBOOTSTRAP);
        RootfsSettings.Source source = null;
        Map<Platform, RootfsSettings.Tarball> tarballs = null;
        if (tarball && debootstrap) {
            problems.error(
                    rootfs.keyLocation(DEBOOTSTRAP),
                    "'rootfs' takes either 'tarball' or 'debootstrap', not " + "both (the other is at "
                            + rootfs.keyLocation(TARBALL) + "); remove one");
        } else if (tarball && rootfs.field(TARBALL).value() instanceof MappingNode) {
            tarballs = tarballs(rootfs, folder, enabled, platforms, problems);
            source = tarballs == null ? null : tarballs.get(ImageSpec.primaryOf(platforms));
        } else if (tarball) {
            if (platforms.size() > 1) {
                problems.error(
                        rootfs.keyLocation(TARBALL),
                        "a tarball holds one platform's files, and this image is built for " + platforms.size()
                                + " (" + names(platforms) + "): give one per platform, e.g. 'tarball: {"
                                + platforms.get(0) + ": FILE, " + platforms.get(1) + ": FILE}', and 'sha256' the same"
                                + " way");
            } else {
                source = tarball(rootfs, TARBALL, rootfs, SHA256, folder, enabled, problems);
            }
        } else if (debootstrap) {
            if (!rootfs.isAbsent(SHA256)) {
                problems.error(
                        rootfs.keyLocation(SHA256),
                        "'sha256' pins a 'tarball'; a debootstrap has none to " + "pin: remove it");
            }
            source = debootstrap(rootfs, problems);
        } else if (rootfs.keys().isEmpty() || !rootfs.keys().contains(SHA256)) {
            problems.error(
                    item.valueLocation(ROOTFS),
                    "'rootfs' needs 'tarball' (with its 'sha256') or "
                            + "'debootstrap' (with its 'suite'), e.g. 'rootfs: {debootstrap: {suite: bookworm}}'");
        } else {
            problems.error(
                    rootfs.keyLocation(SHA256),
                    "'sha256' pins a 'tarball', and there is none: add "
                            + "'tarball:' with the file's path, relative to this YAML file");
        }
        Optional<String> cmd = cmd(rootfs, problems);
        boolean wrong = source == null || problems.errorsSince(before);
        return wrong ? null : new RootfsSettings(source, cmd, tarballs == null ? Map.of() : tarballs);
    }

    /** {@code tarball: {linux/amd64: FILE, ...}} with {@code sha256:} the same way: one per platform, each pinned. */
    private static Map<Platform, RootfsSettings.Tarball> tarballs(
            YamlFields rootfs, Path folder, boolean enabled, List<Platform> platforms, Problems problems) {
        List<String> wanted = platforms.stream().map(Platform::toString).toList();
        if (platforms.size() < 2) {
            problems.error(
                    rootfs.valueLocation(TARBALL),
                    "'tarball' gives a file per platform, and this image is built for one platform: write 'tarball:"
                            + " FILE', or list the platforms under 'platforms:'");
            return null;
        }
        String example = "a tarball per platform, e.g. " + wanted.get(0) + ": FILE";
        YamlFields files = rootfs.section(TARBALL, wanted, example);
        boolean pinsPerPlatform =
                rootfs.isAbsent(SHA256) || rootfs.field(SHA256).value() instanceof MappingNode;
        if (!pinsPerPlatform) {
            problems.error(
                    rootfs.valueLocation(SHA256),
                    "each platform's tarball has its own SHA-256: write 'sha256: {" + wanted.get(0) + ": HEX, ...}'");
            return null;
        }
        YamlFields pins =
                rootfs.section(SHA256, wanted, "SHA-256 digests per platform, e.g. " + wanted.get(0) + ": HEX");
        int before = problems.mark();
        Map<Platform, RootfsSettings.Tarball> tarballs = new LinkedHashMap<>();
        for (Platform platform : platforms) {
            String key = platform.toString();
            if (files.isAbsent(key)) {
                problems.error(
                        rootfs.valueLocation(TARBALL),
                        "'tarball' has no file for " + key + ", one of the image's platforms: add '" + key + ": FILE'");
                continue;
            }
            RootfsSettings.Tarball one = tarball(files, key, pins, key, folder, enabled, problems);
            if (one != null) {
                tarballs.put(platform, one);
            }
        }
        return problems.errorsSince(before) || tarballs.size() != platforms.size() ? null : tarballs;
    }

    private static String names(List<Platform> platforms) {
        return String.join(", ", platforms.stream().map(Platform::toString).toList());
    }

    /**
     * One tarball and its pin: {@code fileKey} of {@code fileFields} names the file, {@code pinKey} of
     * {@code pinFields} its SHA-256.
     */
    private static RootfsSettings.Tarball tarball(
            YamlFields fileFields,
            String fileKey,
            YamlFields pinFields,
            String pinKey,
            Path folder,
            boolean enabled,
            Problems problems) {
        YamlFields rootfs = fileFields;
        String path = rootfs.string(fileKey);
        if (path == null) {
            return null;
        }
        Path file = folder.resolve(path).normalize();
        boolean exists = Files.isRegularFile(file);
        if (!exists) {
            problems.report(
                    enabled,
                    rootfs.valueLocation(fileKey),
                    "tarball " + file + " does not exist; 'tarball' "
                            + "names a root filesystem tarball (plain, .gz, .bz2, .xz or .zst) relative to this YAML file"
                            + (enabled ? "" : " (the image is disabled, so this only warns)"));
        }
        String pinned = pinFields.string(pinKey);
        if (pinned == null) {
            String now = exists
                    ? digestOf(file)
                            .map(d -> "; its SHA-256 is now " + d + ": check that against "
                                    + "what its publisher lists, then write '"
                                    + (fileKey.equals(TARBALL) ? SHA256 : fileKey) + ": " + d + "'")
                            .orElse("")
                    : "";
            problems.error(
                    rootfs.keyLocation(fileKey),
                    (fileKey.equals(TARBALL)
                                    ? "'tarball' needs 'sha256' beside it"
                                    : "the tarball for " + fileKey + " needs its pin in 'sha256' ('" + fileKey
                                            + ": HEX')")
                            + ": ocisi imports only the tarball it was told to expect" + now);
            return null;
        }
        var matcher = SHA256_HEX.matcher(pinned.strip());
        if (!matcher.matches()) {
            problems.error(
                    pinFields.valueLocation(pinKey),
                    "'sha256' is 64 hex digits (sha256sum prints them), found '" + pinned + "'");
            return null;
        }
        return exists || !enabled
                ? new RootfsSettings.Tarball(
                        file, matcher.group(2).toLowerCase(Locale.ROOT), pinFields.valueLocation(pinKey))
                : null;
    }

    private static RootfsSettings.Debootstrap debootstrap(YamlFields rootfs, Problems problems) {
        YamlFields fields = rootfs.section(
                DEBOOTSTRAP,
                DEBOOTSTRAP_KEYS,
                "debootstrap's 'suite', 'variant', " + "'components', 'packages' and 'mirror'");
        String suite = fields.string(SUITE);
        if (suite == null) {
            if (fields.keys().isEmpty() || fields.isAbsent(SUITE)) {
                problems.error(
                        rootfs.valueLocation(DEBOOTSTRAP),
                        "'debootstrap' needs 'suite': the Debian suite " + "to install, e.g. bookworm");
            }
        } else if (!SUITE_NAME.matcher(suite).matches()) {
            problems.error(
                    fields.valueLocation(SUITE),
                    "suite '" + suite + "' is not a suite name such as " + "bookworm, trixie or stable");
        }
        String variant = fields.string(VARIANT);
        if (variant != null && !VARIANTS.contains(variant)) {
            problems.error(
                    fields.valueLocation(VARIANT),
                    "variant '" + variant + "' is none of " + String.join(", ", VARIANTS)
                            + Suggestions.didYouMean(variant, VARIANTS));
        }
        List<String> components = names(fields, COMPONENTS, COMPONENT_NAME, "component", problems);
        List<String> packages = names(fields, PACKAGES, PACKAGE_NAME, "package", problems);
        String mirror = fields.string(MIRROR);
        if (mirror != null && !mirror.matches("(https?|file)://\\S+")) {
            problems.error(
                    fields.valueLocation(MIRROR),
                    "mirror '" + mirror + "' is not an http://, https:// or "
                            + "file:// URL, e.g. http://deb.debian.org/debian");
        }
        if (suite == null || components == null || packages == null) {
            return null;
        }
        String chosenVariant =
                variant == null ? RootfsSettings.Debootstrap.DEFAULT_VARIANT : variant.equals("default") ? "" : variant;
        return new RootfsSettings.Debootstrap(
                suite,
                chosenVariant,
                components.isEmpty() ? RootfsSettings.Debootstrap.DEFAULT_COMPONENTS : components,
                packages,
                Optional.ofNullable(mirror).map(m -> m.replaceAll("/+$", "")));
    }

    private static List<String> names(YamlFields fields, String key, Pattern rule, String what, Problems problems) {
        List<String> values = fields.stringList(key);
        if (values == null) {
            return null;
        }
        boolean valid = true;
        for (String value : values) {
            if (!rule.matcher(value).matches()) {
                problems.error(
                        fields.valueLocation(key),
                        what + " '" + value + "' is not a Debian " + what + " name"
                                + (value.contains(",") || value.contains(" ")
                                        ? "; write one per list item, e.g. [git, vim]"
                                        : ""));
                valid = false;
            }
        }
        return valid ? values : null;
    }

    private static Optional<String> cmd(YamlFields rootfs, Problems problems) {
        YamlFields.Field field = rootfs.field(CMD);
        if (field == null || rootfs.isAbsent(CMD)) {
            return Optional.empty();
        }
        if (field.value() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode) {
            String text = rootfs.string(CMD);
            return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.strip());
        }
        List<String> words = rootfs.stringList(CMD);
        if (words == null) {
            return Optional.empty();
        }
        if (words.isEmpty()) {
            problems.error(
                    rootfs.valueLocation(CMD),
                    "'cmd' is empty: give the command, e.g. [/bin/bash], or " + "remove the key");
            return Optional.empty();
        }
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < words.size(); i++) {
            json.append(i == 0 ? "" : ", ")
                    .append('"')
                    .append(words.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return Optional.of(json.append(']').toString());
    }

    /** The file's SHA-256 as 64 hex digits, or empty when it cannot be read (reported elsewhere). */
    static Optional<String> digestOf(Path file) {
        try {
            return Optional.of(Sha256.ofFile(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
