package dev.ocisi.core.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What each distrobox value may hold. distrobox's {@code assemble} reads its file through dash's {@code echo} (which
 * turns backslashes into escapes), a comment-stripping {@code sed} ({@code " #"} and {@code "]...#"}), an unquoted
 * {@code $(cat)} (which globs), a {@code .} of a generated file (a shell assignment) and two {@code eval}s, one of
 * them of an unquoted, re-split command line. So a value is only data if it holds none of the characters any of
 * those stages reads: every rule below keeps to letters, digits and {@code - _ . , / : = + @ %}. Hooks are commands
 * by design and may hold anything printable on one line: the file's writer encodes those that need it, so that
 * they run in the box and never on the host.
 */
final class BoxValues {

    /** RFC 1123: dot-separated labels of 1 to 63 letters, digits and inner dashes, 253 characters in all. */
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    /** A path's characters: no space (distrobox-create splits volumes on spaces), no ':' (volumes use it). */
    private static final String PATH_CHARS = "[A-Za-z0-9_.,/=+@%-]";

    private static final Pattern ABSOLUTE_PATH = Pattern.compile("/" + PATH_CHARS + "*");
    /** A path that may start with the user's home, which ocisi expands before writing it. */
    private static final Pattern HOME_PATH =
            Pattern.compile("(?:~|\\$HOME|\\$\\{HOME})?/" + PATH_CHARS + "*" + "|~|\\$HOME|\\$\\{HOME}");

    private static final Pattern MOUNT_OPTIONS = Pattern.compile("[A-Za-z0-9_=-]+(?:,[A-Za-z0-9_=-]+)*");
    /** apt, dnf, pacman and apk names, with a version or release ('pkg=1.2~rc1', 'pkg/bookworm-backports'). */
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.+_:=@/-]|(?<=[A-Za-z0-9.])~)*");

    private static final Pattern APP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final Pattern FLAG_WORD = Pattern.compile("[A-Za-z0-9_.,/:=+@%-]+");

    static final String SHELL_REASON =
            "distrobox's assemble runs its file through a shell, where such a character " + "would be code";

    private BoxValues() {}

    static Optional<String> hostname(String value) {
        return HOSTNAME.matcher(value).matches()
                ? Optional.empty()
                : Optional.of("hostname '" + value + "' is no host name: dot-separated labels of letters, digits and "
                        + "inner '-', each at most 63 long (RFC 1123), e.g. python-box");
    }

    /** {@code home} and {@code exported_bins_path}: an absolute path, or one that starts with the user's home. */
    static Optional<String> hostPath(String key, String value) {
        if (!HOME_PATH.matcher(value).matches()) {
            return Optional.of("'" + key + "' is '" + value + "', which is no absolute path of letters, digits and "
                    + "- _ . , / = + @ %"
                    + (value.startsWith("/") || value.startsWith("~") ? "" : " starting with / " + "or ~") + " ("
                    + SHELL_REASON + "), e.g. ~/boxes/python");
        }
        return dotDot(key, value);
    }

    /** One volume: {@code host:box} or {@code host:box:options}, both paths absolute or starting with the home. */
    static Optional<String> volume(String value) {
        String[] parts = value.split(":", -1);
        boolean shape = parts.length >= 2
                && parts.length <= 3
                && HOME_PATH.matcher(parts[0]).matches()
                && ABSOLUTE_PATH.matcher(parts[1]).matches()
                && (parts.length == 2 || MOUNT_OPTIONS.matcher(parts[2]).matches());
        if (!shape) {
            return Optional.of("volume '" + value + "' is not host:box or host:box:options with absolute paths of "
                    + "letters, digits and - _ . , / = + @ % (" + SHELL_REASON + "), e.g. ~/src:/src:ro");
        }
        return dotDot("volume", parts[0]).or(() -> dotDot("volume", parts[1]));
    }

    /** One exported binary: an absolute path inside the box (distrobox splits the list on spaces). */
    static Optional<String> exportedBin(String value) {
        return ABSOLUTE_PATH.matcher(value).matches()
                ? Optional.empty()
                : Optional.of("exported binary '" + value + "' must be an absolute path inside the box of letters, "
                        + "digits and - _ . , / = + @ %, e.g. /usr/bin/" + lastWord(value));
    }

    /** One item of {@code additional_packages}: package names, several separated by single spaces. */
    static Optional<String> packages(String value) {
        return words(value, PACKAGE)
                ? Optional.empty()
                : Optional.of("'" + value + "' is not a list of package names (letters, digits and . + _ : = @ / - "
                        + "~, separated by single spaces), e.g. git or 'vim tmux'");
    }

    static Optional<String> apps(String value) {
        return words(value, APP)
                ? Optional.empty()
                : Optional.of("exported application '" + value + "' is not an application name (letters, digits "
                        + "and . _ + -, several separated by single spaces), e.g. code");
    }

    /** One item of {@code additional_flags}: words passed to the engine's create, separated by single spaces. */
    static Optional<String> flags(String value) {
        return words(value, FLAG_WORD)
                ? Optional.empty()
                : Optional.of("additional flag '" + value + "' holds a character other than letters, digits and "
                        + "- _ . , / : = + @ % (" + SHELL_REASON + "), or more than one space between words; e.g. "
                        + "--env=EDITOR=vim");
    }

    /** One hook: any printable text on one line; it runs in the box. */
    static Optional<String> hook(String key, String value) {
        if (value.isBlank()) {
            return Optional.of("a hook in '" + key + "' is empty: give a command or remove it");
        }
        return Optional.empty();
    }

    private static boolean words(String value, Pattern word) {
        if (value.isEmpty() || value.startsWith(" ") || value.endsWith(" ") || value.contains("  ")) {
            return false;
        }
        for (String part : value.split(" ")) {
            if (!word.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> dotDot(String key, String path) {
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return Optional.of("'" + key + "' path '" + path + "' climbs with '..': write the folder it means");
            }
        }
        return Optional.empty();
    }

    private static String lastWord(String value) {
        String word = value.replaceAll(".*[/ ]", "").replaceAll("[^A-Za-z0-9_.+-]", "");
        return word.isEmpty() ? "tool" : word;
    }
}
