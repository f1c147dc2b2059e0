package dev.ocisi.core.engine;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The layer digests each top-level image of a store holds: one listing, one inspection of them all. */
public record StoreLayers(Map<String, List<String>> byImage) {

    public static StoreLayers read(ContainerEngine engine) throws EngineException {
        List<ImageSummary> listed = engine.listByLabels(Map.of());
        Map<String, ImageDetails> details =
                engine.inspectAll(listed.stream().map(ImageSummary::id).toList());
        Map<String, List<String>> byImage = new LinkedHashMap<>();
        for (ImageSummary image : listed) {
            ImageDetails detail = details.get(image.id());
            byImage.put(image.id(), detail == null ? List.of() : detail.layers());
        }
        return new StoreLayers(byImage);
    }

    public Set<String> held() {
        return heldWithout(Set.of());
    }

    public Set<String> heldWithout(Set<String> gone) {
        Set<String> held = new HashSet<>();
        byImage.forEach((id, layers) -> {
            if (!gone.contains(id)) {
                held.addAll(layers);
            }
        });
        return held;
    }
}
