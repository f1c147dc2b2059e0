package dev.ocisi.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.PodmanCliEngine;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.Planner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forced rebuild of a 40-image hierarchy, two builds at a time, while another client of the same store builds and
 * removes unrelated images without pause: the situation in which podman's builds meet buildah's "layer not known"
 * race. No image may fail; each race met is a logged retry. Runs on a store of its own, never the machine's.
 */
class ParallelBuildStressTest {

    @TempDir
    Path dir;

    @Test
    void fortyImagesBuildTwoAtATimeWhileTheStoreChurnsAndNoneFails() throws Exception {
        Path storeFolder = TestEngines.scratchFolder("ocisi-store-");
        Map<String, String> environment = TestEngines.throwawayStore(storeFolder);
        String testId = TestEngines.uniqueName("st");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger churned = new AtomicInteger();
        Thread churn = null;
        try {
            PodmanCliEngine engine = TestEngines.podmanCli(environment);
            String base = "localhost/" + testId + "-base:1";
            engine.tag(engine.importRootfs(TestEngines.busyboxRootfs(), Map.of(), List.of("CMD [\"/bin/sh\"]")),
                    base);
            StringBuilder yaml = new StringBuilder("defaults: {path: img, enabled: true, manager: podman}\nimages:\n");
            Fixture fixture = new Fixture(dir);
            for (int i = 0; i < 20; i++) {
                String parent = testId + "-p" + i;
                yaml.append("  - name: ").append(parent).append("\n  - name: ").append(parent).append("-c\n");
                fixture.write("img/Containerfile." + parent, "FROM " + base + "\nRUN echo " + i + " > /p\n"
                        + "RUN echo parent > /q\n");
                fixture.write("img/Containerfile." + parent + "-c", "FROM localhost/" + parent + "\n"
                        + "RUN cat /p > /c\nRUN echo child > /d\n");
            }
            fixture.write("ocisictl.yaml", yaml.toString());
            fixture.write("churn/Containerfile", "FROM " + base + "\nARG N\nRUN echo $N > /n\nRUN echo x > /x\n");
            churn = new Thread(() -> {
                for (int n = 0; !stop.get(); n++) {
                    String tag = "localhost/" + testId + "-churn:" + (n % 3);
                    run(environment, "podman", "build", "--quiet", "--layers", "--pull=never", "--build-arg",
                            "N=" + n, "--tag", tag, dir.resolve("churn").toString());
                    run(environment, "podman", "rmi", "--force", tag);
                    churned.incrementAndGet();
                }
            }, "churn");
            churn.start();
            RecordingLog log = new RecordingLog();
            BuildReport report;
            try (Engines engines = new Engines(EngineSettings.defaults(), environment, log)) {
                report = new HierarchyBuilder(engines, new BuildOptions(false, false, false, false, true,
                        dir.resolve("state"), Duration.ofSeconds(5), 2, new BuildOptions.Force(true, java.util.Set.of())),
                        HierarchyBuildContract.USER, log).build(Planner.plan(fixture.read(), List.of()),
                        List.of(fixture.path("ocisictl.yaml")));
            }
            stop.set(true);
            churn.join();
            System.out.println("stress: 40 images, " + churned.get() + " unrelated images built and removed meanwhile, "
                    + report.retries() + " builds started again after podman's layer race");
            assertEquals(List.of(), report.failed(), String.join("\n", report.table()));
            assertEquals(40, report.count(ImageResult.Outcome.BUILT));
        } finally {
            stop.set(true);
            if (churn != null) {
                churn.join();
            }
            TestEngines.removeStore(environment, storeFolder);
        }
    }

    private static void run(Map<String, String> environment, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getInputStream().readAllBytes();
            process.waitFor();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
