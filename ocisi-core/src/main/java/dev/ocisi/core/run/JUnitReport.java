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
            suite.setAttribute("tests", String.valueOf(report.results().size()));
            suite.setAttribute("failures", String.valueOf(report.failed().size()));
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
            suite.appendChild(properties);
            for (ImageResult result : report.results()) {
                Element test = xml.createElement("testcase");
                test.setAttribute("classname", "ocisi.images");
                test.setAttribute("name", result.image().toString());
                test.setAttribute("time", seconds(result.duration().toMillis()));
                switch (result.outcome()) {
                    case FAILED -> {
                        Element failure = xml.createElement("failure");
                        failure.setAttribute("message", BuildReport.reasonWithRetries(result));
                        failure.setAttribute("type", "ImageBuildFailed");
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
            Files.createDirectories(file.getParent());
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(xml), new StreamResult(file.toFile()));
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
