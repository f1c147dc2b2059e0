package dev.ocisi.core.trust;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl's secretbox (XSalsa20 and Poly1305): what cosign's encrypted private keys are sealed with (through
 * go-securesystemslib's {@code encrypted} package). The box is the 16-byte tag, then the ciphertext; the tag's
 * one-time key is the first 32 bytes of the key stream, the message is encrypted with the stream after them.
 */
final class SecretBox {

    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 24;
    private static final int TAG_BYTES = 16;

    private SecretBox() {}

    static byte[] seal(byte[] key, byte[] nonce, byte[] message) {
        Stream stream = Stream.of(key, nonce);
        byte[] box = new byte[TAG_BYTES + message.length];
        stream.cipher().processBytes(message, 0, message.length, box, TAG_BYTES);
        byte[] tag = tag(stream.macKey(), box);
        System.arraycopy(tag, 0, box, 0, TAG_BYTES);
        return box;
    }

    /** The message, or empty when the box was not sealed with this key and nonce (or was changed since). */
    static Optional<byte[]> open(byte[] key, byte[] nonce, byte[] box) {
        if (box.length < TAG_BYTES) {
            return Optional.empty();
        }
        Stream stream = Stream.of(key, nonce);
        if (!MessageDigest.isEqual(tag(stream.macKey(), box), Arrays.copyOf(box, TAG_BYTES))) {
            return Optional.empty();
        }
        byte[] message = new byte[box.length - TAG_BYTES];
        stream.cipher().processBytes(box, TAG_BYTES, message.length, message, 0);
        return Optional.of(message);
    }

    /** The key stream positioned after its first 32 bytes, which are Poly1305's one-time key. */
    private static final class Stream {
        private final XSalsa20Engine cipher;
        private final byte[] macKey;

        private Stream(XSalsa20Engine cipher, byte[] macKey) {
            this.cipher = cipher;
            this.macKey = macKey;
        }

        XSalsa20Engine cipher() {
            return cipher;
        }

        byte[] macKey() {
            return macKey;
        }

        static Stream of(byte[] key, byte[] nonce) {
            if (key.length != KEY_BYTES || nonce.length != NONCE_BYTES) {
                throw new IllegalArgumentException("secretbox takes a 32-byte key and a 24-byte nonce");
            }
            XSalsa20Engine cipher = new XSalsa20Engine();
            cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
            byte[] macKey = new byte[KEY_BYTES];
            cipher.processBytes(new byte[KEY_BYTES], 0, KEY_BYTES, macKey, 0);
            return new Stream(cipher, macKey);
        }
    }

    private static byte[] tag(byte[] macKey, byte[] box) {
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(box, TAG_BYTES, box.length - TAG_BYTES);
        byte[] tag = new byte[TAG_BYTES];
        mac.doFinal(tag, 0);
        return tag;
    }
}
