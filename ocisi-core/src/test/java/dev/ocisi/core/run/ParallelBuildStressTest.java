package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A forced rebuild of a 40-image hierarchy, two builds at a time, while another client of the same store builds and
 * removes unrelated images without pause: the situation in which podman's builds meet buildah's "layer not known"
 * race. No image may fail; each race met is a logged retry. Runs on a store of its own, never the machine's.
 */
@EngineTest
@Execution(ExecutionMode.CONCURRENT) // a store of its own: beside the other tests
class ParallelBuildStressTest {

    @TempDir
    Path dir;

    @Test
    void fortyImagesBuildTwoAtATimeWhileTheStoreChurnsAndNoneFails() throws Exception {
        try (OwnStore store = OwnStore.withBase("st")) {
            churnWhileBuilding(store);
        }
    }

    private void churnWhileBuilding(OwnStore store) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger churned = new AtomicInteger();
        Thread churn = null;
        try {
            String testId = store.testId;
            String base = store.base;
            StringBuilder yaml = new StringBuilder("defaults: {path: img, enabled: true, manager: podman}\nimages:\n");
            Fixture fixture = new Fixture(dir);
            for (int i = 0; i < 20; i++) {
                String parent = testId + "-p" + i;
                yaml.append("  - name: ")
                        .append(parent)
                        .append("\n  - name: ")
                        .append(parent)
                        .append("-c\n");
                fixture.write(
                        "img/Containerfile." + parent,
                        "FROM " + base + "\nRUN echo " + i + " > /p\n" + "RUN echo parent > /q\n");
                fixture.write(
                        "img/Containerfile." + parent + "-c",
                        "FROM localhost/" + parent + "\n" + "RUN cat /p > /c\nRUN echo child > /d\n");
            }
            fixture.write("ocisictl.yaml", yaml.toString());
            fixture.write("churn/Containerfile", "FROM " + base + "\nARG N\nRUN echo $N > /n\nRUN echo x > /x\n");
            churn = new Thread(
                    () -> {
                        for (int n = 0; !stop.get(); n++) {
                            String tag = "localhost/" + testId + "-churn:" + (n % 3);
                            try {
                                store.podman(
                                        "build",
                                        "--quiet",
                                        "--layers",
                                        "--pull=never",
                                        "--build-arg",
                                        "N=" + n,
                                        "--tag",
                                        tag,
                                        dir.resolve("churn").toString());
                                store.podman("rmi", "--force", tag);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            churned.incrementAndGet();
                        }
                    },
                    "churn");
            churn.start();
            RecordingLog log = new RecordingLog();
            BuildReport report = store.process(
                    fixture, dir.resolve("state"), log, false, 2, new BuildOptions.Force(true, java.util.Set.of()));
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
        }
    }
}
