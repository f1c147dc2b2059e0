package dev.ocisi.core.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user running ocisi, whom ocisictl's {@code -dx} images add: USER, UID and GID, and the home folder that dev
 * containers of those images mount at the same path.
 */
public record RunUser(String name, String uid, String gid, String home) {

    /** A user whose home is where useradd puts it: /root for root, else /home/NAME. */
    public RunUser(String name, String uid, String gid) {
        this(name, uid, gid, uid.equals("0") ? "/root" : "/home/" + name);
    }

    /**
     * Read from the process itself (/proc/self/status), as {@code id -u} and {@code id -g} would say; the home from
     * the user's account (Java's user.home), not from $HOME, which a caller may have changed.
     */
    public static RunUser current() {
        String name = System.getProperty("user.name", "user");
        String uid = "1000";
        String gid = "1000";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = line.split("\\s+")[1];
                } else if (line.startsWith("Gid:")) {
                    gid = line.split("\\s+")[1];
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: keep the common first user's ids
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?")
                ? new RunUser(name, uid, gid)
                : new RunUser(name, uid, gid, home);
    }
}
