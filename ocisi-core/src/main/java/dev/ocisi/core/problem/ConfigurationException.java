package dev.ocisi.core.problem;

import java.util.List;
import java.util.stream.Collectors;

/** What the user wrote cannot be used: the hierarchy file, a Containerfile, a name or a flag. */
public class ConfigurationException extends OcisiException {

    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public ConfigurationException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigurationException(Location location, String message) {
        this(List.of(Problem.error(location, message)));
    }

    /** Every problem found, errors and warnings, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    private static String describe(List<Problem> problems) {
        long errors = problems.stream().filter(Problem::isError).count();
        String head = errors == 1 ? "1 problem" : errors + " problems";
        return head + " in the hierarchy:\n"
                + problems.stream()
                        .filter(Problem::isError)
                        .map(Problem::toString)
                        .collect(Collectors.joining("\n"));
    }
}
