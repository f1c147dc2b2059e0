package dev.ocisi.core.layers;

import dev.ocisi.core.engine.Layer;
import dev.ocisi.core.log.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The layer report as text: each image's layers by origin with {@code ---} between groups, then the summary. */
public final class LayerView {

    private LayerView() {}

    public static List<String> render(LayerReport report) {
        List<String> lines = new ArrayList<>();
        for (LayerReport.ImageLayers image : report.images()) {
            lines.add(image.image() + ": own " + size(image.own()) + ", inherited " + size(image.inherited()));
            for (int g = 0; g < image.groups().size(); g++) {
                LayerReport.Group group = image.groups().get(g);
                if (g > 0) {
                    lines.add("  ---");
                }
                lines.add("  "
                        + switch (group.origin()) {
                            case BASE -> "from the base " + group.from();
                            case ANCESTOR -> "from " + group.from();
                            case OWN -> "its own";
                        }
                        + " (" + size(group.bytes()) + ")");
                for (Layer layer : group.layers()) {
                    lines.add(String.format("    %s  %10s", shortDigest(layer.digest()), size(layer.size())));
                }
            }
        }
        lines.add("");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("IMAGE", "OWN", "INHERITED", "TOTAL"));
        for (LayerReport.ImageLayers image : report.images()) {
            rows.add(List.of(
                    image.image().toString(),
                    size(image.own()),
                    size(image.inherited()),
                    size(image.own() + image.inherited())));
        }
        lines.addAll(TextTable.align(rows));
        if (!report.shared().isEmpty()) {
            lines.add("");
            List<List<String>> shared = new ArrayList<>();
            shared.add(List.of("SHARED LAYER", "SIZE", "IMAGES"));
            for (LayerReport.SharedLayer layer : report.shared()) {
                shared.add(List.of(
                        shortDigest(layer.digest()),
                        size(layer.size()),
                        String.valueOf(layer.images().size())));
            }
            lines.addAll(TextTable.align(shared));
        }
        lines.add("");
        double percent = report.standalone() == 0 ? 0 : 100.0 * report.saved() / report.standalone();
        lines.add("On disk: " + size(report.onDisk()) + "; standing alone the images would take "
                + size(report.standalone()) + "; sharing saves " + size(report.saved())
                + String.format(Locale.ROOT, " (%.0f%%)", percent));
        return lines;
    }

    /** Bytes as podman and docker show them: decimal units. */
    public static String size(long bytes) {
        return TextTable.bytes(bytes);
    }

    private static String shortDigest(String digest) {
        String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        return "sha256:" + hex.substring(0, Math.min(12, hex.length()));
    }
}
