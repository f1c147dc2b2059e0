package dev.ocisi.core.config;

import dev.ocisi.core.problem.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    static final List<String> ALL = List.of(HOME, HOSTNAME, INIT, NVIDIA, ROOT, START_NOW, ADDITIONAL_PACKAGES,
            INIT_HOOKS, PRE_INIT_HOOKS, VOLUMES, EXPORTED_BINS, EXPORTED_BINS_PATH, EXPORTED_APPS, ADDITIONAL_FLAGS);

    private BoxKeys() {
    }

    /** The box keys of one mapping ({@code box:} of an item or of {@code defaults}), unknown keys reported. */
    static YamlFields fields(YamlFields owner) {
        return owner.section(BOX, ALL, "distrobox settings such as 'home' and 'additional_packages'");
    }

    /** The settings, or null when a value is wrong (reported). */
    static BoxSettings settings(YamlFields box, Problems problems) {
        int before = problems.all().size();
        Optional<String> home = Optional.ofNullable(nonEmpty(box, HOME, problems));
        Optional<String> hostname = Optional.ofNullable(nonEmpty(box, HOSTNAME, problems));
        Optional<Boolean> init = Optional.ofNullable(box.isAbsent(INIT) ? null : box.bool(INIT));
        Optional<Boolean> nvidia = Optional.ofNullable(box.isAbsent(NVIDIA) ? null : box.bool(NVIDIA));
        Optional<Boolean> root = Optional.ofNullable(box.isAbsent(ROOT) ? null : box.bool(ROOT));
        Optional<Boolean> startNow = Optional.ofNullable(box.isAbsent(START_NOW) ? null : box.bool(START_NOW));
        List<String> volumes = box.stringList(VOLUMES);
        for (int i = 0; volumes != null && i < volumes.size(); i++) {
            String[] parts = volumes.get(i).split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || !parts[1].startsWith("/")) {
                problems.error(box.valueLocation(VOLUMES), "volume '" + volumes.get(i) + "' is not host:box or "
                        + "host:box:options with an absolute path in the box, e.g. ~/src:/src:ro");
            }
        }
        List<String> exportedBins = box.stringList(EXPORTED_BINS);
        for (int i = 0; exportedBins != null && i < exportedBins.size(); i++) {
            if (!exportedBins.get(i).startsWith("/")) {
                problems.error(box.valueLocation(EXPORTED_BINS), "exported binary '" + exportedBins.get(i)
                        + "' must be an absolute path inside the box, e.g. /usr/bin/" + exportedBins.get(i));
            }
        }
        BoxSettings settings = new BoxSettings(home, hostname, init, nvidia, root, startNow,
                orEmpty(box.stringList(ADDITIONAL_PACKAGES)), orEmpty(box.stringList(INIT_HOOKS)),
                orEmpty(box.stringList(PRE_INIT_HOOKS)), orEmpty(volumes), orEmpty(exportedBins),
                Optional.ofNullable(nonEmpty(box, EXPORTED_BINS_PATH, problems)),
                orEmpty(box.stringList(EXPORTED_APPS)), orEmpty(box.stringList(ADDITIONAL_FLAGS)));
        boolean wrong = problems.all().subList(before, problems.all().size()).stream()
                .anyMatch(dev.ocisi.core.problem.Problem::isError);
        return wrong ? null : settings;
    }

    private static String nonEmpty(YamlFields box, String key, Problems problems) {
        String value = box.string(key);
        if (value != null && value.isBlank()) {
            problems.error(box.valueLocation(key), "'" + key + "' is empty: give a value or remove the key");
            return null;
        }
        return value;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? new ArrayList<>() : values;
    }
}
