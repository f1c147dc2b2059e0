package dev.ocisi.core.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** The console file as it grows: complete lines go to the log, all text (escapes removed) is kept. */
final class Console {

    /** Terminal escapes and carriage returns, which a console log holds and a reader does not want. */
    private static final Pattern ESCAPES = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]|\u001B[()][A-Z0-9]|\r");

    private final Path file;
    private long offset;
    private final StringBuilder plain = new StringBuilder();
    private final StringBuilder partial = new StringBuilder();
    private final List<String> lines = new ArrayList<>();

    Console(Path file) {
        this.file = file;
    }

    /** Reads what was added; returns it. */
    String poll(Consumer<String> lineSink) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String added;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
            in.seek(offset);
            in.readFully(bytes);
            offset += bytes.length;
            added = ESCAPES.matcher(new String(bytes, StandardCharsets.UTF_8)).replaceAll("");
        }
        plain.append(added);
        partial.append(added);
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, newline);
            partial.delete(0, newline + 1);
            lines.add(line);
            lineSink.accept(line);
        }
        return added;
    }

    String plain() {
        return plain.toString();
    }

    String tail(int count) {
        List<String> all = new ArrayList<>(lines);
        if (!partial.isEmpty()) {
            all.add(partial.toString());
        }
        return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }
}
