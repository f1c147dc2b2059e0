package dev.ocisi.core.trust;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * The key ocisi signs what it pushes with: cosign's private key, opened with its passphrase, and its public half
 * (computed, so that the .pub file is not needed to sign). {@code name} is how messages name it (its file).
 */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey, String name) {

    @Override
    public String toString() {
        // never the key: a record would print its fields
        return "SigningKey[" + name + "]";
    }

    /** The key in {@code file}, opened with the passphrase. */
    public static SigningKey read(Path file, char[] passphrase) throws TrustException {
        String text = KeyFiles.read(file, "the private key to sign with");
        PrivateKey key = CosignKeys.readPrivate(text, passphrase, file.toString());
        return new SigningKey(key, publicOf((ECPrivateKey) key), file.toString());
    }

    static PublicKey publicOf(ECPrivateKey key) {
        X9ECParameters curve = CustomNamedCurves.getByName("P-256");
        org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(key.getS()).normalize();
        BigInteger x = q.getAffineXCoord().toBigInteger();
        BigInteger y = q.getAffineYCoord().toBigInteger();
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), key.getParams()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the public half of an ECDSA P-256 key", e);
        }
    }

    /** Reading a key file, with the file and what it is for in the error. */
    static final class KeyFiles {
        private KeyFiles() {}

        static String read(Path file, String what) throws TrustException {
            try {
                return Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new TrustException(file + " does not exist: give " + what
                        + " (mvn ocisi:keygen writes ocisi.key and ocisi.pub beside the hierarchy file)");
            } catch (IOException e) {
                throw new TrustException("cannot read " + file + " (" + what + "): " + e.getMessage(), e);
            }
        }
    }
}
