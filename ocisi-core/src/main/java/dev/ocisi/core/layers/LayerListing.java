package dev.ocisi.core.layers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.log.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code list -Dlayers} reports, as its JSON form has it.
 *
 * @param hierarchy the hierarchy's images
 * @param stores    with {@code -Dall}: every image of each store the hierarchy uses, by manager; else empty
 */
public record LayerListing(LayerReport hierarchy, Map<String, LayerReport> stores) {

    public LayerListing {
        stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
    }

    /** The JSON form, written to {@code file} and handed to the log as the goal's result. */
    public void writeJson(Path file, Log log) throws IOException {
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        Files.createDirectories(file.getParent());
        Files.writeString(file, json + "\n");
        log.result(json);
    }
}
