package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.problem.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** ocisictl's {@code list} tables, as aligned text: one row per image, in build order. */
public final class ImageTable {

    /** Which rows: ocisictl's {@code -a} (to assemble), {@code -e} (enabled), or all of them. */
    public enum Selection {
        ALL(image -> true),
        ENABLED(ImageSpec::enabled),
        ASSEMBLE(image -> image.enabled() && image.assemble());

        private final Predicate<ImageSpec> filter;

        Selection(Predicate<ImageSpec> filter) {
            this.filter = filter;
        }
    }

    private static final List<String> HEADER = List.of("IMAGE", "PATH", "ENABLED", "MANAGER", "DISTROBOX", "ASSEMBLE");

    private ImageTable() {
    }

    public static List<String> render(HierarchyGraph graph, Selection selection, Path workingDirectory) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ImageNode node : graph.images()) {
            ImageSpec spec = node.spec();
            if (selection.filter.test(spec)) {
                rows.add(List.of(spec.id().toString(), Location.display(workingDirectory, spec.context()),
                        String.valueOf(spec.enabled()), spec.manager().id(), spec.distrobox(),
                        String.valueOf(spec.assemble())));
            }
        }
        return align(rows);
    }

    public static List<String> align(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                line.append(c == row.size() - 1 ? row.get(c) : String.format("%-" + widths[c] + "s  ", row.get(c)));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
