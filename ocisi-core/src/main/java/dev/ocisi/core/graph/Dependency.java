package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.problem.Location;

/**
 * An edge of the hierarchy: {@code child} needs {@code parent} built first. Parent and child are part of the value,
 * so that each edge of the graph is distinct.
 *
 * @param kind     {@link ImageUse.Kind#BASE} when the child inherits the parent's layers
 * @param location the FROM (or {@code parent:} key) that makes the edge
 * @param declaredParent the parent as declared: for an edge between images of another platform
 *                 ({@code base:latest-arm64}), the name their Containerfile gives it ({@code base:latest})
 */
public record Dependency(
        ImageName parent, ImageName child, ImageUse.Kind kind, Location location, ImageName declaredParent) {

    public Dependency(ImageName parent, ImageName child, ImageUse.Kind kind, Location location) {
        this(parent, child, kind, location, parent);
    }

    public boolean isBase() {
        return kind == ImageUse.Kind.BASE;
    }

    /** How the edge reads in a sentence: "is built FROM", "copies from". */
    String verb() {
        return kind == ImageUse.Kind.COPY_FROM ? "copies from" : "is built FROM";
    }
}
