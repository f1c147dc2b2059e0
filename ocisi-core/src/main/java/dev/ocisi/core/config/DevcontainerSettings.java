package dev.ocisi.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether an image backs dev containers, and the devcontainer.json settings it carries for them.
 *
 * @param enabled  whether the image is a dev container's: it then carries the {@code devcontainer.metadata} label
 * @param metadata the settings that go into the image's {@code devcontainer.metadata} label, as devcontainer.json
 *                 names them, in file order, as JSON values (strings, numbers, booleans, lists, mappings, null)
 * @param runArgs  arguments for the engine's run command, which no image label can carry: they go into the
 *                 devcontainer.json files ocisi writes for the image
 */
public record DevcontainerSettings(boolean enabled, Map<String, Object> metadata, List<String> runArgs) {

    public static final DevcontainerSettings NONE = new DevcontainerSettings(false, Map.of(), List.of());

    public DevcontainerSettings {
        metadata = Collections.unmodifiableMap(frozen(metadata));
        runArgs = List.copyOf(runArgs);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> frozen(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, frozenValue(value)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object frozenValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return Collections.unmodifiableMap(frozen((Map<String, Object>) map));
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(frozenValue(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
