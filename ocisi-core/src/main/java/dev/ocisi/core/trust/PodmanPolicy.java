package dev.ocisi.core.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.NavigableSet;
import java.util.Optional;

/**
 * What podman (containers/image) needs to check the hierarchy's signatures on every pull: a policy.json that wants a
 * sigstore signature by the key for each registry namespace the hierarchy publishes to, and a registries.d entry that
 * has it read signatures from the registry (where ocisi and cosign store them). The policy is the machine's own with
 * those scopes added or replaced, never a policy of ocisi's in its place; the key goes in whole ({@code keyData}), so
 * that the policy does not depend on where a checkout lies.
 */
public final class PodmanPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two files' contents. */
    public record Files(String policyJson, String registriesD) {}

    private PodmanPolicy() {}

    /**
     * @param scopes    the namespaces, {@code host[:port]/path} (a registry location, already checked)
     * @param existing  the machine's policy.json, when it has one
     * @param source    how errors name the existing policy
     */
    public static Files of(NavigableSet<String> scopes, PublicKey key, Optional<String> existing, String source)
            throws TrustException {
        ObjectNode policy;
        if (existing.isPresent()) {
            try {
                JsonNode parsed = JSON.readTree(existing.get());
                if (!(parsed instanceof ObjectNode object)) {
                    throw new TrustException(source + " is not a JSON object: fix it, or start from an empty file");
                }
                policy = object.deepCopy();
            } catch (JsonProcessingException e) {
                throw new TrustException(source + " is not valid JSON (" + e.getOriginalMessage()
                        + "): fix it first; podman would refuse it too");
            }
        } else {
            // what podman ships when nothing is configured: every other image as before
            policy = JSON.createObjectNode();
            policy.putArray("default").addObject().put("type", "insecureAcceptAnything");
        }
        ObjectNode transports = policy.get("transports") instanceof ObjectNode t ? t : policy.putObject("transports");
        ObjectNode docker = transports.get("docker") instanceof ObjectNode d ? d : transports.putObject("docker");
        String keyData =
                Base64.getEncoder().encodeToString(CosignKeys.publicPem(key).getBytes(StandardCharsets.US_ASCII));
        StringBuilder registriesD = new StringBuilder(
                "# written by mvn ocisi:trust: podman reads the signatures ocisi and cosign store beside the images\n"
                        + "docker:\n");
        for (String scope : scopes) {
            ArrayNode requirements = docker.putArray(scope);
            ObjectNode signed = requirements.addObject();
            signed.put("type", "sigstoreSigned").put("keyData", keyData);
            signed.putObject("signedIdentity").put("type", "matchRepository");
            // a JSON string is a YAML string too: the scope is quoted for the YAML reader whatever it holds
            registriesD
                    .append("  ")
                    .append(JSON.getNodeFactory().textNode(scope))
                    .append(":\n    use-sigstore-attachments: true\n");
        }
        try {
            return new Files(
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(policy) + "\n", registriesD.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a policy of plain JSON values cannot fail to print", e);
        }
    }
}
