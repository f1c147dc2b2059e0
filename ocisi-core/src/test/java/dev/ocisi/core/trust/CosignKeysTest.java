package dev.ocisi.core.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cosign's key format, made and read here; podman reading these keys is PodmanSignsWithOcisiKeysTest's. */
class CosignKeysTest {

    private static final char[] PASSPHRASE = "correct horse".toCharArray();
    private static final CosignKeys.Pair PAIR = CosignKeys.generate(PASSPHRASE);

    @TempDir
    Path dir;

    @Test
    void aGeneratedPairSignsAndVerifies() throws Exception {
        PrivateKey key = CosignKeys.readPrivate(PAIR.privatePem(), PASSPHRASE, "ocisi.key");
        PublicKey pub = CosignKeys.readPublic(PAIR.publicPem(), "ocisi.pub");
        byte[] payload = SimpleSigning.payload("localhost:5000/team/base", "sha256:" + "ab".repeat(32));
        String signature = SimpleSigning.sign(key, payload);
        assertTrue(SimpleSigning.verifies(pub, payload, signature));
        byte[] changed = payload.clone();
        changed[changed.length - 3] ^= 1;
        assertFalse(SimpleSigning.verifies(pub, changed, signature), "a changed payload fails");
        PublicKey other = CosignKeys.readPublic(CosignKeys.generate(PASSPHRASE).publicPem(), "other.pub");
        assertFalse(SimpleSigning.verifies(other, payload, signature), "another key fails");
        assertFalse(SimpleSigning.verifies(pub, payload, "not base64!"), "garbage fails, not throws");
        assertEquals(pub, SigningKey.publicOf((ECPrivateKey) key), "the public half computed from the private");
    }

    @Test
    void theFilesHaveCosignsPemTypesAndEnvelope() throws Exception {
        assertTrue(PAIR.privatePem().startsWith("-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n"));
        assertTrue(PAIR.publicPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
        String body = PAIR.privatePem().replaceAll("-----[A-Z ]+-----|\\s", "");
        ObjectNode envelope =
                (ObjectNode) new ObjectMapper().readTree(Base64.getDecoder().decode(body));
        assertEquals("scrypt", envelope.path("kdf").path("name").asText());
        assertEquals(32768, envelope.path("kdf").path("params").path("N").asInt());
        assertEquals("nacl/secretbox", envelope.path("cipher").path("name").asText());
        assertEquals(
                24,
                Base64.getDecoder().decode(envelope.path("cipher").path("nonce").asText()).length);
        assertFalse(
                new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8).contains("correct"),
                "the passphrase is nowhere in the file");
    }

    @Test
    void aWrongPassphraseIsOneClearError() {
        TrustException e = assertThrows(
                TrustException.class,
                () -> CosignKeys.readPrivate(PAIR.privatePem(), "wrong".toCharArray(), "keys/ocisi.key"));
        assertEquals(
                "the passphrase does not open keys/ocisi.key: give the one it was made with (OCISI_SIGN_PASSPHRASE, "
                        + "or the password of settings.xml's server ocisi-sign)",
                e.getMessage());
    }

    @Test
    void theWrongFileSaysWhichOneToGive() throws Exception {
        assertEquals(
                "ocisi.pub holds a PEM PUBLIC KEY, not cosign's encrypted private key (ENCRYPTED COSIGN PRIVATE KEY): "
                        + "give the .key file mvn ocisi:keygen or cosign generate-key-pair wrote",
                assertThrows(
                                TrustException.class,
                                () -> CosignKeys.readPrivate(PAIR.publicPem(), PASSPHRASE, "ocisi.pub"))
                        .getMessage());
        assertEquals(
                "ocisi.key holds a PEM ENCRYPTED COSIGN PRIVATE KEY, not a PUBLIC KEY: give the .pub file of the pair, "
                        + "never the private .key",
                assertThrows(TrustException.class, () -> CosignKeys.readPublic(PAIR.privatePem(), "ocisi.key"))
                        .getMessage());
        assertEquals(
                "notes.txt holds no PEM block: give the .pub file mvn ocisi:keygen or cosign generate-key-pair wrote",
                assertThrows(TrustException.class, () -> CosignKeys.readPublic("hello", "notes.txt"))
                        .getMessage());
        Path missing = dir.resolve("ocisi.pub");
        assertEquals(
                missing + " does not exist: give the public key to verify with (mvn ocisi:keygen writes ocisi.key and "
                        + "ocisi.pub beside the hierarchy file)",
                assertThrows(TrustException.class, () -> VerifyingKey.read(missing, "ocisi.pub"))
                        .getMessage());
    }

