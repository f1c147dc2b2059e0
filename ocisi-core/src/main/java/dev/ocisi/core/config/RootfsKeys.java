package dev.ocisi.core.config;

import dev.ocisi.core.problem.Problems;
import dev.ocisi.core.problem.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

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
     */
    static RootfsSettings settings(YamlFields item, Path folder, boolean enabled, Problems problems) {
        YamlFields rootfs = item.section(ROOTFS, ALL, "'tarball' and 'sha256', or 'debootstrap'");
        int before = problems.mark();
        boolean tarball = !rootfs.isAbsent(TARBALL);
        boolean debootstrap = !rootfs.isAbsent(DEBOOTSTRAP);
        RootfsSettings.Source source = null;
        if (tarball && debootstrap) {
            problems.error(
                    rootfs.keyLocation(DEBOOTSTRAP),
                    "'rootfs' takes either 'tarball' or 'debootstrap', not " + "both (the other is at "
                            + rootfs.keyLocation(TARBALL) + "); remove one");
        } else if (tarball) {
            source = tarball(rootfs, folder, enabled, problems);
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
        return wrong ? null : new RootfsSettings(source, cmd);
    }

    private static RootfsSettings.Tarball tarball(YamlFields rootfs, Path folder, boolean enabled, Problems problems) {
        String path = rootfs.string(TARBALL);
        if (path == null) {
            return null;
        }
        Path file = folder.resolve(path).normalize();
        boolean exists = Files.isRegularFile(file);
        if (!exists) {
            problems.report(
                    enabled,
                    rootfs.valueLocation(TARBALL),
                    "tarball " + file + " does not exist; 'tarball' "
                            + "names a root filesystem tarball (plain, .gz, .bz2, .xz or .zst) relative to this YAML file"
                            + (enabled ? "" : " (the image is disabled, so this only warns)"));
        }
        String pinned = rootfs.string(SHA256);
        if (pinned == null) {
            String now = exists
                    ? digestOf(file)
                            .map(d -> "; its SHA-256 is now " + d + ": check that against "
                                    + "what its publisher lists, then write 'sha256: " + d + "'")
                            .orElse("")
                    : "";
            problems.error(
                    rootfs.keyLocation(TARBALL),
                    "'tarball' needs 'sha256' beside it: ocisi imports only " + "the tarball it was told to expect"
                            + now);
            return null;
        }
        var matcher = SHA256_HEX.matcher(pinned.strip());
        if (!matcher.matches()) {
            problems.error(
                    rootfs.valueLocation(SHA256),
                    "'sha256' is 64 hex digits (sha256sum prints them), found '" + pinned + "'");
            return null;
        }
        return exists || !enabled
                ? new RootfsSettings.Tarball(
                        file, matcher.group(2).toLowerCase(Locale.ROOT), rootfs.valueLocation(SHA256))
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
