package dev.ocisi.core.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;

/**
 * What a sigstore signature of an image says and how it is signed: the payload names the repository (the identity)
 * and the manifest's digest (the image), as cosign and containers/image write it; the signature is ECDSA with SHA-256
 * over the payload's bytes, ASN.1-encoded, in base64.
 */
public final class SimpleSigning {

    static final String TYPE = "cosign container image signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The claims of a payload that parsed. */
    public record Claims(String dockerReference, String manifestDigest) {}

    private SimpleSigning() {}

    /** The payload for the image of {@code manifestDigest} in {@code repository} (host/path, no tag). */
    public static byte[] payload(String repository, String manifestDigest) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", repository);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest);
        critical.put("type", TYPE);
        root.putNull("optional");
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The payload's claims, or empty when it is not a cosign image signature's payload. */
    public static Optional<Claims> claims(byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            return Optional.empty();
        }
        JsonNode critical = root == null ? null : root.get("critical");
        if (critical == null || !TYPE.equals(critical.path("type").asText())) {
            return Optional.empty();
        }
        String reference = critical.path("identity").path("docker-reference").asText("");
        String digest = critical.path("image").path("docker-manifest-digest").asText("");
        return digest.isEmpty() ? Optional.empty() : Optional.of(new Claims(reference, digest));
    }

    public static String sign(PrivateKey key, byte[] payload) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(payload);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an ECDSA P-256 key", e);
        }
    }

    /** Whether {@code signature} (base64) is the key's over exactly these bytes. */
    public static boolean verifies(PublicKey key, byte[] payload, String signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(payload);
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
