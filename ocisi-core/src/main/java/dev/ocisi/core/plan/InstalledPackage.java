package dev.ocisi.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One package as an image's package database records it: what the refresh compares ({@link PackageSet}) and what a
 * bill of materials lists.
 *
 * @param name          the binary package's name
 * @param version       its version as the package manager prints it ({@code epoch:} included where there is one)
 * @param architecture  as the database says ({@code amd64}, {@code x86_64}, {@code all}, {@code noarch}); empty when
 *                      it says none
 * @param source        the source package it was built from: dpkg's {@code Source}, apk's origin, rpm's source rpm
 *                      file; the package's own name where the database names none
 * @param sourceVersion the source package's version (dpkg's {@code Source: name (version)}), else the package's
 */
public record InstalledPackage(String name, String version, String architecture, String source, String sourceVersion) {

    /** Architectures that mean "any": a package of one of them is keyed by its name alone. */
    private static final Set<String> ANY_ARCHITECTURE = Set.of("", "all", "noarch", "(none)");

    /**
     * The query format {@link #ofRpmQuery} reads: name, version ({@code epoch:} only where there is one, as rpm and
     * dnf print it), architecture and source rpm, a line per package.
     */
    public static final String RPM_QUERY_FORMAT =
            "%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n";

    /**
     * The key the refresh compares by: the name and, where the database keeps one name for several architectures
     * ({@code libc6:amd64}, {@code libc6:i386}), the architecture.
     */
    public String key() {
        return ANY_ARCHITECTURE.contains(architecture) ? name : name + ":" + architecture;
    }

    /**
     * dpkg's status file ({@code /var/lib/dpkg/status}): the stanzas whose status is "install ok installed", in the
     * file's order.
     */
    public static List<InstalledPackage> ofDpkgStatus(String status) {
        List<InstalledPackage> packages = new ArrayList<>();
        for (String stanza : status.split("\n\\s*\n")) {
            Map<String, String> fields = new TreeMap<>();
            for (String line : stanza.split("\n")) {
                if (line.startsWith(" ") || line.startsWith("\t")) {
                    continue; // a continuation line: descriptions, conffiles
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(
                            line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
            String name = fields.get("Package");
            if (name == null || !"install ok installed".equals(fields.get("Status"))) {
                continue;
            }
            String version = fields.getOrDefault("Version", "");
            String source = fields.getOrDefault("Source", name);
            String sourceVersion = version;
            int parenthesis = source.indexOf(" (");
            if (parenthesis > 0 && source.endsWith(")")) {
                sourceVersion = source.substring(parenthesis + 2, source.length() - 1);
                source = source.substring(0, parenthesis);
            }
            packages.add(new InstalledPackage(
                    name, version, fields.getOrDefault("Architecture", "all"), source, sourceVersion));
        }
        return packages;
    }

    /**
     * apk's installed database ({@code /lib/apk/db/installed}): {@code P:} name, {@code V:} version, {@code A:}
     * architecture, {@code o:} origin (the source package).
     */
    public static List<InstalledPackage> ofApkInstalled(String installed) {
        List<InstalledPackage> packages = new ArrayList<>();
        for (String stanza : installed.split("\n\\s*\n")) {
            Map<Character, String> fields = new TreeMap<>();
            for (String line : stanza.split("\n")) {
                if (line.length() >= 2 && line.charAt(1) == ':') {
                    fields.putIfAbsent(line.charAt(0), line.substring(2).strip());
                }
            }
            String name = fields.get('P');
            if (name != null) {
                String version = fields.getOrDefault('V', "");
                packages.add(new InstalledPackage(
                        name, version, fields.getOrDefault('A', ""), fields.getOrDefault('o', name), version));
            }
        }
        return packages;
    }

    /** {@code rpm -qa --qf} with {@link #RPM_QUERY_FORMAT} (a line without the source rpm reads too). */
    public static List<InstalledPackage> ofRpmQuery(String output) {
        List<InstalledPackage> packages = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length < 3 || fields[0].isBlank()) {
                continue;
            }
            String version = fields[1].strip();
            String source = fields.length > 3 && !fields[3].strip().equals("(none)") ? fields[3].strip() : fields[0];
            packages.add(new InstalledPackage(fields[0], version, fields[2].strip(), source, version));
        }
        return packages;
    }
}
