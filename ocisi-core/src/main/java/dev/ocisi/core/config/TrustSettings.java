package dev.ocisi.core.config;

import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The hierarchy's keys, written once in {@code defaults} (they are the hierarchy's, not an image's): {@code sign}, the
 * private key a push signs with, and {@code verify}, the public key a published image must be signed by to be used.
 * {@code -Docisi.sign} and {@code -Docisi.verify} replace them for a run.
 *
 * @param sign   the private key (cosign's format), absolute
 * @param verify the public key, absolute
 * @param where  where they were written, for a message that must point at them
 */
public record TrustSettings(Optional<Path> sign, Optional<Path> verify, Optional<Location> where) {

    public static final TrustSettings NONE = new TrustSettings(Optional.empty(), Optional.empty(), Optional.empty());

    static final String SIGN = "sign";
    static final String VERIFY = "verify";

    /** The keys of {@code defaults}, each a file that exists (relative to the hierarchy file's folder). */
    static TrustSettings of(YamlFields defaults, Path folder, Problems problems) {
        Optional<Path> sign = keyFile(defaults, SIGN, folder, problems, "the private key, ocisi.key");
        Optional<Path> verify = keyFile(defaults, VERIFY, folder, problems, "the public key, ocisi.pub");
        Optional<Location> where = Optional.empty();
        if (sign.isPresent()) {
            where = Optional.of(defaults.valueLocation(SIGN));
        } else if (verify.isPresent()) {
            where = Optional.of(defaults.valueLocation(VERIFY));
        }
        return new TrustSettings(sign, verify, where);
    }

    /** An item that writes them itself: they are the hierarchy's, so they belong in its defaults. */
    static void refuseOnItem(YamlFields item, Problems problems) {
        for (String key : new String[] {SIGN, VERIFY}) {
            if (!item.isAbsent(key)) {
                problems.error(
                        item.keyLocation(key),
                        "'" + key + "' names the hierarchy's key, the same for every image: move it into 'defaults'");
            }
        }
    }

    private static Optional<Path> keyFile(
            YamlFields defaults, String key, Path folder, Problems problems, String what) {
        String text = defaults.string(key);
        if (text == null) {
            return Optional.empty();
        }
        Path file = folder.resolve(text).normalize();
        if (!Files.isRegularFile(file)) {
            problems.error(
                    defaults.valueLocation(key),
                    "'" + key + "' names " + text + ", which is no file: give " + what
                            + ", relative to this file's folder (mvn ocisi:keygen writes the pair beside it)");
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** Whether both keys are the same files as {@code other}'s (where they were written aside). */
    boolean sameKeys(TrustSettings other) {
        return sign.equals(other.sign) && verify.equals(other.verify);
    }
}
