package dev.ocisi.core.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One image as a registry holds it under a tag.
 *
 * @param manifestDigest the digest of its manifest: the same digest under two tags is the same image
 * @param mediaType      the manifest's media type, to put it under another tag unchanged
 * @param manifest       the manifest's bytes, as served
 * @param id             its config's digest, which is the image's id in every engine's store once pulled
 * @param labels         the labels of its config
 * @param layers         its layers, base first
 * @param created        when it was built, as its config says (the epoch when it does not)
 */
// the manifest's bytes go on unchanged (to another tag); images are compared by their manifest's digest
@SuppressWarnings("ArrayRecordComponent")
public record RemoteImage(
        String manifestDigest,
        String mediaType,
        byte[] manifest,
        String id,
        Map<String, String> labels,
        List<RemoteLayer> layers,
        Instant created) {

    /**
     * One layer.
     *
     * @param digest its compressed blob's digest
     * @param size   its compressed size, what a pull downloads
     * @param diffId its uncompressed digest, which the stores list as the image's RootFS layer
     */
    public record RemoteLayer(String digest, long size, String diffId) {}

    public RemoteImage {
        labels = Map.copyOf(labels);
        layers = List.copyOf(layers);
    }

    /** What a pull downloads with an empty store. */
    public long size() {
        return layers.stream().mapToLong(RemoteLayer::size).sum();
    }
}
