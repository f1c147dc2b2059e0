package dev.ocisi.core.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A new key pair's files: {@code NAME.key} (private, sealed with the passphrase, readable by its owner alone) and
 * {@code NAME.pub}, cosign's names. An existing file is never replaced: what it signed would no longer verify.
 */
public final class KeyPairFiles {

    private KeyPairFiles() {}

    /** Writes a new pair into {@code folder}; the files written, private first. */
    public static Path[] write(Path folder, String name, char[] passphrase) throws TrustException {
        Path key = folder.resolve(name + ".key");
        Path pub = folder.resolve(name + ".pub");
        for (Path existing : new Path[] {key, pub}) {
            if (Files.exists(existing)) {
                throw new TrustException(existing + " exists: keygen never replaces a key (what it signed would no "
                        + "longer verify). Use it, or move it away first");
            }
        }
        if (passphrase.length == 0) {
            throw new TrustException("the passphrase for " + key + " is empty: give one (OCISI_SIGN_PASSPHRASE, "
                    + "settings.xml's server ocisi-sign, or at the prompt); the key is only as safe as it");
        }
        CosignKeys.Pair pair = CosignKeys.generate(passphrase);
        try {
            Files.createDirectories(folder);
            // created with its permissions: the private key is never readable by others, not even for a moment
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, pair.privatePem(), StandardCharsets.US_ASCII);
            Files.writeString(pub, pair.publicPem(), StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new TrustException(e.getFile() + " appeared while the key was made: nothing was replaced", e);
        } catch (IOException e) {
            throw new TrustException("cannot write the key pair into " + folder + ": " + e.getMessage(), e);
        }
        return new Path[] {key, pub};
    }
}
