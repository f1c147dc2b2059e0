package dev.ocisi.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.devcontainer.Consumers;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void thePageLoadsNothingFromAnywhere() throws Exception {
        String page = HtmlReport.page(ReportSamples.input(dir));

        assertTrue(page.startsWith("<!DOCTYPE html>\n"));
        assertFalse(page.contains("<script"), "no script");
        assertFalse(page.contains("<link"), "no style sheet or font");
        assertFalse(page.contains(" src="), "no image, frame or script source");
        assertFalse(
                Pattern.compile("(href|url\\()\\s*=?\\s*\"?(https?:|//)")
                        .matcher(page)
                        .find(),
                "no link or CSS url out of the page");
        assertTrue(page.contains("<a href=\"#image-tool-dx-latest\">"), "nodes link to their details");
        assertTrue(
                page.contains("<tr id=\"image-tool-dx-latest\"><td><code>tool-dx:latest</code></td><td>podman</td>"),
                "each image with the stores that hold it");
    }

    @Test
    void textFromTheHierarchyAndTheBuildsIsEscaped() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;\nline", HtmlReport.escape("a <b> & \"c\" 'd'\nline"));
        assertEquals("colour", HtmlReport.escape("\u001b[1mcolour\u001b"), "a build's escape codes are dropped");
        assertEquals("image-ghcr-io-x-y-1-2", HtmlReport.anchor("ghcr.io/x/y:1.2"));
    }

    @Test
    void withoutLayersOrRunsThePageSaysSo() throws Exception {
        ReportInput input = ReportSamples.input(dir);
        String page = HtmlReport.page(
                new ReportInput(input.graph(), input.states(), Optional.empty(), List.of(), input.made()));

        assertTrue(page.contains("No image of the hierarchy is in the stores yet."));
        assertTrue(page.contains("No process run is recorded for this hierarchy."));
        assertEquals(5, page.split("<g class=\"node image ", -1).length - 1);
    }

    @Test
    void theBoxesAndDevContainersOfTheLeavesAreListedAStaleOneWithWhatMakesItAgain() throws Exception {
        ReportInput input = ReportSamples.input(dir);
        dev.ocisi.core.config.ImageSpec leaf = input.graph().images().stream()
                .map(n -> n.spec())
                .filter(s -> s.id().name().equals("tool-dx"))
                .findFirst()
                .orElseThrow();
        List<Consumers.Consumer> consumers = List.of(
                new Consumers.Consumer(
                        leaf,
                        Manager.PODMAN,
                        Consumers.Kind.BOX,
                        "tool-box",
                        Optional.empty(),
                        Optional.empty(),
                        "sha256:1",
                        true,
                        0),
                new Consumers.Consumer(
                        leaf,
                        Manager.DOCKER,
                        Consumers.Kind.DEVCONTAINER,
                        "quirky_euler",
                        Optional.of("/home/me/<app>"),
                        Optional.empty(),
                        "sha256:0",
                        false,
                        0));
        String page = HtmlReport.page(
                new ReportInput(input.graph(), input.states(), input.layers(), input.runs(), input.made(), consumers));
        assertTrue(page.contains("<h2 id=\"consumers\">Boxes and dev containers</h2>"));
        assertTrue(page.contains("<code>tool-box</code></td><td></td><td><span class=\"swatch\""), page);
        assertTrue(
                page.contains("an older image of the leaf: <code>devcontainer up --workspace-folder "
                        + "&#39;/home/me/&lt;app&gt;&#39; --remove-existing-container</code>"),
                page);
        assertFalse(HtmlReport.page(input).contains("id=\"consumers\""), "no section when nothing uses the leaves");
    }

    @Test
    void theFragmentForASiteHasItsStyleButNoPageOfItsOwn() throws Exception {
        String fragment = HtmlReport.fragment(ReportSamples.input(dir));

        assertFalse(fragment.contains("<html") || fragment.contains("<body") || fragment.contains("<head"));
        assertTrue(fragment.startsWith("<style>"));
        assertTrue(fragment.contains("<svg class=\"tree\""));
    }
}
