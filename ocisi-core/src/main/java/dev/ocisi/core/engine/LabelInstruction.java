package dev.ocisi.core.engine;

import java.util.Map;

/**
 * A {@code LABEL} instruction, as imports pass labels ({@code --change} to podman, {@code changes} to the Docker
 * API). Builds pass labels as plain arguments and need none of this. The engines read the instruction differently:
 * dockerd parses it as a Containerfile line (quotes, escapes, variables), while podman (its CLI and its service)
 * takes everything after the first '=' and drops one pair of surrounding quotes, unescaping nothing.
 */
final class LabelInstruction {

    /** How an engine reads a LABEL change. */
    enum Reader {
        DOCKERFILE,
        PODMAN
    }

    private LabelInstruction() {}

    /**
     * The instruction that gives the image exactly this label when {@code reader} reads it. A line break ends an
     * instruction and no escape carries one, so a value that holds one is refused rather than cut.
     */
    static String of(String key, String value, Reader reader) throws EngineException {
        for (Map.Entry<String, String> part :
                Map.of("name", key, "value", value).entrySet()) {
            if (part.getValue().indexOf('\n') >= 0 || part.getValue().indexOf('\r') >= 0) {
                throw new EngineException("label " + key.replace("\n", "\\n").replace("\r", "\\r") + ": its "
                        + part.getKey() + " holds a line break, which a LABEL instruction cannot carry");
            }
        }
        return reader == Reader.PODMAN
                ? "LABEL " + key + "=\"" + value + "\""
                : "LABEL " + quoted(key) + "=" + quoted(value);
    }

    /** Containerfile quoting: '\', '"' and '$' escaped (LABEL expands variables). */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\"";
    }
}
