package dev.ocisi.core.trust;

import java.nio.file.Path;
import java.security.PublicKey;

/** The public key a published image must be signed by to be used; {@code name} is how messages name it. */
public record VerifyingKey(PublicKey publicKey, String name) {

    public static VerifyingKey read(Path file, String name) throws TrustException {
        return new VerifyingKey(
                CosignKeys.readPublic(SigningKey.KeyFiles.read(file, "the public key to verify with"), file.toString()),
                name);
    }
}
