package dev.ocisi.core.sbom;

import dev.ocisi.core.plan.InstalledPackage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A package's package URL (purl), as scanners write them for distribution packages, so that vulnerability databases
 * match them: {@code pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12&upstream=glibc}. Qualifiers are sorted
 * and every character outside purl's unreserved set is percent-encoded.
 */
public final class Purl {

    private Purl() {}

    public static String of(String manager, OsRelease os, InstalledPackage p) {
        String type = switch (manager) {
            case "dpkg" -> "deb";
            case "apk" -> "apk";
            case "rpm" -> "rpm";
            default -> throw new IllegalArgumentException("no purl type for " + manager);
        };
        String namespace = os.id().isEmpty() ? defaultNamespace(type) : os.id();
        String version = p.version();
        Map<String, String> qualifiers = new TreeMap<>();
        if (type.equals("rpm") && version.contains(":")) {
            // rpm's purls carry the epoch as a qualifier, not in the version
            qualifiers.put("epoch", version.substring(0, version.indexOf(':')));
            version = version.substring(version.indexOf(':') + 1);
        }
        if (!p.architecture().isEmpty()) {
            qualifiers.put("arch", p.architecture());
        }
        if (!os.id().isEmpty()) {
            qualifiers.put("distro", os.distro());
        }
        if (!p.source().equals(p.name()) || !p.sourceVersion().equals(p.version())) {
            qualifiers.put(
                    "upstream",
                    p.sourceVersion().equals(p.version()) || type.equals("rpm")
                            ? p.source()
                            : p.source() + "@" + p.sourceVersion());
        }
        StringBuilder purl = new StringBuilder("pkg:")
                .append(type)
                .append('/')
                .append(encode(namespace))
                .append('/')
                .append(encode(p.name()))
                .append('@')
                .append(encode(version));
        String separator = "?";
        for (Map.Entry<String, String> q : qualifiers.entrySet()) {
            purl.append(separator).append(q.getKey()).append('=').append(encode(q.getValue()));
            separator = "&";
        }
        return purl.toString();
    }

    private static String defaultNamespace(String type) {
        return switch (type) {
            case "deb" -> "debian";
            case "apk" -> "alpine";
            default -> "redhat";
        };
    }

    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
