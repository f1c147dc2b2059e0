package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.problem.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** ocisictl's {@code list} tables, as aligned text: one row per image, in build order. */
public final class ImageTable {

    /** Which rows: ocisictl's {@code -a} (to assemble), {@code -e} (enabled), or all of them. */
    @SuppressWarnings("ImmutableEnumChecker") // a method reference or a lambda of no state: nothing to change
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

    private ImageTable() {}

    public static List<String> render(HierarchyGraph graph, Selection selection, Path workingDirectory) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ImageNode node : graph.images()) {
            ImageSpec spec = node.spec();
            if (selection.filter.test(spec)) {
                rows.add(List.of(
                        spec.id().toString(),
                        Location.display(workingDirectory, spec.context()),
                        String.valueOf(spec.enabled()),
                        String.join(
                                "+", spec.managers().stream().map(Manager::id).toList()),
                        spec.distrobox(),
                        String.valueOf(spec.assemble())));
            }
        }
        return TextTable.align(rows);
    }
}
