package dev.ocisi.core.registry;

import dev.ocisi.core.log.TextTable;
import java.util.Set;

/**
 * What a pull downloads: the compressed layers of the image whose content the store does not hold yet, against the
 * whole image's compressed size. A store compares layers by their uncompressed digest (the image config's
 * {@code diff_ids}), which is how it decides what to fetch.
 *
 * @param downloaded       bytes of the layers the store lacked
 * @param size             bytes of all the image's layers
 * @param downloadedLayers how many layers it lacked
 * @param layers           how many layers the image has
 */
public record UpdateSize(long downloaded, long size, int downloadedLayers, int layers) {

    public static final UpdateSize NONE = new UpdateSize(0, 0, 0, 0);

    /** The update size of pulling the image into a store that holds these layers (uncompressed digests). */
    public static UpdateSize of(RemoteImage image, Set<String> held) {
        long downloaded = 0;
        int missing = 0;
        for (RemoteImage.RemoteLayer layer : image.layers()) {
            // a layer whose content the manifest does not tie to a diff id is counted as downloaded
            if (layer.diffId().isEmpty() || !held.contains(layer.diffId())) {
                downloaded += layer.size();
                missing++;
            }
        }
        return new UpdateSize(downloaded, image.size(), missing, image.layers().size());
    }

    public UpdateSize plus(UpdateSize other) {
        return new UpdateSize(
                downloaded + other.downloaded,
                size + other.size,
                downloadedLayers + other.downloadedLayers,
                layers + other.layers);
    }

    /** {@code 41.2 MB downloaded of 203.4 MB (2 of 7 layers)}. */
    public String describe() {
        return TextTable.bytes(downloaded) + " downloaded of " + TextTable.bytes(size) + " (" + downloadedLayers
                + " of " + layers + (layers == 1 ? " layer)" : " layers)");
    }
}
