package dev.ocisi.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, in a network namespace of its own (no network at all): loads a page and gives back its
 * DOM after load, what it logged to its console and every request the page made (from Chromium's net log: requests
 * whose isolation key is the file's, not the browser's own update checks), or takes a screenshot.
 */
final class HeadlessChromium {

    /** What a page did. */
    record Load(String dom, List<String> console, Set<String> requests) {}

    private final Path work;

    HeadlessChromium(Path work) {
        this.work = work;
    }

    static String command() {
        return Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
    }

    Load load(Path page) throws IOException, InterruptedException {
        Path netLog = work.resolve("net-log.json");
        Path stderr = work.resolve("chromium.log");
        List<String> command = base();
        command.addAll(List.of(
                "--enable-logging=stderr",
                "--v=0",
                "--log-net-log=" + netLog,
                "--virtual-time-budget=3000",
                "--dump-dom",
                page.toUri().toString()));
        Process process =
                new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        finish(process, stderr);
        // the page's own console messages: Chromium's own pages (chrome://) log some when there is no network
        List<String> console = Files.readAllLines(stderr).stream()
                .filter(l -> l.contains(":CONSOLE") && l.contains("source: file://"))
                .toList();
        Set<String> requests = new LinkedHashSet<>();
        for (JsonNode event : new ObjectMapper().readTree(netLog.toFile()).path("events")) {
            JsonNode params = event.path("params");
            String url = params.path("url").asText("");
            if (!url.isEmpty()
                    && !url.startsWith("file:")
                    && params.path("network_isolation_key").asText("").contains("file://")) {
                requests.add(url);
            }
        }
        return new Load(dom, console, requests);
    }

    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Path stderr = work.resolve("chromium-screenshot.log");
        List<String> command = base();
        command.addAll(List.of(
                "--hide-scrollbars",
                "--window-size=" + width + "," + height,
                "--screenshot=" + png,
                page.toUri().toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(stderr.toFile())
                .start();
        finish(process, stderr);
    }

    private List<String> base() {
        // --map-root-user: a network namespace for a user too; --no-sandbox: Chromium's sandbox refuses root
        return new ArrayList<>(List.of(
                "unshare",
                "--map-root-user",
                "--net",
                command(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--user-data-dir=" + work.resolve("profile")));
    }

    private static void finish(Process process, Path log) throws IOException, InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 90 s: " + Files.readString(log));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("chromium failed (exit " + process.exitValue() + "; install it with "
                    + "`apt-get install chromium`, as scripts/setup-machine.sh does): " + Files.readString(log));
        }
    }
}
