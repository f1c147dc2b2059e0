package dev.ocisi.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The files mvn ocisi:trust writes; containers/image reading them is SignedImagesTest's. */
class PodmanPolicyTest {

    private static final CosignKeys.Pair PAIR = CosignKeys.generate("p".toCharArray());

    @Test
    void theMachinesPolicyKeepsItsEntriesAndGainsOnePerNamespace() throws Exception {
        PublicKey key = CosignKeys.readPublic(PAIR.publicPem(), "ocisi.pub");
        String machines = "{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": {"
                + "\"quay.io\": [{\"type\": \"insecureAcceptAnything\"}],"
                + "\"registry.example.com/team\": [{\"type\": \"insecureAcceptAnything\"}]}}}";
        PodmanPolicy.Files files = PodmanPolicy.of(
                new TreeSet<>(Set.of("registry.example.com/team", "localhost:5000/ci")),
                key,
                Optional.of(machines),
                "/etc/containers/policy.json");
        JsonNode policy = new ObjectMapper().readTree(files.policyJson());
        assertEquals("reject", policy.path("default").get(0).path("type").asText(), "the machine's default stays");
        JsonNode docker = policy.path("transports").path("docker");
        assertEquals(
                "insecureAcceptAnything",
                docker.path("quay.io").get(0).path("type").asText());
        for (String scope : Set.of("registry.example.com/team", "localhost:5000/ci")) {
            JsonNode requirement = docker.path(scope).get(0);
            assertEquals("sigstoreSigned", requirement.path("type").asText(), scope);
            assertEquals(
                    "matchRepository",
                    requirement.path("signedIdentity").path("type").asText());
            assertEquals(
                    PAIR.publicPem(),
                    new String(
                            Base64.getDecoder()
                                    .decode(requirement.path("keyData").asText()),
                            StandardCharsets.US_ASCII));
            assertEquals(1, docker.path(scope).size(), "the namespace's old requirement is replaced");
        }
        assertEquals(
                "# written by mvn ocisi:trust: podman reads the signatures ocisi and cosign store beside the images\n"
                        + "docker:\n"
                        + "  \"localhost:5000/ci\":\n    use-sigstore-attachments: true\n"
                        + "  \"registry.example.com/team\":\n    use-sigstore-attachments: true\n",
                files.registriesD());
    }

    @Test
    void withoutAPolicyOfTheMachinesOtherImagesPullAsBefore() throws Exception {
        JsonNode policy = new ObjectMapper()
                .readTree(PodmanPolicy.of(
                                new TreeSet<>(Set.of("localhost:5000/ci")),
                                CosignKeys.readPublic(PAIR.publicPem(), "ocisi.pub"),
                                Optional.empty(),
                                "policy.json")
                        .policyJson());
        assertEquals(
                "insecureAcceptAnything",
                policy.path("default").get(0).path("type").asText());
    }

    @Test
    void aBrokenPolicyIsNamed() {
        TrustException e = assertThrows(
                TrustException.class,
                () -> PodmanPolicy.of(
                        new TreeSet<>(Set.of("localhost:5000/ci")),
                        CosignKeys.readPublic(PAIR.publicPem(), "ocisi.pub"),
                        Optional.of("{\"default\": ["),
                        "/home/you/.config/containers/policy.json"));
        assertEquals(
                true,
                e.getMessage().startsWith("/home/you/.config/containers/policy.json is not valid JSON ("),
                e.getMessage());
    }
}
