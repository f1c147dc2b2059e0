package dev.ocisi.core.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * cosign's key pair: an ECDSA P-256 key, the private half as PKCS#8 sealed with a passphrase (scrypt, then NaCl's
 * secretbox, in go-securesystemslib's JSON envelope) under the PEM type {@code ENCRYPTED COSIGN PRIVATE KEY}, the
 * public half as a PEM {@code PUBLIC KEY}. Keys made by {@code cosign generate-key-pair} read the same; the ones made
 * here carry the older PEM type and scrypt's older cost, which every cosign and podman 4 (containers/image 5.23, the
 * first to sign with sigstore keys) read.
 */
public final class CosignKeys {

    /** Both halves as the files hold them. */
    public record Pair(String privatePem, String publicPem) {}

    private static final String PRIVATE_TYPE = "ENCRYPTED COSIGN PRIVATE KEY";
    private static final List<String> PRIVATE_TYPES = List.of(PRIVATE_TYPE, "ENCRYPTED SIGSTORE PRIVATE KEY");
    private static final String PUBLIC_TYPE = "PUBLIC KEY";
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    // go-securesystemslib's cost settings: the older one writes (what podman 4.3 can open), all three read; any other
    // is refused, as a file could otherwise make the key derivation take any time and memory
    private static final int SCRYPT_N = 32768;
    private static final List<Integer> SCRYPT_NS = List.of(32768, 65536, 131072);
    private static final int SCRYPT_R = 8;
    private static final int SCRYPT_P = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CosignKeys() {}

    /** A new key pair, the private half sealed with the passphrase. */
    public static Pair generate(char[] passphrase) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            return new Pair(sealPrivate(pair.getPrivate(), passphrase), publicPem(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no ECDSA P-256", e);
        }
    }

    static String sealPrivate(PrivateKey key, char[] passphrase) {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[32];
        byte[] nonce = new byte[SecretBox.NONCE_BYTES];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] secret = derive(passphrase, salt, SCRYPT_N);
        ObjectNode envelope = JSON.createObjectNode();
        ObjectNode kdf = envelope.putObject("kdf").put("name", "scrypt");
        kdf.putObject("params").put("N", SCRYPT_N).put("r", SCRYPT_R).put("p", SCRYPT_P);
        kdf.put("salt", base64(salt));
        envelope.putObject("cipher").put("name", "nacl/secretbox").put("nonce", base64(nonce));
        envelope.put("ciphertext", base64(SecretBox.seal(secret, nonce, key.getEncoded())));
        Arrays.fill(secret, (byte) 0);
        return pem(PRIVATE_TYPE, envelope.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String publicPem(PublicKey key) {
        return pem(PUBLIC_TYPE, key.getEncoded());
    }

    /** The private key in {@code text}, opened with the passphrase; {@code source} names the file in errors. */
    public static PrivateKey readPrivate(String text, char[] passphrase, String source) throws TrustException {
        Block block = block(text, source, "a private key made by mvn ocisi:keygen or cosign generate-key-pair");
        if (!PRIVATE_TYPES.contains(block.type())) {
            throw new TrustException(source + " holds a PEM " + block.type() + ", not cosign's encrypted private key ("
                    + PRIVATE_TYPE + "): give the .key file mvn ocisi:keygen or cosign generate-key-pair wrote");
        }
        JsonNode envelope;
        try {
            envelope = JSON.readTree(block.der());
        } catch (IOException e) {
            throw new TrustException(source + " is not cosign's encrypted key (its contents are not JSON): give the "
                    + ".key file mvn ocisi:keygen or cosign generate-key-pair wrote");
        }
        JsonNode params = envelope.path("kdf").path("params");
        int n = params.path("N").asInt();
        if (!envelope.path("kdf").path("name").asText().equals("scrypt")
                || !envelope.path("cipher").path("name").asText().equals("nacl/secretbox")
                || !SCRYPT_NS.contains(n)
                || params.path("r").asInt() != SCRYPT_R
                || params.path("p").asInt() != SCRYPT_P) {
            throw new TrustException(source + " is sealed in a way cosign's keys are not (scrypt with N of 32768, "
                    + "65536 or 131072, r 8, p 1, and nacl/secretbox): make a new pair with mvn ocisi:keygen");
        }
        byte[] salt = decode(envelope.path("kdf").path("salt").asText(), source);
        byte[] nonce = decode(envelope.path("cipher").path("nonce").asText(), source);
        byte[] sealed = decode(envelope.path("ciphertext").asText(), source);
        if (nonce.length != SecretBox.NONCE_BYTES) {
            throw new TrustException(
                    source + " has a nonce of " + nonce.length + " bytes, not 24: the file is damaged");
        }
        byte[] secret = derive(passphrase, salt, n);
        Optional<byte[]> opened = SecretBox.open(secret, nonce, sealed);
        Arrays.fill(secret, (byte) 0);
        if (opened.isEmpty()) {
            throw new TrustException("the passphrase does not open " + source
                    + ": give the one it was made with (OCISI_SIGN_PASSPHRASE, or the password of settings.xml's "
                    + "server ocisi-sign)");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(opened.get()));
            if (!(key instanceof ECPrivateKey ec) || !isP256(ec.getParams())) {
                throw new TrustException(source + " holds a key other than ECDSA P-256, which ocisi signs with");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new TrustException(source + " opens, but holds no ECDSA key ocisi can sign with: make a new pair "
                    + "with mvn ocisi:keygen");
        } finally {
            Arrays.fill(opened.get(), (byte) 0);
        }
    }

    /**
     * Whether the parameters are P-256's (secp256r1) exactly: other curves of 256 bits (secp256k1, brainpoolP256r1)
     * sign too, but nothing that verifies cosign's signatures accepts them.
     */
    static boolean isP256(ECParameterSpec params) {
        ECParameterSpec p256 = p256();
        return params.getCurve().equals(p256.getCurve())
                && params.getGenerator().equals(p256.getGenerator())
                && params.getOrder().equals(p256.getOrder())
                && params.getCofactor() == p256.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no ECDSA P-256", e);
        }
    }

