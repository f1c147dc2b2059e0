package dev.ocisi.core.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/** Passes lines on and keeps the last few, for the message of a failed build. */
public final class OutputTail implements Consumer<String> {

    static final int LINES = 25;

    private final Consumer<String> next;
    private final Deque<String> last = new ArrayDeque<>();

    public OutputTail(Consumer<String> next) {
        this.next = next;
    }

    @Override
    public synchronized void accept(String line) {
        next.accept(line);
        if (last.size() == LINES) {
            last.removeFirst();
        }
        last.addLast(line);
    }

    public synchronized List<String> lines() {
        return List.copyOf(last);
    }

    /** The last line that says something, for a one-line reason. */
    public synchronized String lastMeaningful() {
        return last.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
    }
}
