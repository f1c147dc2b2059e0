package dev.ocisi.maven;

import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.OcisiException;
import dev.ocisi.core.report.HtmlReport;
import dev.ocisi.core.report.ReportInput;
import dev.ocisi.core.report.ReportMaker;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;

/**
 * The report without building: the hierarchy drawn with its stale images, the layers each image owns and shares, the
 * last run's timeline and the recent runs, as {@code process} writes it after a run. Run as a goal, it writes
 * {@code report.html} in the output folder, one self-contained page that loads nothing (offline, from a CI job's
 * artifacts); listed in a project's {@code <reporting>}, {@code mvn site} gets the same content as its page
 * {@code ocisi.html}.
 */
// not an aggregator: a site runs aggregating reports only in a reactor's root, never in a project of its own
@Mojo(name = "report", defaultPhase = LifecyclePhase.SITE, requiresProject = false, threadSafe = true)
public class ReportMojo extends AbstractOcisiMojo implements MavenReport {

    private File siteFolder;

    @Override
    void run(Log log) throws OcisiException {
        Path page = ReportMaker.write(gather(log), outputDirectory(), log);
        log.info("Report: " + Location.display(workingDirectory(), page));
    }

    private ReportInput gather(Log log) throws OcisiException {
        HierarchyGraph hierarchy = readHierarchy(log);
        return ReportMaker.fromStores(hierarchy, engineSettings(), System.getenv(), stateOptions(), log);
    }

    /** The site's page: the report's content in the site's own page, the style with it. */
    @Override
    public void generate(Sink sink, Locale locale) throws MavenReportException {
        if (skip) {
            return;
        }
        String fragment;
        try {
            fragment = HtmlReport.fragment(gather(new MavenLog(getLog())));
        } catch (OcisiException e) {
            throw new MavenReportException(MojoErrors.translate(e).getMessage(), e);
        }
        sink.head();
        sink.title();
        sink.text(getName(locale));
        sink.title_();
        sink.head_();
        sink.body();
        sink.rawText(fragment);
        sink.body_();
        sink.flush();
    }

    /** The page's name; Maven 3's site plugin asks this (MavenReport deprecates it for its path, which it derives). */
    @Override
    @SuppressWarnings("deprecation")
    public String getOutputName() {
        return "ocisi";
    }

    @Override
    public String getCategoryName() {
        return CATEGORY_PROJECT_REPORTS;
    }

    @Override
    public String getName(Locale locale) {
        return "ocisi images";
    }

    @Override
    public String getDescription(Locale locale) {
        return "The image hierarchy, the layers its images share, and its last builds.";
    }

    @Override
    public void setReportOutputDirectory(File folder) {
        siteFolder = folder;
    }

    @Override
    public File getReportOutputDirectory() {
        return siteFolder;
    }

    @Override
    public boolean isExternalReport() {
        return false;
    }

    @Override
    public boolean canGenerateReport() {
        return !skip;
    }
}
