package dev.ocisi.core.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user running ocisi, whom ocisictl's {@code -dx} images add: USER, UID and GID. */
public record RunUser(String name, String uid, String gid) {

    /** Read from the process itself (/proc/self/status), as {@code id -u} and {@code id -g} would say. */
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
        return new RunUser(name, uid, gid);
    }
}