    /** The public key in {@code text}; {@code source} names the file in errors. */
    public static PublicKey readPublic(String text, String source) throws TrustException {
        Block block = block(text, source, "the .pub file mvn ocisi:keygen or cosign generate-key-pair wrote");
        if (!block.type().equals(PUBLIC_TYPE)) {
            throw new TrustException(source + " holds a PEM " + block.type() + ", not a PUBLIC KEY: give the .pub file "
                    + "of the pair, never the private .key");
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(block.der()));
            if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
                throw new TrustException(source + " holds a key other than ECDSA P-256, which ocisi verifies");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new TrustException(source + " holds no ECDSA public key: give the .pub file mvn ocisi:keygen or "
                    + "cosign generate-key-pair wrote");
        }
    }

    /** A PEM block: its type, and its bytes decoded. */
    private static final class Block {
        private final String type;
        private final byte[] der;

        Block(String type, byte[] der) {
            this.type = type;
            this.der = der;
        }

        String type() {
            return type;
        }

        byte[] der() {
            return der;
        }
    }

    private static Block block(String text, String source, String what) throws TrustException {
        Matcher m = PEM.matcher(text);
        if (!m.find()) {
            throw new TrustException(source + " holds no PEM block: give " + what);
        }
        return new Block(m.group(1), decode(m.group(2).replaceAll("\\s", ""), source));
    }

    private static byte[] derive(char[] passphrase, byte[] salt, int n) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        // the encoder's buffer held the passphrase too: zeroed, as the copy is below
        encoded.clear();
        while (encoded.hasRemaining()) {
            encoded.put((byte) 0);
        }
        try {
            return SCrypt.generate(bytes, salt, n, SCRYPT_R, SCRYPT_P, SecretBox.KEY_BYTES);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] decode(String base64, String source) throws TrustException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new TrustException(source + " is damaged (not base64 where a key's bytes belong)");
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
