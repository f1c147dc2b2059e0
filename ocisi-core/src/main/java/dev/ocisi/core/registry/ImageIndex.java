package dev.ocisi.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.config.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The image index under an image's {@code name:tag} in its registry: one manifest per platform, so that
 * {@code podman pull name:tag} on any machine gets that machine's image. Each platform's image is published on its
 * own (under its own inputs tag, when its build ends); this puts it into the index beside the other platforms'
 * published images, which stay. An index that other tools wrote keeps their entries (attestations, platforms ocisi
 * does not build).
 */
public final class ImageIndex {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One writer per index in this process: the platforms of an image finish on different threads. */
    private static final Map<String, Object> WRITING = new ConcurrentHashMap<>();
    /** How often a write that another runner's write overtook is tried again. */
    private static final int ATTEMPTS = 5;

    /**
     * What the index holds after {@link #include}.
     *
     * @param digest    the index's manifest digest
     * @param platforms the platforms it has an image for, in its order
     * @param changed   whether this call wrote it
     */
    public record Result(String digest, List<String> platforms, boolean changed) {}

    private ImageIndex() {}

    /** Makes the index under {@code tag} name {@code image} for {@code platform}. */
    public static Result include(
            RegistryClient client, String repository, String tag, RemoteImage image, Platform platform)
            throws RegistryException {
        Object lock =
                WRITING.computeIfAbsent(client.location().host() + "/" + repository + ":" + tag, k -> new Object());
        synchronized (lock) {
            for (int attempt = 1; ; attempt++) {
                Optional<byte[]> current = client.manifest(repository, tag, ACCEPT);
                ObjectNode index = updated(client, repository, current, image, platform);
                byte[] bytes = index.toString().getBytes(StandardCharsets.UTF_8);
                String digest = Sha256.digestOf(bytes);
                List<String> platforms = platformsOf(index);
                if (current.isPresent() && Sha256.digestOf(current.get()).equals(digest)) {
                    return new Result(digest, platforms, false);
                }
                client.putManifest(
                        repository, tag, bytes, index.path("mediaType").asText());
                // another runner may have written the index between the read and the write: its entry is kept only
                // if this write came after its own, so the entry written here is checked, not assumed
                Optional<byte[]> after = client.manifest(repository, tag, ACCEPT);
                if (after.isPresent() && holds(parse(after.get()), image.manifestDigest(), platform)) {
                    return new Result(Sha256.digestOf(after.get()), platformsOf(parse(after.get())), true);
                }
                if (attempt == ATTEMPTS) {
                    throw new RegistryException(
                            repository + ":" + tag + " in " + client.location().host() + " changed under each of "
                                    + ATTEMPTS + " writes of its " + platform + " image");
                }
            }
        }
    }

    private static final String ACCEPT = RegistryClient.OCI_INDEX + ", " + RegistryClient.DOCKER_LIST + ", "
            + RegistryClient.OCI_MANIFEST + ", " + RegistryClient.DOCKER_MANIFEST;

    /** The index as it is, with this platform's entry replaced; a single image under the tag becomes an entry. */
    private static ObjectNode updated(
            RegistryClient client, String repository, Optional<byte[]> current, RemoteImage image, Platform platform)
            throws RegistryException {
        List<JsonNode> entries = new ArrayList<>();
        if (current.isPresent()) {
            JsonNode json = parse(current.get());
            if (json.has("manifests")) {
                json.path("manifests").forEach(entries::add);
            } else if (json.has("config")) {
                // the image published under the tag before the hierarchy named platforms: kept for its platform
                entries.add(entry(
                        json.path("mediaType").asText(RegistryClient.OCI_MANIFEST),
                        Sha256.digestOf(current.get()),
                        current.get().length,
                        platformOfConfig(
                                client,
                                repository,
                                json.path("config").path("digest").asText())));
            }
        }
        // in its place, so that the same images make the same index, byte for byte
        ObjectNode own = entry(image.mediaType(), image.manifestDigest(), image.manifest().length, platform);
        int at = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (samePlatform(entries.get(i).path("platform"), platform)) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            entries.add(own);
        } else {
            entries.set(at, own);
            int first = at;
            List<JsonNode> others = new ArrayList<>(entries.subList(first + 1, entries.size()));
            others.removeIf(e -> samePlatform(e.path("platform"), platform));
            entries.subList(first + 1, entries.size()).clear();
            entries.addAll(others);
        }
        boolean docker =
                entries.stream().allMatch(e -> e.path("mediaType").asText().equals(RegistryClient.DOCKER_MANIFEST));
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", docker ? RegistryClient.DOCKER_LIST : RegistryClient.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        entries.forEach(manifests::add);
        return index;
    }

    private static ObjectNode entry(String mediaType, String digest, long size, Platform platform) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("mediaType", mediaType).put("digest", digest).put("size", size);
        ObjectNode p = entry.putObject("platform");
        p.put("architecture", platform.architecture()).put("os", platform.os());
        if (!platform.variant().isEmpty()) {
            p.put("variant", platform.variant());
        }
        return entry;
    }

    private static Platform platformOfConfig(RegistryClient client, String repository, String configDigest)
            throws RegistryException {
        JsonNode config = parse(client.blob(repository, configDigest));
        return Platform.of(
                config.path("os").asText("linux"),
                config.path("architecture").asText(Platform.machine().architecture()),
                config.path("variant").asText(""));
    }

    static boolean samePlatform(JsonNode written, Platform platform) {
        return Platform.of(
                        written.path("os").asText(""),
                        written.path("architecture").asText(""),
                        written.path("variant").asText(""))
                .equals(platform);
    }

    private static boolean holds(JsonNode index, String manifestDigest, Platform platform) {
        for (JsonNode entry : index.path("manifests")) {
            if (entry.path("digest").asText().equals(manifestDigest)
                    && samePlatform(entry.path("platform"), platform)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> platformsOf(JsonNode index) {
        List<String> platforms = new ArrayList<>();
        for (JsonNode entry : index.path("manifests")) {
            JsonNode p = entry.path("platform");
            platforms.add(p.path("os").asText() + "/" + p.path("architecture").asText()
                    + (p.path("variant").asText("").isEmpty()
                            ? ""
                            : "/" + p.path("variant").asText()));
        }
        return platforms;
    }

    private static JsonNode parse(byte[] bytes) throws RegistryException {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new RegistryException("the registry served a manifest that is not JSON: " + e.getMessage(), e);
        }
    }
}
