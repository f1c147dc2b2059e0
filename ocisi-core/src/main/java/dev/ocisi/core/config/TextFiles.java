package dev.ocisi.core.config;

import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** The text files a user writes (hierarchy files, Containerfiles): what a path is, and its text as UTF-8. */
public final class TextFiles {

    /** Larger than any hierarchy file or Containerfile a person writes; a larger one is refused before it is read. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    private static final int TYPE_MASK = 0170000;

    private TextFiles() {}

    /**
     * What the path is when it is not a regular file that can be read ("does not exist", "is a folder", "is a named
     * pipe (FIFO)", "is a symbolic link loop", ...), or empty when it is one. Links are followed.
     */
    public static Optional<String> notAFile(Path path) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode");
        } catch (NoSuchFileException e) {
            return Optional.of(
                    Files.isSymbolicLink(path)
                            ? "is a symbolic link to nothing (" + linkTarget(path) + ")"
                            : "does not exist");
        } catch (AccessDeniedException e) {
            return Optional.of("cannot be reached (permission denied)");
        } catch (FileSystemException e) {
            String reason = String.valueOf(e.getReason());
            return Optional.of(
                    reason.contains("levels of symbolic links")
                            ? "is a symbolic link loop"
                            : "cannot be read (" + reason + ")");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Files.isRegularFile(path) ? Optional.empty() : Optional.of("is not a regular file");
        }
        return switch (mode & TYPE_MASK) {
            case 0100000 ->
                Files.isReadable(path) ? Optional.empty() : Optional.of("cannot be read (permission denied)");
            case 0040000 -> Optional.of("is a folder, not a file");
            case 0010000 -> Optional.of("is a named pipe (FIFO), not a file");
            case 0020000 -> Optional.of("is a character device (such as /dev/null), not a file");
            case 0060000 -> Optional.of("is a block device, not a file");
            case 0140000 -> Optional.of("is a socket, not a file");
            default -> Optional.of("is not a regular file");
        };
    }

    /**
     * The file's text, a leading byte order mark dropped. A byte that is not UTF-8 is reported at its line and
     * column; so is a file of more than {@link #MAX_BYTES}, or one that is no regular file.
     *
     * @param display the file as messages name it
     */
    public static String readUtf8(Path file, String display) throws ConfigurationException {
        Location whole = Location.of(display);
        Optional<String> notAFile = notAFile(file);
        if (notAFile.isPresent()) {
            throw new ConfigurationException(whole, "the file " + notAFile.get());
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigurationException(
                        whole,
                        "the file holds " + size + " bytes, more than the "
                                + MAX_BYTES / (1024 * 1024)
                                + " MiB a hierarchy file or Containerfile may have; is it the "
                                + "right file?");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationException(whole, "cannot read the file: " + e.getMessage());
        }
        String text = decode(bytes, display);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String decode(byte[] bytes, String display) throws ConfigurationException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            throw new ConfigurationException(
                    at(bytes, offset, display),
                    String.format(
                            "byte 0x%02X is not UTF-8: "
                                    + "the file must be UTF-8 text (it looks like Latin-1 or another legacy encoding); convert it, "
                                    + "e.g. iconv -f latin1 -t utf-8",
                            bytes[offset] & 0xFF));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The line and column (in characters) of a byte offset; the bytes before it are valid UTF-8. */
    private static Location at(byte[] bytes, int offset, String display) {
        int lineStart = 0;
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        return new Location(display, line, before.codePointCount(0, before.length()) + 1);
    }

    private static String linkTarget(Path link) {
        try {
            return "it points to " + Files.readSymbolicLink(link);
        } catch (IOException e) {
            return "its target is gone";
        }
    }
}
