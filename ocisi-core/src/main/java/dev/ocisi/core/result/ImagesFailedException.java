package dev.ocisi.core.result;

import dev.ocisi.core.problem.OcisiException;
import java.util.stream.Collectors;

/** Some images failed to build: their Containerfiles' fault, like a compilation error. */
public class ImagesFailedException extends OcisiException {

    private static final long serialVersionUID = 1L;

    private final BuildReport report;

    public ImagesFailedException(BuildReport report) {
        super(describe(report));
        this.report = report;
    }

    public BuildReport report() {
        return report;
    }

    private static String describe(BuildReport report) {
        boolean pullOnly = report.failed().stream().allMatch(r -> r.outcome() == ImageResult.Outcome.NOT_PUBLISHED);
        return report.failed().size() + " of " + report.results().size() + " images "
                + (pullOnly ? "are not published (-Docisi.pullOnly):\n" : "failed to build:\n")
                + report.failed().stream()
                        .map(r -> r.image() + ": " + r.reason())
                        .collect(Collectors.joining("\n"));
    }
}
