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

    /** ocisictl's columns; with a PLATFORM column after IMAGE when the hierarchy names platforms. */
    public static List<String> render(HierarchyGraph graph, Selection selection, Path workingDirectory) {
        boolean platforms = graph.images().stream().anyMatch(n -> n.spec().hasPlatforms());
        List<List<String>> rows = new ArrayList<>();
        rows.add(platforms ? withPlatform(HEADER, "PLATFORM") : HEADER);
        for (ImageNode node : graph.images()) {
            ImageSpec spec = node.spec();
            if (selection.filter.test(spec)) {
                List<String> row = List.of(
                        spec.id().toString(),
                        Location.display(workingDirectory, spec.context()),
                        String.valueOf(spec.enabled()),
                        String.join(
                                "+", spec.managers().stream().map(Manager::id).toList()),
                        spec.distrobox(),
                        String.valueOf(spec.assemble()));
                rows.add(platforms ? withPlatform(row, spec.platform().toString()) : row);
            }
        }
        return TextTable.align(rows);
    }

    private static List<String> withPlatform(List<String> row, String platform) {
        List<String> all = new ArrayList<>(row);
        all.add(1, platform);
        return List.copyOf(all);
    }
}
