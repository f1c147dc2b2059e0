package dev.ocisi.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which engine's image store holds an image: images of different managers cannot see each other. */
public enum Manager {
    DOCKER,
    PODMAN;

    /** Used when neither the item nor {@code DBX_CONTAINER_MANAGER} names one, as ocisictl and distrobox do. */
    public static final Manager DEFAULT = PODMAN;

    /** The environment variable distrobox and ocisictl read for the default manager. */
    public static final String ENVIRONMENT_VARIABLE = "DBX_CONTAINER_MANAGER";

    public static Optional<Manager> parse(String text) {
        return Arrays.stream(values())
                .filter(m -> m.id().equals(text.trim().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Manager::id).toList();
    }

    /** As written in the hierarchy file and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }
}
