package dev.ocisi.core.plan;

import dev.ocisi.core.config.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The packages an image has installed, as its package database says: name (with the architecture where the database
 * keeps several, {@code libc6:amd64}) to version. Two builds with the same set installed the same software, whatever
 * else differs between them (logs, timestamps, caches).
 *
 * @param source   which database it was read from ({@code dpkg}, {@code apk}, {@code rpm})
 * @param packages name to version, sorted
 */
public record PackageSet(String source, SortedMap<String, String> packages) {

    public PackageSet {
        packages = new TreeMap<>(packages);
    }

    /**
     * The set of packages as the refresh compares them: each {@link InstalledPackage#key()} to its version. rpm keeps
     * several versions of one name side by side (kernels, {@code gpg-pubkey}): those are one entry whose version lists
     * them all, sorted.
     */
    public static PackageSet of(String source, List<InstalledPackage> installed) {
        SortedMap<String, TreeSet<String>> versions = new TreeMap<>();
        installed.forEach(
                p -> versions.computeIfAbsent(p.key(), k -> new TreeSet<>()).add(p.version()));
        SortedMap<String, String> packages = new TreeMap<>();
        versions.forEach((name, all) -> packages.put(name, String.join(", ", all)));
        return new PackageSet(source, packages);
    }

    /** dpkg's status file: {@link InstalledPackage#ofDpkgStatus}. */
    public static PackageSet ofDpkgStatus(String status) {
        return of("dpkg", InstalledPackage.ofDpkgStatus(status));
    }

    /** apk's installed database: {@link InstalledPackage#ofApkInstalled}. */
    public static PackageSet ofApkInstalled(String installed) {
        return of("apk", InstalledPackage.ofApkInstalled(installed));
    }

    /** {@code rpm -qa --qf} with {@link InstalledPackage#RPM_QUERY_FORMAT}. */
    public static PackageSet ofRpmQuery(String output) {
        return of("rpm", InstalledPackage.ofRpmQuery(output));
    }

    /** {@code sha256:<hex>} of the sorted set: equal sets, equal digests. */
    public String digest() {
        StringBuilder text = new StringBuilder(source).append('\n');
        packages.forEach(
                (name, version) -> text.append(name).append(' ').append(version).append('\n'));
        return "sha256:" + Sha256.ofText(text.toString());
    }

    /** What changed from {@code before} to this set. */
    public Changes changesSince(PackageSet before) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (String name : new TreeSet<>(union(packages, before.packages))) {
            String now = packages.get(name);
            String then = before.packages.get(name);
            if (then == null) {
                added.add(name + " " + now);
            } else if (now == null) {
                removed.add(name + " " + then);
            } else if (!Objects.equals(now, then)) {
                updated.add(name + " " + then + " -> " + now);
            }
        }
        return new Changes(added, removed, updated);
    }

    private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    /** Packages added, removed and updated ({@code name old -> new}), each sorted by name. */
    public record Changes(List<String> added, List<String> removed, List<String> updated) {

        public Changes {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            updated = List.copyOf(updated);
        }

        public boolean none() {
            return added.isEmpty() && removed.isEmpty() && updated.isEmpty();
        }

        public int count() {
            return added.size() + removed.size() + updated.size();
        }

        /** {@code 1 updated, 1 added, 0 removed} or {@code none}: a table's cell. */
        public String counts() {
            return none()
                    ? "none"
                    : updated.size() + " updated, " + added.size() + " added, " + removed.size() + " removed";
        }

        /** {@code 1 updated: ocisi-test-pkg 1.0 -> 2.0; 1 added: foo 3} or {@code no package changed}. */
        public String describe() {
            if (none()) {
                return "no package changed";
            }
            List<String> parts = new ArrayList<>();
            if (!updated.isEmpty()) {
                parts.add(updated.size() + " updated: " + String.join(", ", updated));
            }
            if (!added.isEmpty()) {
                parts.add(added.size() + " added: " + String.join(", ", added));
            }
            if (!removed.isEmpty()) {
                parts.add(removed.size() + " removed: " + String.join(", ", removed));
            }
            return String.join("; ", parts);
        }
    }
}
