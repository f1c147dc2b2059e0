package dev.ocisi.core.report;

import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A run as a JUnit XML report (the Surefire/Ant format CI servers read): one test case per image, failed builds as
 * failures with the build's last lines, skipped images as skipped, up-to-date images as passed.
 *
 * <p>Written as a stream: a DOM and a Transformer cost a tenth of a second of class loading in every run, which a
 * no-op run feels.
 */
public final class JUnitReport {

    private JUnitReport() {}

    /**
     * A test case beyond the builds and pushes, such as a VM's smoke test.
     *
     * @param failure the failure's message, or empty when it passed
     * @param output  the failure's details, or what the test printed
     */
    public record TestCase(
            String classname, String name, Duration time, Optional<String> failure, String type, String output) {}

    public static void write(BuildReport report, Instant start, Path file) throws IOException {
        write(report, List.of(), start, file);
    }

    public static void write(BuildReport report, List<TestCase> more, Instant start, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Xml xml = new Xml(XMLOutputFactory.newFactory().createXMLStreamWriter(out));
            xml.out.writeStartDocument("UTF-8", "1.0");
            xml.out.writeCharacters("\n");
            xml.start(0, "testsuite");
            xml.attribute("name", "ocisi.process");
            xml.attribute(
                    "tests",
                    String.valueOf(report.results().size() + report.pushes().size() + more.size()));
            xml.attribute(
                    "failures",
                    String.valueOf(report.failed().size()
                            + report.failedPushes().size()
                            + more.stream().filter(c -> c.failure().isPresent()).count()));
            xml.attribute("errors", "0");
            xml.attribute("skipped", String.valueOf(report.count(ImageResult.Outcome.SKIPPED)));
            xml.attribute(
                    "timestamp", start.toString().replaceAll("\\.\\d+Z$", "Z").replace("Z", ""));
            xml.attribute(
                    "time",
                    seconds(report.results().stream()
                                    .mapToLong(r -> r.duration().toMillis())
                                    .sum()
                            + more.stream().mapToLong(c -> c.time().toMillis()).sum()));
            xml.children();
            xml.start(1, "properties");
            xml.children();
            property(xml, "ocisi.retries", report.retries());
            // what the pulls downloaded against the pulled images' size, in bytes: a CI job can chart them
            property(xml, "ocisi.downloaded", report.update().downloaded());
            property(xml, "ocisi.pulledSize", report.update().size());
            xml.end(1);
            for (ImageResult result : report.results()) {
                xml.start(1, "testcase");
                xml.attribute("classname", "ocisi.images");
                xml.attribute("name", result.image().toString());
                xml.attribute("time", seconds(result.duration().toMillis()));
                xml.children();
                switch (result.outcome()) {
                    case FAILED, NOT_PUBLISHED -> {
                        xml.start(2, "failure");
                        xml.attribute("message", BuildReport.reasonWithRetries(result));
                        xml.attribute(
                                "type",
                                result.outcome() == ImageResult.Outcome.FAILED
                                        ? "ImageBuildFailed"
                                        : "ImageNotPublished");
                        xml.text(String.join("\n", result.outputTail()));
                        xml.endInline();
                    }
                    case SKIPPED -> {
                        xml.empty(2, "skipped");
                        xml.attribute("message", result.reason());
                        xml.children();
                    }
                    default -> {
                        xml.start(2, "system-out");
                        xml.text(result.outcome() + ": " + BuildReport.reasonWithRetries(result)
                                + result.imageId().map(id -> " (" + id + ")").orElse(""));
                        xml.endInline();
                    }
                }
                xml.end(1);
            }
            for (PushResult push : report.pushes()) {
                xml.start(1, "testcase");
                xml.attribute("classname", "ocisi.pushes");
                xml.attribute("name", push.reference());
                xml.attribute("time", seconds(push.duration().toMillis()));
                xml.children();
                if (push.status() == PushResult.Status.FAILED) {
                    xml.start(2, "failure");
                    xml.attribute("message", push.detail());
                    xml.attribute("type", "PushFailed");
                } else {
                    xml.start(2, "system-out");
                    xml.text(push.status() + ": " + push.detail() + " (" + push.imageId() + ")");
                }
                xml.endInline();
                xml.end(1);
            }
            for (TestCase test : more) {
                xml.start(1, "testcase");
                xml.attribute("classname", test.classname());
                xml.attribute("name", test.name());
                xml.attribute("time", seconds(test.time().toMillis()));
                xml.children();
                if (test.failure().isPresent()) {
                    xml.start(2, "failure");
                    xml.attribute("message", test.failure().get());
                    xml.attribute("type", test.type());
                } else {
                    xml.start(2, "system-out");
                }
                xml.text(test.output());
                xml.endInline();
                xml.end(1);
            }
            xml.end(0);
            xml.out.writeEndDocument();
            xml.out.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void property(Xml xml, String name, long value) throws XMLStreamException {
        xml.empty(2, "property");
        xml.attribute("name", name);
        xml.attribute("value", String.valueOf(value));
        xml.children();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** Indented elements, and text without the characters XML 1.0 cannot carry (a build's colour codes). */
    private record Xml(XMLStreamWriter out) {

        void start(int depth, String name) throws XMLStreamException {
            out.writeCharacters("  ".repeat(depth));
            out.writeStartElement(name);
        }

        /** An element without content ({@code <property .../>}); its attributes follow, then {@link #children()}. */
        void empty(int depth, String name) throws XMLStreamException {
            out.writeCharacters("  ".repeat(depth));
            out.writeEmptyElement(name);
        }

        void attribute(String name, String value) throws XMLStreamException {
            out.writeAttribute(name, xmlChars(value));
        }

        void text(String value) throws XMLStreamException {
            out.writeCharacters(xmlChars(value));
        }

        /** Ends the start tag's line (or an empty element's): the element's children follow, one a line. */
        void children() throws XMLStreamException {
            out.writeCharacters("\n");
        }

        /** Closes an element opened on the line just written. */
        void endInline() throws XMLStreamException {
            out.writeEndElement();
            out.writeCharacters("\n");
        }

        void end(int depth) throws XMLStreamException {
            out.writeCharacters("  ".repeat(depth));
            out.writeEndElement();
            out.writeCharacters("\n");
        }

        private static String xmlChars(String value) {
            StringBuilder kept = new StringBuilder(value.length());
            value.codePoints()
                    .filter(c -> c == '\t'
                            || c == '\n'
                            || c == '\r'
                            || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000)
                    .forEach(kept::appendCodePoint);
            return kept.toString();
        }
    }
}