    @Test
    void aCostSettingOutsideCosignsIsRefusedBeforeAnyWork() throws Exception {
        String body = PAIR.privatePem().replaceAll("-----[A-Z ]+-----|\\s", "");
        ObjectNode envelope =
                (ObjectNode) new ObjectMapper().readTree(Base64.getDecoder().decode(body));
        ((ObjectNode) envelope.path("kdf").path("params")).put("N", 1 << 30);
        String tampered = "-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n"
                + Base64.getEncoder().encodeToString(envelope.toString().getBytes(StandardCharsets.UTF_8))
                + "\n-----END ENCRYPTED COSIGN PRIVATE KEY-----\n";
        TrustException e =
                assertThrows(TrustException.class, () -> CosignKeys.readPrivate(tampered, PASSPHRASE, "big.key"));
        assertTrue(e.getMessage().startsWith("big.key is sealed in a way cosign's keys are not"), e.getMessage());
    }

    @Test
    void aKeyFileWithCosign2sPemTypeReadsToo() throws Exception {
        String sigstore = PAIR.privatePem().replace("COSIGN PRIVATE", "SIGSTORE PRIVATE");
        Path file = Files.writeString(dir.resolve("cosign.key"), sigstore);
        SigningKey key = SigningKey.read(file, PASSPHRASE);
        assertEquals(CosignKeys.readPublic(PAIR.publicPem(), "p"), key.publicKey());
        assertFalse(key.toString().contains("S="), "the record prints its name, not the key");
    }

    @Test
    void secretBoxOpensWhatItSealedAndNothingElse() {
        byte[] key = new byte[32];
        byte[] nonce = new byte[24];
        key[0] = 1;
        nonce[0] = 2;
        byte[] message =
                "a message of more than one block of the key stream, 64 bytes, so two".getBytes(StandardCharsets.UTF_8);
        byte[] box = SecretBox.seal(key, nonce, message);
        assertEquals(message.length + 16, box.length);
        assertArrayEquals(message, SecretBox.open(key, nonce, box).orElseThrow());
        box[20] ^= 1;
        assertEquals(Optional.empty(), SecretBox.open(key, nonce, box));
        box[20] ^= 1;
        nonce[1] = 1;
        assertEquals(Optional.empty(), SecretBox.open(key, nonce, box));
    }

    @Test
    void simpleSigningPayloadsReadBack() {
        byte[] payload = SimpleSigning.payload("localhost:5000/team/base", "sha256:" + "cd".repeat(32));
        assertEquals(
                "{\"critical\":{\"identity\":{\"docker-reference\":\"localhost:5000/team/base\"},\"image\":"
                        + "{\"docker-manifest-digest\":\"sha256:" + "cd".repeat(32)
                        + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
                new String(payload, StandardCharsets.UTF_8));
        assertEquals(
                Optional.of(new SimpleSigning.Claims("localhost:5000/team/base", "sha256:" + "cd".repeat(32))),
                SimpleSigning.claims(payload));
        assertEquals(
                Optional.empty(),
                SimpleSigning.claims("{\"critical\":{\"type\":\"x\"}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), SimpleSigning.claims("not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyP256ItselfCountsAsP256NotAnother256BitCurve() throws Exception {
        java.security.Provider bouncyCastle = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        for (String curve : java.util.List.of("secp256r1", "secp256k1", "brainpoolP256r1")) {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC", bouncyCastle);
            generator.initialize(new java.security.spec.ECGenParameterSpec(curve));
            java.security.interfaces.ECPublicKey key = (java.security.interfaces.ECPublicKey)
                    generator.generateKeyPair().getPublic();
            assertEquals(256, key.getParams().getCurve().getField().getFieldSize(), curve);
            assertEquals(curve.equals("secp256r1"), CosignKeys.isP256(key.getParams()), curve);
        }
    }
}
