package dev.ocisi.core.engine;

import dev.ocisi.core.plan.ContextFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A build context as the Docker API takes it: a tar of exactly what {@link ContextFiles#sent} lists, so that the
 * engine builds from the files ocisi digested, whichever ignore file the context has (docker-java would read only
 * {@code .dockerignore}). Like docker's CLI, the Containerfile always goes along, and owners are root.
 */
final class ContextTar {

    /** Where the Containerfile goes when it lies outside the context. */
    static final String OUTSIDE_CONTAINERFILE = ".ocisi-containerfile";

    private ContextTar() {}

    /** @return the Containerfile's path inside the tar */
    static String write(Path context, Path containerfile, OutputStream out) throws IOException {
        List<String> entries = ContextFiles.sent(context);
        Path absolute = containerfile.toAbsolutePath().normalize();
        Path root = context.toAbsolutePath().normalize();
        String inside = absolute.startsWith(root)
                ? root.relativize(absolute).toString().replace('\\', '/')
                : OUTSIDE_CONTAINERFILE;
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new BufferedOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String entry : entries) {
                add(tar, context.resolve(entry), entry);
            }
            if (!entries.contains(inside)) {
                add(tar, absolute, inside);
            }
        }
        return inside;
    }

    private static void add(TarArchiveOutputStream tar, Path path, String name) throws IOException {
        TarArchiveEntry entry;
        if (Files.isSymbolicLink(path)) {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            entry = new TarArchiveEntry(name + "/");
        } else {
            entry = new TarArchiveEntry(name);
            entry.setSize(Files.size(path));
        }
        entry.setMode((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
        entry.setModTime((FileTime) Files.getAttribute(path, "lastModifiedTime", LinkOption.NOFOLLOW_LINKS));
        entry.setIds(0, 0);
        tar.putArchiveEntry(entry);
        if (entry.isFile()) {
            Files.copy(path, tar);
        }
        tar.closeArchiveEntry();
    }
}
