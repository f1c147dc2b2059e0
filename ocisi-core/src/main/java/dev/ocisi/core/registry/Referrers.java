package dev.ocisi.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocisi.core.config.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Artifacts attached to an image in its registry the way OCI 1.1 attaches them to a registry without the referrers
 * API (the referrers tag schema, which cosign, oras and regclient read): an artifact manifest whose {@code subject} is
 * the image, listed in an image index under the tag {@code sha256-HEX} of the image's manifest digest. Entries others
 * attached stay; an earlier artifact of the same type that ocisi attached is replaced.
 */
public final class Referrers {

    /** The annotation that marks ocisi's own entries, so that re-attaching replaces them and nothing else. */
    static final String ATTACHED_BY = "dev.ocisi.attached-by";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What {@link #attach} did.
     *
     * @param manifestDigest the artifact manifest's digest (which signatures sign)
     * @param already        whether exactly this artifact was attached already (nothing was uploaded)
     */
    public record Attached(String manifestDigest, boolean already) {}

    private Referrers() {}

    /** The tag whose index lists the referrers of the manifest {@code sha256:HEX}. */
    public static String tag(String manifestDigest) {
        return manifestDigest.replace(':', '-');
    }

    public static Attached attach(
            RegistryClient client, String repository, RemoteImage subject, String artifactType, byte[] content)
            throws RegistryException {
        String contentDigest = Sha256.digestOf(content);
        String emptyDigest = Sha256.digestOf(RegistryClient.EMPTY);
        ObjectNode manifest = JSON.createObjectNode()
                .put("schemaVersion", 2)
                .put("mediaType", RegistryClient.OCI_MANIFEST)
                .put("artifactType", artifactType);
        manifest.putObject("config")
                .put("mediaType", RegistryClient.EMPTY_TYPE)
                .put("digest", emptyDigest)
                .put("size", RegistryClient.EMPTY.length);
        manifest.putArray("layers")
                .addObject()
                .put("mediaType", artifactType)
                .put("digest", contentDigest)
                .put("size", content.length);
        manifest.putObject("subject")
                .put("mediaType", subject.mediaType())
                .put("digest", subject.manifestDigest())
                .put("size", subject.manifest().length);
        manifest.putObject("annotations").put(ATTACHED_BY, "ocisi");
        byte[] manifestBytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
        String manifestDigest = Sha256.digestOf(manifestBytes);

        List<JsonNode> entries = entries(client, repository, subject.manifestDigest());
        if (entries.stream().anyMatch(e -> e.path("digest").asText().equals(manifestDigest))) {
            return new Attached(manifestDigest, true);
        }
        client.putBlob(repository, content);
        client.putBlob(repository, RegistryClient.EMPTY);
        client.putManifest(repository, manifestDigest, manifestBytes, RegistryClient.OCI_MANIFEST);

        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", RegistryClient.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (JsonNode entry : entries) {
            boolean ours = entry.path("artifactType").asText().equals(artifactType)
                    && entry.path("annotations").has(ATTACHED_BY);
            if (!ours) {
                manifests.add(entry);
            }
        }
        ObjectNode added = manifests
                .addObject()
                .put("mediaType", RegistryClient.OCI_MANIFEST)
                .put("digest", manifestDigest)
                .put("size", manifestBytes.length)
                .put("artifactType", artifactType);
        added.putObject("annotations").put(ATTACHED_BY, "ocisi");
        client.putManifest(
                repository,
                tag(subject.manifestDigest()),
                index.toString().getBytes(StandardCharsets.UTF_8),
                RegistryClient.OCI_INDEX);
        return new Attached(manifestDigest, false);
    }

    /**
     * The content of each artifact of the type attached to the manifest, with its artifact manifest's digest; an
     * entry whose manifest or content is gone is passed over.
     */
    public static List<Artifact> find(
            RegistryClient client, String repository, String manifestDigest, String artifactType)
            throws RegistryException {
        List<Artifact> found = new ArrayList<>();
        for (JsonNode entry : entries(client, repository, manifestDigest)) {
            if (!entry.path("artifactType").asText().equals(artifactType)) {
                continue;
            }
            String digest = entry.path("digest").asText();
            Optional<byte[]> manifest = client.manifest(repository, digest);
            if (manifest.isEmpty()) {
                continue;
            }
            try {
                JsonNode layer = JSON.readTree(manifest.get()).path("layers").path(0);
                if (layer.path("mediaType").asText().equals(artifactType)) {
                    found.add(new Artifact(
                            digest, client.blob(repository, layer.path("digest").asText())));
                }
            } catch (IOException e) {
                // not an artifact manifest: not one of the type
            }
        }
        return found;
    }

    /**
     * An attached artifact.
     *
     * @param manifestDigest its manifest's digest
     * @param content        its one layer's content
     */
    // the content is handed on as it is, never compared
    @SuppressWarnings("ArrayRecordComponent")
    public record Artifact(String manifestDigest, byte[] content) {}

    private static List<JsonNode> entries(RegistryClient client, String repository, String manifestDigest)
            throws RegistryException {
        return client.manifestItems(repository, tag(manifestDigest), RegistryClient.OCI_INDEX, "manifests");
    }
}
