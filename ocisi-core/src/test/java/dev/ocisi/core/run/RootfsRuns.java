package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.result.BuildReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the tests of bases (root filesystems, pinned bases) share: a process run, a versioned busybox, a file read. */
final class RootfsRuns {

    private RootfsRuns() {}

    /** {@code process} of the fixture's ocisictl.yaml, on the engines it names, as {@code user}. */
    static BuildReport process(Fixture fixture, Path state, RecordingLog log, boolean pull, RunUser user)
            throws Exception {
        return process(fixture, state, log, pull, user, System.getenv());
    }

    /** The same in the image store {@code environment} names. */
    static BuildReport process(
            Fixture fixture, Path state, RecordingLog log, boolean pull, RunUser user, Map<String, String> environment)
            throws Exception {
        try (Engines engines = new Engines(EngineSettings.defaults(), environment, log)) {
            return new Scheduler(
                            engines,
                            BuildOptions.in(state)
                                    .pull(pull)
                                    .lockWait(Duration.ofSeconds(5))
                                    .parallel(2)
                                    .build(),
                            user,
                            log)
                    .build(Planner.plan(fixture.read(), List.of()));
        }
    }

    /** busybox with /etc/version holding {@code version}, as a plain tarball in {@code dir}. */
    static Path busyboxTarball(Path dir, String version) throws Exception {
        Path tarball = dir.resolve("busybox-" + version + ".tar");
        Files.copy(TestEngines.busyboxRootfs(), tarball);
        Path extra = Files.createDirectories(dir.resolve("extra-" + version + "/etc"));
        Files.writeString(extra.resolve("version"), version);
        run(List.of(
                "tar",
                "--append",
                "--file",
                tarball.toString(),
                "--directory",
                extra.getParent().toString(),
                "./etc/version"));
        return tarball;
    }

    /** A file of the image's filesystem, read from an export (the same on every engine). */
    static String fileOf(ContainerEngine engine, String image, String path) throws Exception {
        Path tar = Files.createTempFile("ocisi-export-", ".tar");
        try {
            engine.exportFilesystem(image, tar);
            Process read =
                    new ProcessBuilder("tar", "--extract", "--to-stdout", "--file", tar.toString(), path).start();
            String text = new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, read.waitFor(), "tar reads " + path + " from the export of " + image);
            return text;
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    static String reason(BuildReport report, ImageName image) {
        return report.results().stream()
                .filter(r -> r.image().equals(image))
                .findFirst()
                .orElseThrow()
                .reason();
    }

    static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }
}
