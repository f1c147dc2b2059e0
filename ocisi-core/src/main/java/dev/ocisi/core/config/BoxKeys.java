package dev.ocisi.core.config;

import dev.ocisi.core.problem.Problems;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads {@code box:}: the item's keys over those of {@code defaults}, each checked. */
final class BoxKeys {

    static final String BOX = "box";

    static final String HOME = "home";
    static final String HOSTNAME = "hostname";
    static final String INIT = "init";
    static final String NVIDIA = "nvidia";
    static final String ROOT = "root";
    static final String START_NOW = "start_now";
    static final String ADDITIONAL_PACKAGES = "additional_packages";
    static final String INIT_HOOKS = "init_hooks";
    static final String PRE_INIT_HOOKS = "pre_init_hooks";
    static final String VOLUMES = "volumes";
    static final String EXPORTED_BINS = "exported_bins";
    static final String EXPORTED_BINS_PATH = "exported_bins_path";
    static final String EXPORTED_APPS = "exported_apps";
    static final String ADDITIONAL_FLAGS = "additional_flags";

    static final List<String> ALL = List.of(
            HOME,
            HOSTNAME,
            INIT,
            NVIDIA,
            ROOT,
            START_NOW,
            ADDITIONAL_PACKAGES,
            INIT_HOOKS,
            PRE_INIT_HOOKS,
            VOLUMES,
            EXPORTED_BINS,
            EXPORTED_BINS_PATH,
            EXPORTED_APPS,
            ADDITIONAL_FLAGS);

    private BoxKeys() {}

    /** The box keys of one mapping ({@code box:} of an item or of {@code defaults}), unknown keys reported. */
    static YamlFields fields(YamlFields owner) {
        return owner.section(BOX, ALL, "distrobox settings such as 'home' and 'additional_packages'");
    }

    /** The settings, or null when a value is wrong (reported): each value is checked for what it is. */
    static BoxSettings settings(YamlFields box, Problems problems) {
        int before = problems.mark();
        Optional<String> home = checked(box, HOME, problems, value -> BoxValues.hostPath(HOME, value));
        Optional<String> hostname = checked(box, HOSTNAME, problems, BoxValues::hostname);
        Optional<Boolean> init = Optional.ofNullable(box.isAbsent(INIT) ? null : box.bool(INIT));
        Optional<Boolean> nvidia = Optional.ofNullable(box.isAbsent(NVIDIA) ? null : box.bool(NVIDIA));
        Optional<Boolean> root = Optional.ofNullable(box.isAbsent(ROOT) ? null : box.bool(ROOT));
        Optional<Boolean> startNow = Optional.ofNullable(box.isAbsent(START_NOW) ? null : box.bool(START_NOW));
        Optional<String> exportedBinsPath =
                checked(box, EXPORTED_BINS_PATH, problems, value -> BoxValues.hostPath(EXPORTED_BINS_PATH, value));
        BoxSettings settings = new BoxSettings(
                home,
                hostname,
                init,
                nvidia,
                root,
                startNow,
                checkedList(box, ADDITIONAL_PACKAGES, problems, BoxValues::packages),
                checkedList(box, INIT_HOOKS, problems, value -> BoxValues.hook(INIT_HOOKS, value)),
                checkedList(box, PRE_INIT_HOOKS, problems, value -> BoxValues.hook(PRE_INIT_HOOKS, value)),
                checkedList(box, VOLUMES, problems, BoxValues::volume),
                checkedList(box, EXPORTED_BINS, problems, BoxValues::exportedBin),
                exportedBinsPath,
                checkedList(box, EXPORTED_APPS, problems, BoxValues::apps),
                checkedList(box, ADDITIONAL_FLAGS, problems, BoxValues::flags));
        boolean wrong = problems.errorsSince(before);
        return wrong ? null : settings;
    }

    private static Optional<String> checked(
            YamlFields box, String key, Problems problems, Function<String, Optional<String>> rule) {
        String value = box.string(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isBlank()) {
            problems.error(box.valueLocation(key), "'" + key + "' is empty: give a value or remove the key");
            return Optional.empty();
        }
        rule.apply(value).ifPresent(problem -> problems.error(box.valueLocation(key), problem));
        return Optional.of(value);
    }

    /** Each item checked, reported at the item itself. */
    private static List<String> checkedList(
            YamlFields box, String key, Problems problems, Function<String, Optional<String>> rule) {
        List<String> values = box.stringList(key);
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            Optional<String> problem = rule.apply(values.get(i));
            if (problem.isPresent()) {
                problems.error(box.itemLocation(key, i), problem.get());
            }
        }
        return values;
    }
}
