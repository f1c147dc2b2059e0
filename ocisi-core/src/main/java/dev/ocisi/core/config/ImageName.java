package dev.ocisi.core.config;

import java.util.Objects;

/** An image of the hierarchy: its name (one repository path component) and its tag. */
public record ImageName(String name, String tag) implements Comparable<ImageName> {

    public ImageName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tag, "tag");
    }

    /** The reference ocisi tags a built image with; {@code localhost/} keeps any registry out of it. */
    public String localReference() {
        return "localhost/" + name + ":" + tag;
    }

    /** A file or folder name for what ocisi writes per image: the name, with {@code @tag} unless it is latest. */
    public String fileName() {
        return tag.equals("latest") ? name : name + "@" + tag;
    }

    @Override
    public int compareTo(ImageName other) {
        int byName = name.compareTo(other.name);
        return byName != 0 ? byName : tag.compareTo(other.tag);
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
        return name + ":" + tag;
    }
}
