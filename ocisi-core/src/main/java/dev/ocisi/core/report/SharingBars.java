package dev.ocisi.core.report;

import dev.ocisi.core.layers.LayerReport;
import java.util.List;

/**
 * Each image's bytes as a stacked bar: what it inherits from its external base and from each ancestor, then its own,
 * all bars on one scale (the largest image's whole size).
 */
public record SharingBars(List<ImageBar> images, long scale) {

    /** One part of a bar. */
    public record Segment(LayerReport.Origin origin, String from, long bytes) {}

    public record ImageBar(String image, List<Segment> segments, long own, long inherited) {

        public ImageBar {
            segments = List.copyOf(segments);
        }

        public long total() {
            return own + inherited;
        }
    }

    public SharingBars {
        images = List.copyOf(images);
    }

    public static SharingBars of(LayerReport report) {
        List<ImageBar> bars = report.images().stream()
                .map(image -> new ImageBar(
                        image.image(),
                        image.groups().stream()
                                .filter(g -> g.bytes() > 0)
                                .map(g -> new Segment(
                                        g.origin(),
                                        g.origin() == LayerReport.Origin.OWN ? "own layers" : g.from(),
                                        g.bytes()))
                                .toList(),
                        image.own(),
                        image.inherited()))
                .toList();
        long scale = Math.max(1, bars.stream().mapToLong(ImageBar::total).max().orElse(1));
        return new SharingBars(bars, scale);
    }

    /** A part's width on the common scale, in percent of the widest bar. */
    public double percent(long bytes) {
        return 100.0 * bytes / scale;
    }
}
