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

    private static final String PANIC = "Kernel panic - not syncing";

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

    /**
     * The last lines, or those up to the kernel's panic line when it panicked: what follows a panic is the kernel's
     * call trace, which says where in the kernel and not why (the whole console stays in its file).
     */
    String tail(int count) {
        List<String> all = new ArrayList<>(lines);
        if (!partial.isEmpty()) {
            all.add(partial.toString());
        }
        int end = all.size();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).contains(PANIC)) {
                end = i + 1;
                break;
            }
        }
        return String.join("\n", all.subList(Math.max(0, end - count), end));
    }
}
