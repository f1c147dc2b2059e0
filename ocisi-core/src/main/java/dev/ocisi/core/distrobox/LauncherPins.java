package dev.ocisi.core.distrobox;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.problem.StateException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * distrobox's exported launchers run {@code distrobox-enter} with whatever manager the caller's environment names, so
 * a docker box's launcher breaks on a host whose default is podman (ocisictl's open problem). Each launcher of a box
 * gets its manager written in: a line after {@code # name: BOX} in exported binaries, {@code env
 * DBX_CONTAINER_MANAGER=...} in front of the {@code Exec=} of exported desktop entries.
 */
public final class LauncherPins {

    static final String MARK = "# manager pinned by ocisi";

    private LauncherPins() {}

    /** @return the files changed */
    public static List<Path> pin(String box, Manager manager, Path binFolder, Path applicationsFolder)
            throws StateException {
        List<Path> changed = new ArrayList<>();
        for (Path file : files(binFolder, "*")) {
            List<String> lines = read(file);
            int name = lines.indexOf("# name: " + box);
            if (!lines.contains("# distrobox_binary") || name < 0) {
                continue;
            }
            List<String> pinned = new ArrayList<>(lines);
            pinned.removeIf(line -> line.endsWith(MARK));
            pinned.add(name + 1, "DBX_CONTAINER_MANAGER=" + manager + "; export DBX_CONTAINER_MANAGER " + MARK);
            if (!pinned.equals(lines)) {
                write(file, pinned);
                changed.add(file);
            }
        }
        for (Path file : files(applicationsFolder, box + "-*.desktop")) {
            List<String> lines = read(file);
            List<String> pinned = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("Exec=") || line.startsWith("TryExec=")) {
                    String key = line.substring(0, line.indexOf('=') + 1);
                    String command = line.substring(key.length()).replaceFirst("^env DBX_CONTAINER_MANAGER=\\S+ ", "");
                    line = key + "env DBX_CONTAINER_MANAGER=" + manager + " " + command;
                }
                pinned.add(line);
            }
            if (!pinned.equals(lines)) {
                write(file, pinned);
                changed.add(file);
            }
        }
        return changed;
    }

    private static List<String> read(Path file) throws StateException {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw StateException.cannot("read the launcher " + file, e);
        }
    }

    private static void write(Path file, List<String> lines) throws StateException {
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw StateException.cannot("pin the manager in the launcher " + file, e);
        }
    }

    private static List<Path> files(Path folder, String glob) throws StateException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, glob)) {
            stream.forEach(file -> {
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
            });
        } catch (IOException e) {
            throw StateException.cannot("list the launchers in " + folder, e);
        }
        files.sort(null);
        return files;
    }
}
