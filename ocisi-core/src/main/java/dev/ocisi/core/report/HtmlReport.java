package dev.ocisi.core.report;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.devcontainer.Consumers;
import dev.ocisi.core.graph.ImageNode;
import dev.ocisi.core.history.RunHistory;
import dev.ocisi.core.layers.LayerReport;
import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.sbom.Sbom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The page: HTML with inline CSS and SVG only. No script, font, image or style sheet is loaded from anywhere, so it
 * works offline, from a CI job's artifacts and inside a Maven site; what a script would show on hover is in SVG
 * titles and HTML title attributes, which browsers show by themselves.
 */
public final class HtmlReport {

    static final int ROW = 30;
    static final int BOX_HEIGHT = 22;
    static final int CHAR = 7;
    static final int TIMELINE_WIDTH = 720;
    private static final String[] ANCESTOR_FILLS = {"#ffe066", "#ffa8a8", "#b2f2bb", "#d0bfff", "#ffc078", "#99e9f2"};
    private static final Pattern TERMINAL_CODES = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final ReportInput input;
    private final Map<String, ImageNode> nodes = new HashMap<>();
    private final StringBuilder html = new StringBuilder();

    private HtmlReport(ReportInput input) {
        this.input = input;
        input.graph().images().forEach(n -> nodes.put(n.id().toString(), n));
    }

    /** The whole page, {@code <!DOCTYPE html>} to {@code </html>}. */
    public static String page(ReportInput input) {
        HtmlReport report = new HtmlReport(input);
        report.html
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>ocisi report: ")
                .append(escape(report.title()))
                .append("</title>\n<style>")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        report.body();
        return report.html.append("</body>\n</html>\n").toString();
    }

    /**
     * The page's content without its head and body tags, for a page that has its own (a Maven site's): the style is
     * kept in a {@code <style>} element, which browsers apply anywhere in a body.
     */
    public static String fragment(ReportInput input) {
        HtmlReport report = new HtmlReport(input);
        report.html.append("<style>").append(STYLE).append("</style>\n<div class=\"ocisi-report\">\n");
        report.body();
        return report.html.append("</div>\n").toString();
    }

    private String title() {
        return String.join(
                ", ",
                input.graph().files().stream()
                        .map(p -> p.getFileName().toString())
                        .toList());
    }

    private void body() {
        html.append("<h1>ocisi: ")
                .append(escape(title()))
                .append("</h1>\n<p class=\"made\">")
                .append(input.graph().images().size())
                .append(" images; made ")
                .append(TIME.format(input.made()))
                .append("</p>\n");
        hierarchy();
        sharing();
        lastRun();
        recentRuns();
        details();
        consumers();
        packages();
    }

