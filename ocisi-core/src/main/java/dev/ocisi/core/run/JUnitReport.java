package dev.ocisi.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A run as a JUnit XML report (the Surefire/Ant format CI servers read): one test case per image, failed builds as
 * failures with the build's last lines, skipped images as skipped, up-to-date images as passed.
 */
public final class JUnitReport {

    private JUnitReport() {
    }

    public static void write(BuildReport report, Instant start, Path file) throws IOException {
        try {
            Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element suite = xml.createElement("testsuite");
            xml.appendChild(suite);
            suite.setAttribute("name", "ocisi.process");
            suite.setAttribute("tests", String.valueOf(report.results().size() + report.pushes().size()));
            suite.setAttribute("failures", String.valueOf(report.failed().size() + report.failedPushes().size()));
            suite.setAttribute("errors", "0");
            suite.setAttribute("skipped", String.valueOf(report.count(ImageResult.Outcome.SKIPPED)));
            suite.setAttribute("timestamp", start.toString().replaceAll("\\.\\d+Z$", "Z").replace("Z", ""));
            suite.setAttribute("time", seconds(report.results().stream().mapToLong(r -> r.duration().toMillis())
                    .sum()));
            Element properties = xml.createElement("properties");
            Element retries = xml.createElement("property");
            retries.setAttribute("name", "ocisi.retries");
            retries.setAttribute("value", String.valueOf(report.retries()));
            properties.appendChild(retries);
            // what the pulls downloaded against the pulled images' size, in bytes: a CI job can chart them
            property(xml, properties, "ocisi.downloaded", report.update().downloaded());
            property(xml, properties, "ocisi.pulledSize", report.update().size());
            suite.appendChild(properties);
            for (ImageResult result : report.results()) {
                Element test = xml.createElement("testcase");
                test.setAttribute("classname", "ocisi.images");
                test.setAttribute("name", result.image().toString());
                test.setAttribute("time", seconds(result.duration().toMillis()));
                switch (result.outcome()) {
                    case FAILED, NOT_PUBLISHED -> {
                        Element failure = xml.createElement("failure");
                        failure.setAttribute("message", BuildReport.reasonWithRetries(result));
                        failure.setAttribute("type", result.outcome() == ImageResult.Outcome.FAILED
                                ? "ImageBuildFailed" : "ImageNotPublished");
                        failure.setTextContent(String.join("\n", result.outputTail()));
                        test.appendChild(failure);
                    }
                    case SKIPPED -> {
                        Element skipped = xml.createElement("skipped");
                        skipped.setAttribute("message", result.reason());
                        test.appendChild(skipped);
                    }
                    default -> {
                        Element out = xml.createElement("system-out");
                        out.setTextContent(result.outcome() + ": " + BuildReport.reasonWithRetries(result)
                                + result.imageId().map(id -> " (" + id + ")").orElse(""));
                        test.appendChild(out);
                    }
                }
                suite.appendChild(test);
            }
            for (PushResult push : report.pushes()) {
                Element test = xml.createElement("testcase");
                test.setAttribute("classname", "ocisi.pushes");
                test.setAttribute("name", push.reference());
                test.setAttribute("time", seconds(push.duration().toMillis()));
                Element body = xml.createElement(push.status() == PushResult.Status.FAILED ? "failure" : "system-out");
                if (push.status() == PushResult.Status.FAILED) {
                    body.setAttribute("message", push.detail());
                    body.setAttribute("type", "PushFailed");
                } else {
                    body.setTextContent(push.status() + ": " + push.detail() + " (" + push.imageId() + ")");
                }
                test.appendChild(body);
                suite.appendChild(test);
            }
            Files.createDirectories(file.getParent());
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(xml), new StreamResult(file.toFile()));
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void property(Document xml, Element properties, String name, long value) {
        Element property = xml.createElement("property");
        property.setAttribute("name", name);
        property.setAttribute("value", String.valueOf(value));
        properties.appendChild(property);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
