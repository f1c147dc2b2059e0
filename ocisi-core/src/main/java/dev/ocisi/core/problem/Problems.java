package dev.ocisi.core.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem of one pass, so that the user sees all of them at once rather than one per run.
 * Not thread-safe: one collector belongs to one reading of the hierarchy.
 */
public final class Problems {

    private final List<Problem> problems = new ArrayList<>();
    /** Every error reported, repeats included: what {@link #errorsSince} counts. */
    private int errorReports;

    public void error(Location location, String message) {
        add(Problem.error(location, message));
    }

    public void warning(Location location, String message) {
        add(Problem.warning(location, message));
    }

    /** An error, or only a warning when what it concerns will not be built (a disabled image). */
    public void report(boolean isError, Location location, String message) {
        add(isError ? Problem.error(location, message) : Problem.warning(location, message));
    }

    /** Adds the problem unless the very same was reported (a default's value is checked for every item). */
    public void add(Problem problem) {
        if (problem.isError()) {
            errorReports++;
        }
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    /** A mark to pass to {@link #errorsSince}. */
    public int mark() {
        return errorReports;
    }

    /** Whether an error was reported since the mark, even one reported before it too. */
    public boolean errorsSince(int mark) {
        return errorReports > mark;
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    public List<Problem> warnings() {
        return all().stream().filter(p -> !p.isError()).toList();
    }

    /** Every problem so far, in the order of the files, lines and columns they point at. */
    public List<Problem> all() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing((Problem p) -> p.location().file())
                .thenComparingInt(p -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return List.copyOf(sorted);
    }

    /** Throws when any error was reported; warnings alone do not stop anything. */
    public void throwIfErrors() throws ConfigurationException {
        if (hasErrors()) {
            throw new ConfigurationException(all());
        }
    }
}
