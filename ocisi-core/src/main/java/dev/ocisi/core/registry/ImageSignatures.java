package dev.ocisi.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocisi.core.trust.SigningKey;
import dev.ocisi.core.trust.SimpleSigning;
import dev.ocisi.core.trust.VerifyingKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signatures stored beside an image in its registry the way cosign and podman ({@code use-sigstore-attachments})
 * store them: an OCI manifest under the tag {@code sha256-HEX.sig} whose layers are simple-signing payloads, each
 * with its signature in the annotation {@code dev.cosignproject.cosign/signature}. Written through the registry's API,
 * so that an image any engine pushed is signed alike, and read back the same way before a published image is used.
 */
public final class ImageSignatures {

    static final String PAYLOAD_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a check found: {@code valid} with the key's name, or why not. */
    public record Check(boolean valid, String reason) {}

    private ImageSignatures() {}

    /** The tag that holds the signatures of the manifest {@code sha256:HEX}. */
    public static String tag(String manifestDigest) {
        return manifestDigest.replace(':', '-') + ".sig";
    }

    /**
     * Signs the image of {@code manifestDigest} in {@code repository} of the client's registry, keeping the
     * signatures already there but one of this key over the same payload (which this one replaces, so that pushing
     * again does not pile them up).
     */
    public static void sign(RegistryClient client, String repository, String manifestDigest, SigningKey key)
            throws RegistryException {
        String identity = client.location().host() + "/" + repository;
        byte[] payload = SimpleSigning.payload(identity, manifestDigest);
        String signature = SimpleSigning.sign(key.privateKey(), payload);
        String payloadDigest = client.putBlob(repository, payload);
        List<JsonNode> layers = new ArrayList<>();
        for (JsonNode layer : existingLayers(client, repository, manifestDigest)) {
            boolean ours = layer.path("digest").asText().equals(payloadDigest)
                    && SimpleSigning.verifies(
                            key.publicKey(),
                            payload,
                            layer.path("annotations").path(SIGNATURE_ANNOTATION).asText());
            if (!ours) {
                layers.add(layer);
            }
        }
        ObjectNode added = JSON.createObjectNode()
                .put("mediaType", PAYLOAD_TYPE)
                .put("size", payload.length)
                .put("digest", payloadDigest);
        added.putObject("annotations").put(SIGNATURE_ANNOTATION, signature);
        layers.add(added);

        ObjectNode config = JSON.createObjectNode().put("architecture", "").put("os", "");
        config.putObject("config");
        ArrayNode diffIds = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        layers.forEach(layer -> diffIds.add(layer.path("digest").asText()));
        byte[] configBytes = config.toString().getBytes(StandardCharsets.UTF_8);
        String configDigest = client.putBlob(repository, configBytes);

        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
        manifest.putObject("config")
                .put("mediaType", OCI_CONFIG)
                .put("size", configBytes.length)
                .put("digest", configDigest);
        manifest.putArray("layers").addAll(layers);
        client.putManifest(repository, tag(manifestDigest), manifest.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether the image of {@code manifestDigest} in {@code repository} carries a signature by {@code key} whose
     * payload names exactly that manifest and that repository (with any tag). Any other signature, payload or layer is
     * passed over.
     */
    public static Check check(RegistryClient client, String repository, String manifestDigest, VerifyingKey key)
            throws RegistryException {
        List<JsonNode> layers = existingLayers(client, repository, manifestDigest);
        if (layers.isEmpty()) {
            return new Check(false, "no signature");
        }
        String identity = client.location().host() + "/" + repository;
        List<String> seen = new ArrayList<>();
        for (JsonNode layer : layers) {
            String signature =
                    layer.path("annotations").path(SIGNATURE_ANNOTATION).asText("");
            if (!layer.path("mediaType").asText().equals(PAYLOAD_TYPE) || signature.isEmpty()) {
                continue;
            }
            byte[] payload = client.blob(repository, layer.path("digest").asText());
            if (!SimpleSigning.verifies(key.publicKey(), payload, signature)) {
                seen.add("a signature by another key");
                continue;
            }
            Optional<SimpleSigning.Claims> claims = SimpleSigning.claims(payload);
            if (claims.isEmpty()) {
                seen.add("a signature by " + key.name() + " over something other than an image");
            } else if (!claims.get().manifestDigest().equals(manifestDigest)) {
                seen.add("a signature by " + key.name() + " of another image ("
                        + claims.get().manifestDigest() + ")");
            } else if (!repositoryOf(claims.get().dockerReference()).equals(identity)) {
                seen.add("a signature by " + key.name() + " of this image in "
                        + claims.get().dockerReference());
            } else {
                return new Check(true, "signed by " + key.name());
            }
        }
        return new Check(
                false,
                "no valid signature by " + key.name()
                        + (seen.isEmpty()
                                ? ""
                                : " ("
                                        + String.join(
                                                "; ", seen.stream().distinct().toList()) + ")"));
    }

    /**
     * The repository a signed reference names, without its tag or digest: the signature is checked as podman's
     * {@code matchRepository} policy checks it (cosign signs the repository, containers/image the tag it pushed).
     */
    static String repositoryOf(String reference) {
        String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    }

    private static List<JsonNode> existingLayers(RegistryClient client, String repository, String manifestDigest)
            throws RegistryException {
        return client.manifestItems(repository, tag(manifestDigest), RegistryClient.OCI_MANIFEST, "layers");
    }
}
