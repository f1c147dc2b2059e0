package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.registry.ImageSignatures;
import dev.ocisi.core.registry.RegistryClient;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.trust.CosignKeys;
import dev.ocisi.core.trust.PodmanPolicy;
import dev.ocisi.core.trust.SigningKey;
import dev.ocisi.core.trust.VerifyingKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ocisi's signatures against containers/image's own (the library podman pulls and pushes with; here through Debian
 * 13's skopeo, as Debian 12's podman has sigstore cut out), on the loopback registry: what ocisi signs through the
 * registry's API, the policy and registries.d entry mvn ocisi:trust writes verify on a second
 * machine's copy; an unsigned image, another key's signature and a signature moved from another image are refused by
 * it and by ocisi's check alike; and containers/image, signing with the key ocisi made, writes what ocisi accepts.
 */
@EngineTest
class SignedImagesTest {

    private static final String REGISTRY = System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555");
    private static final char[] PASSPHRASE = "the nightly's passphrase".toCharArray();

    @TempDir
    Path dir;

    @Test
    void containersImageVerifiesWhatOcisiSignsAndOcisiWhatItSigns() throws Exception {
        Path key = Files.createDirectories(dir.resolve("keys")).resolve("ocisi.key");
        CosignKeys.Pair pair = CosignKeys.generate(PASSPHRASE);
        Files.writeString(key, pair.privatePem());
        Path pub = Files.writeString(dir.resolve("keys/ocisi.pub"), pair.publicPem());
        CosignKeys.Pair otherPair = CosignKeys.generate(PASSPHRASE);
        Path otherKey = Files.writeString(dir.resolve("keys/other.key"), otherPair.privatePem());
        Path otherPub = Files.writeString(dir.resolve("keys/other.pub"), otherPair.publicPem());
        VerifyingKey verifying = VerifyingKey.read(pub, "keys/ocisi.pub");

        try (OwnStore a = OwnStore.withBase("sig")) {
            String namespace = a.testId;
            RegistryClient client =
                    RegistryClient.of(RegistryLocation.parse(REGISTRY + "/" + namespace), Optional.empty());
            Path home = podmanHome(namespace);
            Map<String, String> digests = new HashMap<>();
            for (String name : List.of("signed", "unsigned", "foreign", "moved")) {
                String reference = REGISTRY + "/" + namespace + "/" + name + ":1";
                // each its own image: a label apart
                podman(
                        a.environment,
                        home,
                        0,
                        "build",
                        "--quiet",
                        "--label",
                        "which=" + name,
                        "--tag",
                        reference,
                        "--file",
                        Files.writeString(dir.resolve("Containerfile." + name), "FROM " + a.base + "\n")
                                .toString(),
                        dir.toString());
                podman(a.environment, home, 0, "push", "--tls-verify=false", reference);
                digests.put(
                        name,
                        client.find(namespace + "/" + name, "1").orElseThrow().manifestDigest());
            }
            ImageSignatures.sign(
                    client, namespace + "/signed", digests.get("signed"), SigningKey.read(key, PASSPHRASE));
            // pushing again signs again: the key's old signature over the same payload is replaced, not kept beside
            ImageSignatures.sign(
                    client, namespace + "/signed", digests.get("signed"), SigningKey.read(key, PASSPHRASE));
            ImageSignatures.sign(
                    client, namespace + "/foreign", digests.get("foreign"), SigningKey.read(otherKey, PASSPHRASE));
            // a valid signature of "signed", put beside "moved": it names another manifest
            byte[] signedSignatures = client.manifest(namespace + "/signed", ImageSignatures.tag(digests.get("signed")))
                    .orElseThrow();
            assertEquals(
                    1,
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(signedSignatures)
                            .path("layers")
                            .size(),
                    "one signature of the key after two pushes");
            client.putBlob(namespace + "/moved", client.blob(namespace + "/signed", payloadDigest(signedSignatures)));
            client.putBlob(namespace + "/moved", client.blob(namespace + "/signed", configDigest(signedSignatures)));
            client.putManifest(namespace + "/moved", ImageSignatures.tag(digests.get("moved")), signedSignatures);

            assertEquals(
                    new ImageSignatures.Check(true, "signed by keys/ocisi.pub"),
                    ImageSignatures.check(client, namespace + "/signed", digests.get("signed"), verifying));
            assertEquals(
                    new ImageSignatures.Check(false, "no signature"),
                    ImageSignatures.check(client, namespace + "/unsigned", digests.get("unsigned"), verifying));
            assertEquals(
                    new ImageSignatures.Check(
                            false, "no valid signature by keys/ocisi.pub (a signature by another key)"),
                    ImageSignatures.check(client, namespace + "/foreign", digests.get("foreign"), verifying));
            assertEquals(
                    new ImageSignatures.Check(
                            false,
                            "no valid signature by keys/ocisi.pub (a signature by keys/ocisi.pub of another image ("
                                    + digests.get("signed") + "))"),
                    ImageSignatures.check(client, namespace + "/moved", digests.get("moved"), verifying));
            assertEquals(
                    false,
                    ImageSignatures.check(
                                    client,
                                    namespace + "/signed",
                                    digests.get("signed"),
                                    VerifyingKey.read(otherPub, "keys/other.pub"))
                            .valid());

            // a second machine, whose policy wants the key's signature for the namespace
            Path policy = policy(namespace, pub);
            Path registriesD = home.resolve(".config/containers/registries.d");
            skopeo(
                    0,
                    "copy",
                    "--policy",
                    policy.toString(),
                    "--registries.d",
                    registriesD.toString(),
                    "--src-tls-verify=false",
                    "docker://" + REGISTRY + "/" + namespace + "/signed:1",
                    "dir:" + dir.resolve("second-signed"));
            for (String refused : List.of("unsigned", "foreign", "moved")) {
                String output = skopeo(
                        -1,
                        "copy",
                        "--policy",
                        policy.toString(),
                        "--registries.d",
                        registriesD.toString(),
                        "--src-tls-verify=false",
                        "docker://" + REGISTRY + "/" + namespace + "/" + refused + ":1",
                        "dir:" + dir.resolve("second-" + refused));
                assertTrue(output.contains("Source image rejected"), refused + ": " + output);
            }
            String output = skopeo(
                    -1,
                    "copy",
                    "--policy",
                    policy(namespace, otherPub).toString(),
                    "--registries.d",
                    registriesD.toString(),
                    "--src-tls-verify=false",
                    "docker://" + REGISTRY + "/" + namespace + "/signed:1",
                    "dir:" + dir.resolve("second-other"));
            assertTrue(output.contains("Source image rejected"), output);

            // containers/image signs with the key ocisi made (it opens cosign's format as ocisi writes it)
            Path passphraseFile = Files.createFile(
                    dir.resolve("passphrase"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passphraseFile, new String(PASSPHRASE));
            skopeo(
                    0,
                    "copy",
                    "--registries.d",
                    registriesD.toString(),
                    "--src-tls-verify=false",
                    "--dest-tls-verify=false",
                    "--sign-by-sigstore-private-key",
                    key.toString(),
                    "--sign-passphrase-file",
                    passphraseFile.toString(),
                    "docker://" + REGISTRY + "/" + namespace + "/unsigned:1",
                    "docker://" + REGISTRY + "/" + namespace + "/by-skopeo:1");
            String skopeoDigest =
                    client.find(namespace + "/by-skopeo", "1").orElseThrow().manifestDigest();
            assertEquals(
                    new ImageSignatures.Check(true, "signed by keys/ocisi.pub"),
                    ImageSignatures.check(client, namespace + "/by-skopeo", skopeoDigest, verifying));
        }
    }

    /**
     * An image pushed by dockerd is signed alike (ocisi signs the manifest the registry holds, whichever engine pushed
     * it), and containers/image's policy accepts it.
     */
    @Test
    void whatDockerdPushesIsSignedAndVerifiesToo() throws Exception {
        CosignKeys.Pair pair = CosignKeys.generate(PASSPHRASE);
        Path key = Files.writeString(dir.resolve("ocisi.key"), pair.privatePem());
        Path pub = Files.writeString(dir.resolve("ocisi.pub"), pair.publicPem());
        String id = TestEngines.uniqueName("sigd");
        RegistryLocation location = RegistryLocation.parse(REGISTRY + "/" + id);
        ContainerEngine dockerd = TestEngines.dockerApiOnDockerd();
        try (Engines engines = new Engines(EngineSettings.defaults(), System.getenv(), new RecordingLog())) {
            RegistryMachine machine = RegistryMachine.of(engines, id, "docker", location, TestEngines.busyboxRootfs());
            BuildReport report = machine.process(
                    RegistryOptions.NONE.withPush(true).withSigning(Optional.of(SigningKey.read(key, PASSPHRASE))),
                    new RecordingLog());
            assertEquals(3, report.pushes().size(), report.summary());
            Path home = podmanHome(id);
            skopeo(
                    0,
                    "copy",
                    "--policy",
                    policy(id, pub).toString(),
                    "--registries.d",
                    home.resolve(".config/containers/registries.d").toString(),
                    "--src-tls-verify=false",
                    "docker://" + REGISTRY + "/" + id + "/" + id + "-leaf:latest",
                    "dir:" + dir.resolve("leaf"));
        } finally {
            TestEngines.removeTestImages(dockerd, id);
            dockerd.close();
        }
    }

    /** A home whose registries.d is the entry mvn ocisi:trust writes for the namespace. */
    private Path podmanHome(String namespace) throws Exception {
        Path home = dir.resolve("home");
        Path registriesD = Files.createDirectories(home.resolve(".config/containers/registries.d"));
        Files.writeString(
                registriesD.resolve("ocisi.yaml"),
                PodmanPolicy.of(
                                new TreeSet<>(Set.of(REGISTRY + "/" + namespace)),
                                VerifyingKey.read(
                                                Files.writeString(
                                                        dir.resolve("any.pub"),
                                                        CosignKeys.generate(PASSPHRASE)
                                                                .publicPem()),
                                                "any")
                                        .publicKey(),
                                Optional.empty(),
                                "none")
                        .registriesD());
        return home;
    }

    /** The policy mvn ocisi:trust writes for the namespace and key, from a machine's policy of its own. */
    private Path policy(String namespace, Path publicKey) throws Exception {
        String machines = "{\"default\": [{\"type\": \"insecureAcceptAnything\"}], \"transports\": {\"docker-daemon\": "
                + "{\"\": [{\"type\": \"insecureAcceptAnything\"}]}}}";
        String written = PodmanPolicy.of(
                        new TreeSet<>(Set.of(REGISTRY + "/" + namespace)),
                        VerifyingKey.read(publicKey, publicKey.getFileName().toString())
                                .publicKey(),
                        Optional.of(machines),
                        "policy.json")
                .policyJson();
        assertTrue(written.contains("\"docker-daemon\""), "the machine's own entries stay: " + written);
        return Files.writeString(dir.resolve("policy-" + publicKey.getFileName() + ".json"), written);
    }

    private static String payloadDigest(byte[] signatures) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(signatures)
                .path("layers")
                .get(0)
                .path("digest")
                .asText();
    }

    private static String configDigest(byte[] signatures) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(signatures)
                .path("config")
                .path("digest")
                .asText();
    }

    /** containers/image's skopeo with sigstore; its output, after checking its exit (-1: any but 0). */
    private static String skopeo(int exit, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(TestEngines.sigstoreSkopeo()));
        command.addAll(List.of(arguments));
        return run(new ProcessBuilder(command), exit, arguments);
    }

    /** podman in the store, with HOME set; its output, after checking its exit (-1: any but 0). */
    private static String podman(Map<String, String> environment, Path home, int exit, String... arguments)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.environment().put("HOME", home.toString());
        return run(builder, exit, arguments);
    }

    private static String run(ProcessBuilder builder, int exit, String... arguments) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (exit == 0) {
            assertEquals(0, status, String.join(" ", arguments) + ": " + output);
        } else {
            assertNotEquals(0, status, String.join(" ", arguments) + " should fail: " + output);
        }
        return output;
    }
}
