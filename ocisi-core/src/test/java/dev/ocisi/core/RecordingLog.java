package dev.ocisi.core;

import dev.ocisi.core.log.Log;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A log that keeps every line, prefixed by its level, for assertions. */
public class RecordingLog implements Log {

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void debug(String message) {
        lines.add("DEBUG " + message);
    }

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void error(String message) {
        lines.add("ERROR " + message);
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public boolean contains(String text) {
        return lines().stream().anyMatch(l -> l.contains(text));
    }
}
