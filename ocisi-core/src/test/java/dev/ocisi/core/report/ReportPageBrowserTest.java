package dev.ocisi.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.log.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser with no network: its parts are in the DOM after load, the failed and the stale image
 * have their colours, nothing is logged to the console and no request leaves the file. The screenshot is kept in
 * target/ as an artifact of the build.
 */
@Tag("browser")
class ReportPageBrowserTest {

    @TempDir
    Path dir;

    @Test
    void thePageShowsEveryPartOfflineWithoutAnErrorOrARequest() throws Exception {
        Path page = ReportMaker.write(ReportSamples.input(dir), dir.resolve("target/ocisi"), Log.SILENT);
        HeadlessChromium chromium = new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")));

        HeadlessChromium.Load load = chromium.load(page);

        assertEquals(List.of(), load.console());
        assertEquals(Set.of(), load.requests());
        String dom = load.dom();
        assertEquals(5, count(dom, "<g class=\"node image "), "an SVG node per image");
        assertEquals(1, count(dom, "<g class=\"node external\""), "debian:bookworm, the external base");
        assertEquals(4, count(dom, "<div class=\"bar\" "), "a bar per image in the stores");
        assertEquals(5, count(dom, "<g class=\"step "), "a timeline step per image of the last run");
        assertEquals(2, count(dom, "<g class=\"run "), "a bar per recorded run");
        assertEquals(NodeState.Kind.FAILED.fill(), fillOf(dom, "broken:latest"));
        assertEquals(NodeState.Kind.STALE.fill(), fillOf(dom, "tool-dx:latest"));
        assertEquals(NodeState.Kind.CURRENT.fill(), fillOf(dom, "base:latest"));
        assertTrue(dom.contains("sharing saves <b class=\"saved\">"), dom);
        assertTrue(
                dom.contains("Error: building at STEP \"RUN false\": exit status 1")
                        || dom.contains("Error: building at STEP &quot;RUN false&quot;: exit status 1"),
                "the failed build's" + " last lines");
        assertTrue(dom.contains("tool-dx &lt;script&gt;"), "a reason is text, never markup");

        Path screenshot = Path.of("target", "report-screenshot.png");
        chromium.screenshot(page, screenshot.toAbsolutePath(), 1200, 1400);
        byte[] png = Files.readAllBytes(screenshot);
        assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot");
    }

    @Test
    void theHarnessSeesAConsoleErrorAndARequestWhenAPageHasThem() throws Exception {
        Path page = Files.writeString(
                dir.resolve("bad.html"),
                "<!DOCTYPE html><html><body>"
                        + "<img src=\"http://example.invalid/x.png\"><script>console.error('boom')</script></body></html>");
        HeadlessChromium.Load load = new HeadlessChromium(Files.createDirectories(dir.resolve("chromium"))).load(page);

        assertEquals(1, load.console().size(), load.console().toString());
        assertTrue(load.console().get(0).contains("boom"), load.console().toString());
        assertEquals(Set.of("http://example.invalid/x.png"), load.requests());
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    /** The fill of the image's node, as the browser's DOM has it. */
    private static String fillOf(String dom, String image) {
        Matcher matcher = Pattern.compile(
                        "data-image=\"" + Pattern.quote(image) + "\"><title>[^<]*</title><rect [^>]*fill=\"([^\"]+)\"")
                .matcher(dom);
        assertTrue(matcher.find(), image + "'s node in " + dom);
        return matcher.group(1);
    }
}
