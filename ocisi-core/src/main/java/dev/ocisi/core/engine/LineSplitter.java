package dev.ocisi.core.engine;

import java.util.function.Consumer;

/** Turns chunks of streamed text (the Docker API sends them as they come) into whole lines. */
final class LineSplitter {

    private final Consumer<String> lines;
    private final StringBuilder pending = new StringBuilder();

    LineSplitter(Consumer<String> lines) {
        this.lines = lines;
    }

    synchronized void accept(String chunk) {
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            if (c == '\n') {
                lines.accept(stripCarriageReturn(pending.toString()));
                pending.setLength(0);
            } else {
                pending.append(c);
            }
        }
    }

    synchronized void flush() {
        if (pending.length() > 0) {
            lines.accept(stripCarriageReturn(pending.toString()));
            pending.setLength(0);
        }
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
