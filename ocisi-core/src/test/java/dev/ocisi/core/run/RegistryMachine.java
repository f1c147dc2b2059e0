package dev.ocisi.core.run;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One machine of a registry test: its engines (a store of its own, or a service), its own ocisi state folder, and its
 * own checkout of a three-image hierarchy (a root made from the pinned busybox tarball, a middle image, a leaf) that
 * publishes to a registry location.
 */
record RegistryMachine(Engines engines, Path state, Fixture checkout, String manager) {

    BuildReport process(boolean push) throws Exception {
        return process(RegistryOptions.NONE.withPush(push), new RecordingLog());
    }

    /** {@code process} of the checkout on this machine. */
    BuildReport process(RegistryOptions registry, RecordingLog log) throws Exception {
        return new Scheduler(
                        engines,
                        BuildOptions.in(state)
                                .lockWait(Duration.ofSeconds(5))
                                .registry(registry)
                                .build(),
                        HierarchyBuildContract.USER,
                        log)
                .build(Planner.plan(checkout.read(), List.of()));
    }

    static RegistryMachine of(Engines engines, String id, String manager, RegistryLocation location, Path tarball)
            throws Exception {
        Fixture checkout = new Fixture(TestEngines.scratchFolder("ocisi-checkout-"));
        Files.copy(tarball, checkout.dir().resolve("busybox.tar"));
        checkout.write(
                "ocisictl.yaml",
                "defaults: {path: img, enabled: true, manager: " + manager + ", registry: "
                        + location + ", labels: {" + TestEngines.TEST_LABEL + ": " + id + "}}\n"
                        + "images:\n"
                        + "  - name: " + id + "-root\n"
                        + "    rootfs: {tarball: busybox.tar, sha256: " + Sha256.ofFile(tarball) + "}\n"
                        + "  - name: " + id + "-mid\n"
                        + "  - name: " + id + "-leaf\n");
        checkout.write(
                "img/Containerfile." + id + "-mid",
                "FROM localhost/" + id + "-root:latest\n" + "RUN echo mid > /mid.txt\n");
        checkout.write("img/Containerfile." + id + "-leaf", leaf(id, "v1"));
        return new RegistryMachine(engines, TestEngines.scratchFolder("ocisi-state-"), checkout, manager);
    }

    static String leaf(String id, String version) {
        return "FROM localhost/" + id + "-mid:latest\nRUN echo " + version + " > /leaf.txt\n";
    }

    static ImageName name(String id, String suffix) {
        return new ImageName(id + "-" + suffix, "latest");
    }

    static ImageResult result(BuildReport report, String id, String suffix) {
        return report.results().stream()
                .filter(r -> r.image().equals(name(id, suffix)))
                .findFirst()
                .orElseThrow();
    }

    static Map<ImageName, String> ids(BuildReport report) {
        return report.results().stream()
                .collect(Collectors.toMap(ImageResult::image, r -> r.imageId().orElse("")));
    }

    static Map<String, PushResult.Status> pushStatuses(BuildReport report, String id) {
        return report.pushes().stream()
                .collect(Collectors.toMap(p -> p.image().name().substring(id.length() + 1), PushResult::status));
    }
}
