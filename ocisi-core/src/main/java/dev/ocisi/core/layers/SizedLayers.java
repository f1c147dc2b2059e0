package dev.ocisi.core.layers;

import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.engine.Layer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The layers of many images with their sizes, for one engine call where that is enough: one inspection of all the
 * images gives each one's layer digests, and a layer's size never changes for its digest, so the sizes read once (from
 * an image's history, the one call per image an engine offers for them) are kept in ocisi's state folder and an image
 * whose layers are all known costs nothing more. Sizes are kept per manager, as each engine counts them.
 */
final class SizedLayers {

    private static final String FILE = "layer-sizes.tsv";

    private final Optional<Path> file;
    private final Map<String, Long> sizes = new ConcurrentHashMap<>();
    private boolean changed;

    private SizedLayers(Optional<Path> file) {
        this.file = file;
    }

    /** The sizes kept in the state folder, if one is given; else what this run reads, in memory. */
    static SizedLayers in(Optional<Path> stateFolder) {
        SizedLayers known = new SizedLayers(stateFolder.map(folder -> folder.resolve(FILE)));
        known.file.filter(Files::isRegularFile).ifPresent(path -> {
            try {
                for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                    String[] fields = line.split("\t");
                    if (fields.length == 2 && fields[1].matches("\\d{1,18}")) {
                        known.sizes.put(fields[0], Long.parseLong(fields[1]));
                    }
                }
            } catch (IOException e) {
                // read from the images again
            }
        });
        return known;
    }

    /**
     * Each reference the store has, with its layers; a reference the store lacks, or whose history does not line
     * up with its layers, is left out.
     */
    Map<String, List<Layer>> of(String manager, ContainerEngine engine, List<String> references)
            throws EngineException {
        Map<String, ImageDetails> details = engine.inspectAll(references);
        Map<String, List<Layer>> layers = new LinkedHashMap<>();
        for (String reference : references) {
            ImageDetails image = details.get(reference);
            if (image == null) {
                continue;
            }
            List<Layer> known = new ArrayList<>();
            for (String digest : image.layers()) {
                Long size = sizes.get(manager + " " + digest);
                if (size == null) {
                    known = null;
                    break;
                }
                known.add(new Layer(digest, size));
            }
            if (known == null || known.isEmpty()) {
                known = engine.layers(reference);
                for (Layer layer : known) {
                    if (sizes.put(manager + " " + layer.digest(), layer.size()) == null) {
                        changed = true;
                    }
                }
            }
            if (!known.isEmpty()) {
                layers.put(reference, known);
            }
        }
        return layers;
    }

    /** Writes what was learnt, whole, through a temporary file: a reader never sees half a file. */
    void save() {
        if (!changed || file.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        sizes.forEach((key, size) -> text.append(key).append('\t').append(size).append('\n'));
        try {
            Files.createDirectories(file.get().getParent());
            Path temporary = Files.createTempFile(file.get().getParent(), "layer-sizes-", ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file.get(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            changed = false;
        } catch (IOException e) {
            // kept or not, the sizes shown are right: the next listing reads them again
        }
    }
}
