package dev.ocisi.core.rootfs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether every user of an image can reach its files: a root filesystem whose {@code /}, {@code /usr} or {@code /bin}
 * others may not traverse (a tarball packed from a {@code mktemp -d} folder has a 0700 root) works for root alone,
 * and every {@code -dx} user, in a dev container or a rootless box, fails ("/bin/sh: permission denied"). Read from
 * tar's own listing, so that any compression tar reads is read.
 */
public final class RootModes {

    /** The folders every user must traverse, as tar names them without {@code ./}. */
    static final List<String> FOLDERS = List.of("", "usr", "bin", "usr/bin");

    private RootModes() {}

    /** One entry of {@code tar --list --verbose}: its name without {@code ./}, and its mode ("drwx------"). */
    record Entry(String name, String mode) {

        /** The entry a listing line names ("drwx------ 0/0 0 2026-12-05 08:50 ./"); null for another line. */
        static Entry of(String line) {
            String[] fields = line.trim().split("\\s+", 6);
            if (fields.length < 6 || fields[0].length() != 10) {
                return null;
            }
            String name = fields[5];
            int arrow = name.indexOf(" -> ");
            if (arrow >= 0) {
                name = name.substring(0, arrow);
            }
            return new Entry(name.replaceFirst("^\\./?", "").replaceFirst("/$", ""), fields[0]);
        }

        boolean closedFolder() {
            return mode.charAt(0) == 'd' && mode.charAt(9) != 'x' && mode.charAt(9) != 't';
        }
    }

    /**
     * The folders of {@link #FOLDERS} that others cannot traverse, with their mode, from the lines of
     * {@code tar --list --verbose}; a link ({@code bin -> usr/bin}) is reached through its target, which is checked
     * in its turn.
     */
    static Map<String, String> closed(List<String> listing) {
        Map<String, String> closed = new LinkedHashMap<>();
        for (String line : listing) {
            Entry entry = Entry.of(line);
            if (entry != null && FOLDERS.contains(entry.name()) && entry.closedFolder()) {
                closed.put(entry.name(), entry.mode());
            }
        }
        return closed;
    }

    /** The folders others cannot traverse in the tarball, read from tar's listing; empty when tar cannot say. */
    public static Map<String, String> closed(Path tarball) {
        Process tar;
        try {
            tar = new ProcessBuilder("tar", "--list", "--verbose", "--numeric-owner", "--file", tarball.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return Map.of();
        }
        List<String> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(tar.getInputStream(), StandardCharsets.UTF_8))) {
            // the listing stops once every folder was seen: a root filesystem lists them among its first entries
            for (String line = reader.readLine();
                    line != null && seen.size() < FOLDERS.size();
                    line = reader.readLine()) {
                Entry entry = Entry.of(line);
                if (entry != null && FOLDERS.contains(entry.name())) {
                    seen.add(entry.name());
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            return Map.of();
        } finally {
            tar.destroy();
        }
        return closed(lines);
    }

    /** What to tell the user about a tarball whose folders others cannot traverse. */
    public static String warning(Path tarball, Map<String, String> closed) {
        List<String> folders = new ArrayList<>();
        closed.forEach((name, mode) -> folders.add("/" + name + " (" + mode + ")"));
        return "the root filesystem " + tarball.getFileName() + " has " + String.join(", ", folders) + ", which no "
                + "user but root may traverse: every other user of the image (the -dx user, in a dev container or a "
                + "rootless box) fails, e.g. \"/bin/sh: permission denied\"; pack it from folders others may enter "
                + "(chmod 755 ROOT before tar -C ROOT -c .), then pin its new SHA-256";
    }
}