    /** Each image's bill of materials, beside the page: how many packages, how many it adds, the document. */
    private void packages() {
        if (input.sboms().isEmpty()) {
            return;
        }
        html.append("<h2 id=\"packages\">Packages</h2>\n<table class=\"images packages\"><tr><th>image</th>"
                + "<th>packages</th><th>added over its parent</th><th>changed from the image before</th>"
                + "<th>bill of materials (SPDX 2.3)</th></tr>\n");
        for (Sbom sbom : input.sboms()) {
            String link = ReportMaker.SBOM_FOLDER + "/" + sbom.image().fileName() + ".spdx.json";
            html.append("<tr><td><a href=\"#")
                    .append(anchor(sbom.image().toString()))
                    .append("\"><code>")
                    .append(escape(sbom.image().toString()))
                    .append("</code></a></td><td>")
                    .append(sbom.known() ? String.valueOf(sbom.packages()) : "no package database")
                    .append("</td><td>")
                    .append(sbom.parent()
                            .filter(parent -> sbom.known())
                            .map(parent -> sbom.added() + " over <code>" + escape(parent) + "</code>")
                            .orElse(""))
                    .append("</td><td>")
                    .append(Optional.ofNullable(input.packageChanges().get(sbom.image()))
                            .map(changes -> escape(changes.describe()))
                            .orElse(""))
                    .append("</td><td><a href=\"")
                    .append(escape(link))
                    .append("\">")
                    .append(escape(link))
                    .append("</a></td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** What uses the leaves: a box or dev container on an older image of its leaf, with what makes it again. */
    private void consumers() {
        if (input.consumers().isEmpty()) {
            return;
        }
        html.append(
                "<h2 id=\"consumers\">Boxes and dev containers</h2>\n<table class=\"images consumers\"><tr><th>leaf</th>"
                        + "<th>store</th><th>what</th><th>name</th><th>project</th><th>image</th><th>adds</th></tr>\n");
        for (Consumers.Consumer consumer : input.consumers()) {
            NodeState.Kind kind = consumer.current() ? NodeState.Kind.CURRENT : NodeState.Kind.STALE;
            html.append("<tr><td><a href=\"#")
                    .append(anchor(consumer.leaf().id().toString()))
                    .append("\"><code>")
                    .append(escape(consumer.leaf().id().toString()))
                    .append("</code></a></td><td>")
                    .append(consumer.store())
                    .append("</td><td>")
                    .append(consumer.kind())
                    .append("</td><td><code>")
                    .append(escape(consumer.name()))
                    .append("</code></td><td>")
                    .append(escape(consumer.folder().orElse("")))
                    .append("</td><td><span class=\"swatch\" style=\"")
                    .append("background:")
                    .append(kind.fill())
                    .append("\"></span>")
                    .append(
                            consumer.current()
                                    ? "current"
                                    : "an older image of the leaf: <code>" + escape(consumer.recreate()) + "</code>")
                    .append("</td><td>")
                    .append(TextTable.bytes(consumer.addedBytes()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void hierarchy() {
        TreeLayout layout = TreeLayout.of(input.graph());
        int longest =
                layout.nodes().stream().mapToInt(n -> n.key().length()).max().orElse(10);
        int boxWidth = longest * CHAR + 24;
        int column = boxWidth + 48;
        int width = (layout.depth() + 1) * column + 8;
        int height = Math.max(1, layout.rows()) * ROW + 8;
        html.append("<h2 id=\"hierarchy\">Hierarchy</h2>\n<p class=\"legend\">");
        for (NodeState.Kind kind : NodeState.Kind.values()) {
            html.append("<span class=\"swatch\" style=\"background:")
                    .append(kind.fill())
                    .append("\"></span>")
                    .append(kind)
                    .append(' ');
        }
        html.append("<span class=\"swatch external\"></span>external base; dotted: a stage or COPY --from</p>\n")
                .append("<div class=\"scroll\"><svg class=\"tree\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\">\n");
        Map<String, TreeLayout.Placed> byKey = new HashMap<>();
        layout.nodes().forEach(n -> byKey.put(n.key(), n));
        for (TreeLayout.Edge edge : layout.edges()) {
            TreeLayout.Placed from = byKey.get(edge.from());
            TreeLayout.Placed to = byKey.get(edge.to());
            if (from == null || to == null) {
                continue;
            }
            double x1 = from.column() * column + 4 + boxWidth;
            double y1 = y(from.row());
            // an edge to a column not right of its start (a COPY --from within one column) ends at the right side
            boolean back = to.column() <= from.column();
            double x2 = to.column() * column + 4 + (back ? boxWidth : 0);
            double y2 = y(to.row());
            double bend = back ? Math.max(x1, x2) + 24 : (x1 + x2) / 2;
            html.append("<path class=\"edge")
                    .append(edge.dotted() ? " dotted" : "")
                    .append("\" d=\"M")
                    .append(x1)
                    .append(',')
                    .append(y1)
                    .append(" C")
                    .append(bend)
                    .append(',')
                    .append(y1)
                    .append(' ')
                    .append(bend)
                    .append(',')
                    .append(y2)
                    .append(' ')
                    .append(x2)
                    .append(',')
                    .append(y2)
                    .append("\"/>\n");
        }
        for (TreeLayout.Placed node : layout.nodes()) {
            double x = node.column() * column + 4;
            double top = y(node.row()) - BOX_HEIGHT / 2.0;
            if (node.external()) {
                html.append("<g class=\"node external\"><title>external base ")
                        .append(escape(node.key()))
                        .append("</title><rect x=\"")
                        .append(x)
                        .append("\" y=\"")
                        .append(top)
                        .append("\" width=\"")
                        .append(boxWidth)
                        .append("\" height=\"")
                        .append(BOX_HEIGHT)
                        .append("\" rx=\"11\" fill=\"#e7f5ff\"/>");
            } else {
                NodeState state = state(node.key());
                html.append("<a href=\"#")
                        .append(anchor(node.key()))
                        .append("\"><g class=\"node image ")
                        .append(state.kind())
                        .append("\" data-image=\"")
                        .append(escape(node.key()))
                        .append("\"><title>")
                        .append(escape(node.key()))
                        .append(": ")
                        .append(state.kind())
                        .append(" (")
                        .append(escape(state.text()))
                        .append(")</title><rect x=\"")
                        .append(x)
                        .append("\" y=\"")
                        .append(top)
                        .append("\" width=\"")
                        .append(boxWidth)
                        .append("\" height=\"")
                        .append(BOX_HEIGHT)
                        .append("\" rx=\"4\" fill=\"")
                        .append(state.kind().fill())
                        .append("\"/>");
            }
            html.append("<text x=\"")
                    .append(x + 8)
                    .append("\" y=\"")
                    .append(y(node.row()) + 4)
                    .append("\">")
                    .append(escape(node.key()))
                    .append("</text></g>")
                    .append(node.external() ? "" : "</a>")
                    .append('\n');
        }
        html.append("</svg></div>\n");
    }

    private static double y(double row) {
        return row * ROW + ROW / 2.0 + 4;
    }

    private NodeState state(String image) {
        return Optional.ofNullable(nodes.get(image))
                .map(n -> input.states()
                        .getOrDefault(
                                n.id(),
                                n.spec().enabled()
                                        ? new NodeState(NodeState.Kind.UNKNOWN, "not checked")
                                        : new NodeState(NodeState.Kind.DISABLED, "disabled")))
                .orElse(new NodeState(NodeState.Kind.UNKNOWN, "not checked"));
    }

    private void sharing() {
        html.append("<h2 id=\"layers\">Layers: owned and shared</h2>\n");
        Optional<LayerReport> layers = input.layers();
        if (layers.isEmpty() || layers.get().images().isEmpty()) {
            html.append("<p>No image of the hierarchy is in the stores yet.</p>\n");
            return;
        }
        LayerReport report = layers.get();
        long saved = report.saved();
        html.append("<p class=\"totals\">On disk <b>")
                .append(TextTable.bytes(report.onDisk()))
                .append("</b>; standing alone the images would take <b>")
                .append(TextTable.bytes(report.standalone()))
                .append("</b>; sharing saves <b class=\"saved\">")
                .append(TextTable.bytes(saved))
                .append(" (")
                .append(percent(saved, report.standalone()))
                .append(")</b>.</p>\n<div class=\"bars\">\n");
        SharingBars bars = SharingBars.of(report);
        Map<String, String> ancestorFills = new HashMap<>();
        for (SharingBars.ImageBar image : bars.images()) {
            html.append("<div class=\"bar-row\"><a class=\"bar-name\" href=\"#")
                    .append(anchor(image.image()))
                    .append("\">")
                    .append(escape(image.image()))
                    .append("</a><div class=\"bar\" data-image=\"")
                    .append(escape(image.image()))
                    .append("\">");
            for (SharingBars.Segment segment : image.segments()) {
                String fill = switch (segment.origin()) {
                    case BASE -> "#adb5bd";
                    case OWN -> "#4dabf7";
                    case ANCESTOR ->
                        ancestorFills.computeIfAbsent(
                                segment.from(), k -> ANCESTOR_FILLS[ancestorFills.size() % ANCESTOR_FILLS.length]);
                };
                String what = segment.origin() == LayerReport.Origin.OWN ? "its own layers" : "from " + segment.from();
                html.append("<span class=\"segment ")
                        .append(segment.origin().name().toLowerCase(Locale.ROOT))
                        .append("\" style=\"width:")
                        .append(String.format(Locale.ROOT, "%.3f", bars.percent(segment.bytes())))
                        .append("%;background:")
                        .append(fill)
                        .append("\" title=\"")
                        .append(escape(what + ": " + TextTable.bytes(segment.bytes())))
                        .append("\"></span>");
            }
            html.append("</div><span class=\"bar-size\">own ")
                    .append(TextTable.bytes(image.own()))
                    .append(", inherited ")
                    .append(TextTable.bytes(image.inherited()))
                    .append("</span></div>\n");
        }
        html.append("</div>\n<p class=\"legend\"><span class=\"swatch\" style=\"background:#adb5bd\"></span>external "
                + "base <span class=\"swatch\" style=\"background:#ffe066\"></span>an ancestor (one colour each) "
                + "<span class=\"swatch\" style=\"background:#4dabf7\"></span>own layers</p>\n");
        if (!report.shared().isEmpty()) {
            html.append("<details><summary>")
                    .append(report.shared().size())
                    .append(" shared layers</summary><table><tr><th>layer</th><th>size</th><th>held by</th></tr>\n");
            for (LayerReport.SharedLayer layer : report.shared()) {
                html.append("<tr><td><code>")
                        .append(escape(shortDigest(layer.digest())))
                        .append("</code></td><td>")
                        .append(TextTable.bytes(layer.size()))
                        .append("</td><td>")
                        .append(escape(String.join(", ", layer.images())))
                        .append("</td></tr>\n");
            }
            html.append("</table></details>\n");
        }
    }

    private void lastRun() {
        html.append("<h2 id=\"last-run\">Last run</h2>\n");
        if (input.runs().isEmpty()) {
            html.append("<p>No process run is recorded for this hierarchy.</p>\n");
            return;
        }
        RunHistory.RunRecord run = input.runs().get(0);
        html.append("<p>Run <code>")
                .append(escape(run.id()))
                .append("</code>: ")
                .append(status(run))
                .append(", started ")
                .append(escape(TIME.format(Instant.parse(run.start()))))
                .append(run.duration()
                        .map(d -> ", took " + TextTable.seconds(d))
                        .orElse(""))
                .append(": ")
                .append(escape(run.counts()))
                .append(run.reason().isEmpty() ? "" : " (" + escape(run.reason()) + ")")
                .append(".</p>\n");
        Optional<Timeline> timeline = Timeline.of(run);
        if (timeline.isEmpty()) {
            html.append("<p>This run was recorded before the steps' times were.</p>\n");
            return;
        }
        Timeline t = timeline.get();
        int label = t.bars().stream().mapToInt(b -> b.image().length()).max().orElse(10) * CHAR + 70;
        int height = t.bars().size() * ROW + 30;
        double scale = (double) TIMELINE_WIDTH / t.spanMillis();
        html.append("<div class=\"scroll\"><svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(label + TIMELINE_WIDTH + 60)
                .append("\" height=\"")
                .append(height)
                .append("\">\n");
        for (int tick = 0; tick <= 4; tick++) {
            double x = label + tick * TIMELINE_WIDTH / 4.0;
            html.append("<line class=\"tick\" x1=\"")
                    .append(x)
                    .append("\" y1=\"0\" x2=\"")
                    .append(x)
                    .append("\" y2=\"")
                    .append(height - 20)
                    .append("\"/><text class=\"tick-label\" x=\"")
                    .append(x)
                    .append("\" y=\"")
                    .append(height - 6)
                    .append("\">")
                    .append(TextTable.seconds(Duration.ofMillis(t.spanMillis() * tick / 4)))
                    .append("</text>\n");
        }
        int row = 0;
        for (Timeline.Bar bar : t.bars()) {
            double top = row * ROW + 4;
            double x = label + bar.fromMillis() * scale;
            double width = Math.max(2, (bar.toMillis() - bar.fromMillis()) * scale);
            String result = bar.result().replace(' ', '-');
            html.append("<g class=\"step ")
                    .append(result)
                    .append(bar.retries() > 0 ? " retried" : "")
                    .append("\" data-image=\"")
                    .append(escape(bar.image()))
                    .append("\" data-lane=\"")
                    .append(bar.lane())
                    .append("\"><title>")
                    .append(escape(bar.image()))
                    .append(": ")
                    .append(escape(bar.result()))
                    .append(" on lane ")
                    .append(bar.lane() + 1)
                    .append(", ")
                    .append(TextTable.seconds(Duration.ofMillis(bar.fromMillis())))
                    .append(" to ")
                    .append(TextTable.seconds(Duration.ofMillis(bar.toMillis())))
                    .append(" (")
                    .append(escape(bar.reason()))
                    .append(')')
                    .append(bar.retries() > 0 ? "; retried " + bar.retries() + " times" : "")
                    .append(bar.error().isEmpty() ? "" : "\n" + escape(lastLines(bar.error(), 12)))
                    .append("</title><text x=\"4\" y=\"")
                    .append(top + 15)
                    .append("\">")
                    .append(escape(bar.image()))
                    .append("</text><text class=\"lane\" x=\"")
                    .append(label - 8)
                    .append("\" y=\"")
                    .append(top + 15)
                    .append("\">lane ")
                    .append(bar.lane() + 1)
                    .append("</text><rect x=\"")
                    .append(x)
                    .append("\" y=\"")
                    .append(top + 3)
                    .append("\" width=\"")
                    .append(width)
                    .append("\" height=\"")
                    .append(BOX_HEIGHT - 4)
                    .append("\" fill=\"")
                    .append(resultFill(bar.result()))
                    .append("\"/>");
            html.append("<text class=\"step-label\" x=\"")
                    .append(x + width + 4)
                    .append("\" y=\"")
                    .append(top + 15)
                    .append("\">")
                    .append(escape(bar.result()))
                    .append(bar.retries() > 0 ? ", retried " + bar.retries() + "x" : "")
                    .append("</text></g>\n");
            row++;
        }
        html.append("</svg></div>\n<p class=\"legend\">");
        for (String result : List.of("built", "pulled", "up to date", "failed", "skipped", "not published")) {
            html.append("<span class=\"swatch\" style=\"background:")
                    .append(resultFill(result))
                    .append("\"></span>")
                    .append(result)
                    .append(' ');
        }
        html.append("&mdash; ")
                .append(t.lanes())
                .append(t.lanes() == 1 ? " lane" : " lanes")
                .append(" (steps that ran at once); hover a step for its reason</p>\n");
    }

    private void recentRuns() {
        html.append("<h2 id=\"recent-runs\">Recent runs</h2>\n");
        List<RunHistory.RunRecord> runs =
                input.runs().stream().filter(r -> r.duration().isPresent()).toList();
        if (runs.isEmpty()) {
            html.append("<p>None recorded.</p>\n");
            return;
        }
        long longest = Math.max(
                1,
                runs.stream()
                        .mapToLong(r -> r.duration().get().toMillis())
                        .max()
                        .orElse(1));
        int width = 14;
        int height = 120;
        html.append("<div class=\"scroll\"><svg class=\"runs\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(runs.size() * (width + 4) + 80)
                .append("\" height=\"")
                .append(height + 24)
                .append("\">\n")
                .append("<text class=\"tick-label\" x=\"0\" y=\"12\">")
                .append(TextTable.seconds(Duration.ofMillis(longest)))
                .append("</text>\n");
        for (int i = 0; i < runs.size(); i++) {
            RunHistory.RunRecord run = runs.get(runs.size() - 1 - i); // oldest left, so a slowing nightly rises
            long millis = run.duration().get().toMillis();
            double bar = Math.max(2, (double) millis / longest * height);
            html.append("<g class=\"run ")
                    .append(status(run))
                    .append("\"><title>")
                    .append(escape(run.id()))
                    .append(": ")
                    .append(status(run))
                    .append(", started ")
                    .append(escape(TIME.format(Instant.parse(run.start()))))
                    .append(", took ")
                    .append(TextTable.seconds(Duration.ofMillis(millis)))
                    .append(": ")
                    .append(escape(run.counts()))
                    .append("</title><rect x=\"")
                    .append(70 + i * (width + 4))
                    .append("\" y=\"")
                    .append(height - bar + 4)
                    .append("\" width=\"")
                    .append(width)
                    .append("\" height=\"")
                    .append(bar)
                    .append("\" fill=\"")
                    .append(runFill(run.status()))
                    .append("\"/></g>\n");
        }
        html.append("</svg></div>\n<p class=\"legend\">Oldest left, newest right; height: the run's duration. ")
                .append("<span class=\"swatch\" style=\"background:")
                .append(runFill(RunHistory.Status.SUCCEEDED))
                .append("\"></span>succeeded <span class=\"swatch\" style=\"background:")
                .append(runFill(RunHistory.Status.FAILED))
                .append("\"></span>failed <span class=\"swatch\" ")
                .append("style=\"background:")
                .append(runFill(RunHistory.Status.INTERRUPTED))
                .append("\"></span>interrupted</p>\n");
    }

    private void details() {
        html.append(
                "<h2 id=\"images\">Images</h2>\n<table class=\"images\"><tr><th>image</th><th>stores</th>"
                        + "<th>state</th><th>last run</th><th>took</th><th>downloaded</th><th>own</th><th>inherited</th></tr>\n");
        Map<String, RunHistory.ImageRecord> last = new HashMap<>();
        if (!input.runs().isEmpty()) {
            input.runs().get(0).images().forEach(i -> last.put(i.image(), i));
        }
        Map<String, LayerReport.ImageLayers> layers = new HashMap<>();
        input.layers().ifPresent(r -> r.images().forEach(i -> layers.put(i.image(), i)));
        for (ImageNode node : input.graph().images()) {
            ImageName id = node.id();
            NodeState state = state(id.toString());
            RunHistory.ImageRecord record = last.get(id.toString());
            LayerReport.ImageLayers owned = layers.get(id.toString());
            html.append("<tr id=\"")
                    .append(anchor(id.toString()))
                    .append("\"><td><code>")
                    .append(escape(id.toString()))
                    .append("</code></td><td>")
                    .append(String.join(
                            ", ",
                            node.spec().managers().stream().map(Manager::id).toList()))
                    .append("</td><td><span class=\"swatch\" style=\"background:")
                    .append(state.kind().fill())
                    .append("\"></span>")
                    .append(state.kind())
                    .append(": ")
                    .append(escape(state.text()))
                    .append("</td><td>")
                    .append(record == null ? "" : escape(record.result() + ": " + record.reason()))
                    .append("</td><td>")
                    .append(record == null ? "" : TextTable.seconds(Duration.ofMillis(record.millis())))
                    .append("</td><td>")
                    .append(
                            record == null || record.pulledSize() == 0
                                    ? ""
                                    : TextTable.bytes(record.downloaded()) + " of "
                                            + TextTable.bytes(record.pulledSize()))
                    .append("</td><td>")
                    .append(owned == null ? "" : TextTable.bytes(owned.own()))
                    .append("</td><td>")
                    .append(owned == null ? "" : TextTable.bytes(owned.inherited()))
                    .append("</td></tr>\n");
            if (record != null && record.error() != null && !record.error().isEmpty()) {
                html.append("<tr class=\"error\"><td colspan=\"8\"><details open><summary>last lines of the failed "
                                + "build</summary><pre>")
                        .append(escape(lastLines(record.error(), 30)))
                        .append("</pre></details></td></tr>\n");
            }
        }
        html.append("</table>\n");
    }

    static String resultFill(String result) {
        return switch (result) {
            case "built" -> "#4dabf7";
            case "pulled" -> "#b197fc";
            case "up to date" -> "#8ce99a";
            case "failed" -> "#fa5252";
            case "not published" -> "#ffa94d";
            default -> "#ced4da";
        };
    }

    private static String runFill(RunHistory.Status status) {
        return switch (status) {
            case SUCCEEDED -> "#69db7c";
            case FAILED -> "#fa5252";
            case INTERRUPTED -> "#ffa94d";
            case RUNNING -> "#74c0fc";
        };
    }

    private static String status(RunHistory.RunRecord run) {
        return run.status().name().toLowerCase(Locale.ROOT);
    }

    static String percent(long part, long whole) {
        return whole <= 0 ? "0%" : Math.round(100.0 * part / whole) + "%";
    }

    private static String shortDigest(String digest) {
        String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    private static String lastLines(String text, int count) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** An id for an image's row: letters, digits and dashes only, so that it needs no escaping in a link. */
    static String anchor(String image) {
        return "image-" + image.replaceAll("[^A-Za-z0-9-]", "-");
    }

    /**
     * Text for HTML and SVG content and attribute values; a terminal's colour codes (a build's output has them) and
     * other control characters than line breaks and tabs are dropped.
     */
    static String escape(String raw) {
        String text = TERMINAL_CODES.matcher(raw).replaceAll("");
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px;
            color:#212529}
            h1{font-size:1.5em;margin-bottom:0}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #dee2e6}
            .made,.legend{color:#495057;font-size:.9em}.scroll{overflow:auto;max-height:80vh;border:1px solid #f1f3f5}
            svg text{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px;
            fill:#212529}
            .tree rect{stroke:#495057;stroke-width:1}.tree .external rect{stroke-dasharray:4 3;stroke:#74c0fc}
            .tree .failed rect{stroke:#c92a2a;stroke-width:2}.tree .stale rect{stroke:#e8590c;stroke-width:2}
            .tree a:hover rect{stroke-width:3}.edge{fill:none;stroke:#868e96;stroke-width:1.2}
            .edge.dotted{stroke-dasharray:2 3}
            .swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #868e96;vertical-align:middle;
            margin:0 .25em 0 .6em}.swatch.external{background:#e7f5ff;border-style:dashed}
            .bars{max-width:1100px}.bar-row{display:flex;align-items:center;margin:3px 0}
            .bar-name{flex:0 0 20em;font-family:ui-monospace,monospace;font-size:12px;overflow:hidden;
            text-overflow:ellipsis}
            .bar{flex:1 1 auto;display:flex;height:16px;background:#f8f9fa}.segment{display:block;height:100%;
            border-right:1px solid #fff;box-sizing:border-box}
            .bar-size{flex:0 0 19em;font-size:12px;margin-left:.6em;color:#495057;white-space:nowrap}
            .saved{color:#2b8a3e}.tick{stroke:#e9ecef}.tick-label,.lane,.step-label{fill:#868e96}.lane{text-anchor:end}
            .step.retried rect{stroke:#e8590c;stroke-width:2;stroke-dasharray:3 2}
            table{border-collapse:collapse;font-size:.9em}td,th{border-bottom:1px solid #e9ecef;padding:3px 8px;
            text-align:left;vertical-align:top}td:nth-child(n+4){white-space:nowrap}tr:target{background:#fff3bf}
            pre{margin:0;font-size:12px;white-space:pre-wrap}
            """;
}
