package dev.ocisi.core.graph;

import dev.ocisi.core.problem.Location;

/**
 * One Containerfile instruction with continuation lines joined, comments and heredoc bodies left out. Every
 * character of its arguments keeps the line and column it came from, so errors point into the file.
 */
// the positions are read, never compared: no two instructions are compared at all
@SuppressWarnings("ArrayRecordComponent")
public record Instruction(
        String keyword, String arguments, Location location, String file, int[] lines, int[] columns) {

    /** Where the character at {@code offset} of {@link #arguments()} stands in the file. */
    public Location at(int offset) {
        if (arguments.isEmpty()) {
            return location;
        }
        int i = Math.max(0, Math.min(offset, arguments.length() - 1));
        return new Location(file, lines[i], columns[i]);
    }

    public boolean is(String name) {
        return keyword.equals(name);
    }
}
