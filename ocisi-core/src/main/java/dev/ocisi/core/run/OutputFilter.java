package dev.ocisi.core.run;

import java.util.List;
import java.util.function.Consumer;

/** In batch mode (CI logs), drops the lines that only show progress; everything else passes. */
final class OutputFilter implements Consumer<String> {

    private static final List<String> PROGRESS = List.of(
            "Getting image source signatures",
            "Copying blob ",
            "Copying config ",
            "Writing manifest to image destination",
            "Storing signatures");

    private final Consumer<String> next;
    private final boolean batch;

    OutputFilter(Consumer<String> next, boolean batch) {
        this.next = next;
        this.batch = batch;
    }

    @Override
    public void accept(String line) {
        if (batch && PROGRESS.stream().anyMatch(line::startsWith)) {
            return;
        }
        next.accept(line);
    }
}
