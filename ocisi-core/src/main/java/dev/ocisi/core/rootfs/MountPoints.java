package dev.ocisi.core.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The filesystems mounted under a folder, deepest first, as the kernel lists them in /proc/self/mountinfo. */
public final class MountPoints {

    private MountPoints() {}

    public static List<String> under(Path folder) {
        try {
            return under(folder, Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return List.of(); // not Linux: nothing of ours is mounted
        }
    }

    static List<String> under(Path folder, List<String> mountinfo) {
        String prefix = folder.toAbsolutePath().normalize() + "/";
        List<String> mounts = new ArrayList<>();
        for (String line : mountinfo) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                String point = unescape(fields[4]);
                if (point.startsWith(prefix)) {
                    mounts.add(point);
                }
            }
        }
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        return mounts;
    }

    /** mountinfo writes space, tab, newline and backslash as three octal digits after a backslash. */
    private static String unescape(String field) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\'
                    && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
