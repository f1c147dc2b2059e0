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
     * dpkg's status file ({@code /var/lib/dpkg/status}): the stanzas whose status is "install ok installed". A
     * package's key is its name and, unless it is {@code all}, its architecture.
     */
    public static PackageSet ofDpkgStatus(String status) {
        SortedMap<String, String> packages = new TreeMap<>();
        for (String stanza : status.split("\n\\s*\n")) {
            Map<String, String> fields = new TreeMap<>();
            String last = null;
            for (String line : stanza.split("\n")) {
                if (line.startsWith(" ") || line.startsWith("\t")) {
                    continue; // a continuation line: descriptions, conffiles
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    last = line.substring(0, colon);
                    fields.put(last, line.substring(colon + 1).strip());
                }
            }
            String name = fields.get("Package");
            if (name == null || !"install ok installed".equals(fields.get("Status"))) {
                continue;
            }
            String arch = fields.getOrDefault("Architecture", "all");
            packages.put(arch.equals("all") ? name : name + ":" + arch, fields.getOrDefault("Version", ""));
        }
        return new PackageSet("dpkg", packages);
    }

    /** apk's installed database ({@code /lib/apk/db/installed}): {@code P:} name, {@code V:} version, {@code A:} arch. */
    public static PackageSet ofApkInstalled(String installed) {
        SortedMap<String, String> packages = new TreeMap<>();
        for (String stanza : installed.split("\n\\s*\n")) {
            String name = null;
            String version = "";
            String arch = "";
            for (String line : stanza.split("\n")) {
                if (line.startsWith("P:")) {
                    name = line.substring(2).strip();
                } else if (line.startsWith("V:")) {
                    version = line.substring(2).strip();
                } else if (line.startsWith("A:")) {
                    arch = line.substring(2).strip();
                }
            }
            if (name != null) {
                packages.put(arch.isEmpty() || arch.equals("noarch") ? name : name + ":" + arch, version);
            }
        }
        return new PackageSet("apk", packages);
    }

    /**
     * The query format {@link #ofRpmQuery} reads: name, version ({@code epoch:} only where there is one, as rpm and
     * dnf print it) and architecture, a line per package.
     */
    public static final String RPM_QUERY_FORMAT = "%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\n";

    /**
     * {@code rpm -qa --qf} with {@link #RPM_QUERY_FORMAT}. rpm keeps several versions of one name side by side
     * (kernels, {@code gpg-pubkey}): those are one entry whose version lists them all, sorted.
     */
    public static PackageSet ofRpmQuery(String output) {
        SortedMap<String, TreeSet<String>> versions = new TreeMap<>();
        for (String line : output.split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length != 3 || fields[0].isBlank()) {
                continue;
            }
            String arch = fields[2].strip();
            String name = arch.equals("noarch") || arch.equals("(none)") ? fields[0] : fields[0] + ":" + arch;
            versions.computeIfAbsent(name, n -> new TreeSet<>()).add(fields[1].strip());
        }
        SortedMap<String, String> packages = new TreeMap<>();
        versions.forEach((name, all) -> packages.put(name, String.join(", ", all)));
        return new PackageSet("rpm", packages);
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
