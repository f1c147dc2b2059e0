package dev.ocisi.core.layers;

import java.util.Map;

/**
 * What {@code list -Dlayers} reports, as its JSON form has it.
 *
 * @param hierarchy the hierarchy's images
 * @param stores    with {@code -Dall}: every image of each store the hierarchy uses, by manager; else empty
 */
public record LayerListing(LayerReport hierarchy, Map<String, LayerReport> stores) {

    public LayerListing {
        stores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stores));
    }
}
