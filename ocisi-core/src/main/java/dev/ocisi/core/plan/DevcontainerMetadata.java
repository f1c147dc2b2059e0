package dev.ocisi.core.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.config.DevcontainerSettings;
import dev.ocisi.core.config.ImageSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code devcontainer.metadata} label of a dev container's image: the devcontainers CLI (and VS Code, which runs
 * it) merges it under a project's devcontainer.json, so a file of one {@code "image"} line gets the user the
 * {@code -dx} image added, with the host's HOME and USER, the home folder bind-mounted at the same path, no UID update
 * (the image already has the user's ids: an update would build one more image per project), and the item's own
 * settings. A project's file may set the same things: the CLI lets its entries win, a mount by its target.
 */
public final class DevcontainerMetadata {

    /** The label the devcontainers CLI reads. */
    public static final String LABEL = "devcontainer.metadata";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DevcontainerMetadata() {}

    /** The label's entry for this image and user: ocisi's settings, then the item's, which add to them. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> entry(DevcontainerSettings settings, RunUser user) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("remoteUser", user.name());
        entry.put("containerUser", user.name());
        entry.put("updateRemoteUserUID", false);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("HOME", user.home());
        env.put("USER", user.name());
        Object own = settings.metadata().get("containerEnv");
        if (own instanceof Map<?, ?> map) {
            env.putAll((Map<String, Object>) map);
        }
        entry.put("containerEnv", env);
        List<Object> mounts = new ArrayList<>();
        Map<String, Object> home = new LinkedHashMap<>();
        home.put("type", "bind");
        home.put("source", user.home());
        home.put("target", user.home());
        mounts.add(home);
        Object ownMounts = settings.metadata().get("mounts");
        if (ownMounts instanceof List<?> list) {
            mounts.addAll(list);
        }
        entry.put("mounts", mounts);
        settings.metadata().forEach(entry::putIfAbsent);
        return entry;
    }

    /** The label's value, a JSON array of one entry, when the image backs dev containers. */
    public static Optional<String> label(ImageSpec image, RunUser user) {
        if (!image.devcontainer().enabled()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.writeValueAsString(List.of(entry(image.devcontainer(), user))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("devcontainer settings that JSON cannot hold: " + e.getMessage(), e);
        }
    }
}
