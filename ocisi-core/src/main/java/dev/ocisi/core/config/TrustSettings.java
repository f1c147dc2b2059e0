package dev.ocisi.core.config;

import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The hierarchy's keys, written once in {@code defaults} (they are the hierarchy's, not an image's): {@code sign}, the
 * private key a push signs with, and {@code verify}, the public key a published image must be signed by to be used.
 * {@code -Docisi.sign} and {@code -Docisi.verify} replace them for a run.
 *
 * @param sign   the private key (cosign's format), absolute
 * @param verify the public key, absolute
 * @param bases  {@code verifyBases}: for the external bases under a repository prefix ({@code quay.io/fedora},
 *               {@code ghcr.io/ublue-os/base}), the public key their publisher signs them with, absolute
 * @param where  where they were written, for a message that must point at them
 */
public record TrustSettings(
        Optional<Path> sign, Optional<Path> verify, SortedMap<String, Path> bases, Optional<Location> where) {

    public static final TrustSettings NONE =
            new TrustSettings(Optional.empty(), Optional.empty(), new TreeMap<>(), Optional.empty());

    static final String SIGN = "sign";
    static final String VERIFY = "verify";
    static final String VERIFY_BASES = "verifyBases";

    public TrustSettings {
        bases = Collections.unmodifiableSortedMap(new TreeMap<>(bases));
    }

    /** The keys of {@code defaults}, each a file that exists (relative to the hierarchy file's folder). */
    static TrustSettings of(YamlFields defaults, Path folder, Problems problems) {
        Optional<Path> sign = keyFile(defaults, SIGN, folder, problems, "the private key, ocisi.key");
        Optional<Path> verify = keyFile(defaults, VERIFY, folder, problems, "the public key, ocisi.pub");
        SortedMap<String, Path> bases = new TreeMap<>();
        Map<String, String> written = defaults.stringMap(VERIFY_BASES, TrustSettings::prefixProblem);
        if (written != null) {
            for (Map.Entry<String, String> entry : written.entrySet()) {
                Path file = folder.resolve(entry.getValue()).normalize();
                if (Files.isRegularFile(file)) {
                    bases.put(entry.getKey(), file);
                } else {
                    problems.error(
                            defaults.valueLocation(VERIFY_BASES),
                            "'" + VERIFY_BASES + "." + entry.getKey() + "' names " + entry.getValue()
                                    + ", which is no file: give the public key its publisher signs those images "
                                    + "with (a cosign .pub), relative to this file's folder");
                }
            }
        }
        Optional<Location> where = Optional.empty();
        for (String key : new String[] {SIGN, VERIFY, VERIFY_BASES}) {
            if (where.isEmpty() && !defaults.isAbsent(key)) {
                where = Optional.of(defaults.valueLocation(key));
            }
        }
        return new TrustSettings(sign, verify, bases, where);
    }

    /**
     * What is wrong with a repository prefix of {@code verifyBases}, if anything: a registry and a path, as the bases'
     * FROM lines write them. Docker Hub's images are checked nowhere (its registry answers at another name than the
     * one signatures carry), which is said rather than passed over.
     */
    static Optional<String> prefixProblem(String prefix) {
        if (prefix.startsWith("docker.io/") || prefix.startsWith("index.docker.io/")) {
            return Optional.of("'" + prefix + "': Docker Hub's images cannot be checked by ocisi; pin them instead "
                    + "(mvn ocisi:lock), or check registries that serve signatures (quay.io, ghcr.io, your own)");
        }
        return RegistryLocation.problem(prefix)
                .map(problem ->
                        "'" + prefix + "' is no repository prefix (" + problem.replaceFirst("^[^;]*; ", "") + ")");
    }

    /** An item that writes them itself: they are the hierarchy's, so they belong in its defaults. */
    static void refuseOnItem(YamlFields item, Problems problems) {
        for (String key : new String[] {SIGN, VERIFY, VERIFY_BASES}) {
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

    /** Whether the keys are the same files as {@code other}'s (where they were written aside). */
    boolean sameKeys(TrustSettings other) {
        return sign.equals(other.sign) && verify.equals(other.verify) && bases.equals(other.bases);
    }

    /**
     * The key for an external base's repository ({@code quay.io/fedora/fedora-silverblue}, as
     * {@code ImageReference.canonicalRepository} writes it): that of the longest prefix it starts with, at a slash.
     */
    public Optional<Map.Entry<String, Path>> baseKey(String repository) {
        Map.Entry<String, Path> found = null;
        for (Map.Entry<String, Path> entry : bases.entrySet()) {
            String prefix = entry.getKey();
            boolean under = repository.equals(prefix) || repository.startsWith(prefix + "/");
            if (under && (found == null || prefix.length() > found.getKey().length())) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }
}
