package dev.ocisi.core.sbom;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an image's {@code os-release} file says of its distribution: the purls of its packages name it.
 *
 * @param id        {@code debian}, {@code alpine}, {@code fedora} ({@code ID}); empty when unknown
 * @param versionId {@code 12}, {@code 3.20.3}, {@code 41} ({@code VERSION_ID}); empty when unknown (Debian testing)
 */
public record OsRelease(String id, String versionId) {

    public static final OsRelease UNKNOWN = new OsRelease("", "");

    /** The file's {@code KEY=value} lines, values quoted or not, as os-release(5) writes them. */
    public static OsRelease parse(String text) {
        Map<String, String> fields = new TreeMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (line.startsWith("#") || equals <= 0) {
                continue;
            }
            String value = line.substring(equals + 1).strip();
            if (value.length() >= 2
                    && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                    && value.charAt(value.length() - 1) == value.charAt(0)) {
                value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
            }
            fields.put(line.substring(0, equals).strip(), value);
        }
        return new OsRelease(fields.getOrDefault("ID", ""), fields.getOrDefault("VERSION_ID", ""));
    }

    /** purl's {@code distro} qualifier: {@code debian-12}; the id alone without a version. */
    public String distro() {
        return versionId.isEmpty() ? id : id + "-" + versionId;
    }
}
