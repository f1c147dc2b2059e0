package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.bases.BaseLocks;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.layers.LayerReport;
import dev.ocisi.core.layers.LayerSurvey;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.registry.RegistryClient;
import dev.ocisi.core.registry.RegistryLog;
import dev.ocisi.core.registry.RemoteImage;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import dev.ocisi.core.sbom.Sbom;
import dev.ocisi.core.sbom.Sboms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * One index per image in the registry, holding each platform's image; another machine that handles its own platform
 * only pulls that platform's layers and nothing of the other's, as the registry's own log counts them.
 */
@EngineTest
class PlatformRegistryTest {

    private static final String REGISTRY = System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachImageIsOneIndexAndAnotherMachinePullsItsOwnPlatformOnly() throws Exception {
        TestEngines.PlatformRoots roots = TestEngines.amd64AndArm64Roots();
        Path own = roots.amd64();
        Path arm = roots.arm64();
        try (OwnStore a = OwnStore.withBase("pi-a");
                OwnStore b = OwnStore.withBase("pi-b")) {
            String id = a.testId;
            RegistryLocation location = RegistryLocation.parse(REGISTRY + "/" + id);
            RegistryClient registry = RegistryClient.of(location, Optional.empty());
            String yaml = "defaults: {path: img, enabled: true, manager: podman, registry: " + location
                    + ", platforms: [linux/amd64, linux/arm64], labels: {" + TestEngines.TEST_LABEL + ": " + id
                    + "}}\nimages:\n"
                    + "  - name: " + id + "-root\n"
                    + "    rootfs:\n"
                    + "      tarball: {linux/amd64: " + own + ", linux/arm64: " + arm + "}\n"
                    + "      sha256: {linux/amd64: " + Sha256.ofFile(own) + ", linux/arm64: " + Sha256.ofFile(arm)
                    + "}\n"
                    + "  - name: " + id + "-tools\n";
            String containerfile = "FROM localhost/" + id + "-root:latest\nRUN uname -m > /arch\n";
            Fixture checkoutA = new Fixture(TestEngines.scratchFolder("ocisi-checkout-"))
                    .write("ocisictl.yaml", yaml)
                    .write("img/Containerfile." + id + "-tools", containerfile);
            Fixture checkoutB = new Fixture(TestEngines.scratchFolder("ocisi-checkout-"))
                    .write("ocisictl.yaml", yaml)
                    .write("img/Containerfile." + id + "-tools", containerfile);

            BuildReport built = process(a, checkoutA.read(), TestEngines.scratchFolder("ocisi-state-"), true);
            assertEquals(4, built.count(ImageResult.Outcome.BUILT), built.summary());
            assertEquals(
                    4,
                    built.pushes().stream()
                            .filter(p -> p.status() == PushResult.Status.PUSHED)
                            .count(),
                    built.pushes().toString());

            String repository = location.repository(RegistryMachine.name(id, "tools"));
            JsonNode index = JSON.readTree(
                    registry.manifest(repository, "latest", ACCEPT_INDEX).orElseThrow());
            Map<String, String> architectures = new TreeMap<>();
            List<String> armLayers = new ArrayList<>();
            List<String> amdLayers = new ArrayList<>();
            for (JsonNode entry : index.path("manifests")) {
                String platform = entry.path("platform").path("os").asText() + "/"
                        + entry.path("platform").path("architecture").asText();
                RemoteImage image =
                        registry.find(repository, entry.path("digest").asText()).orElseThrow();
                JsonNode config = JSON.readTree(registry.blob(repository, image.id()));
                architectures.put(
                        platform,
                        config.path("os").asText() + "/"
                                + config.path("architecture").asText());
                image.layers().forEach(l -> (platform.endsWith("arm64") ? armLayers : amdLayers).add(l.digest()));
            }
            assertEquals(
                    Map.of("linux/amd64", "linux/amd64", "linux/arm64", "linux/arm64"),
                    architectures,
                    "one entry per platform, each naming that platform's image: " + index);
            String indexDigest = registry.digest(repository, "latest").orElseThrow();
            assertTrue(
                    built.pushes().stream()
                            .anyMatch(p -> p.detail().contains("latest's index now holds it")
                                    && p.detail().contains(indexDigest)),
                    "the push names the index's digest, what pins every platform's image: " + built.pushes());

            // machine B handles its own platform only: it pulls root and tools for amd64, nothing of arm64's
            RegistryLog log = RegistryLog.ofTestRegistry();
            long mark = log.mark();
            HierarchyGraph ownOnly = checkoutB.read().withPlatforms(List.of(Platform.machine()));
            BuildReport pulled = process(b, ownOnly, TestEngines.scratchFolder("ocisi-state-"), false);
            assertEquals(2, pulled.count(ImageResult.Outcome.PULLED), pulled.summary());
            assertEquals(2, pulled.results().size(), pulled.summary());
            assertEquals(0, log.blobBytesServedSince(mark, armLayers), "nothing of arm64's layers was downloaded");
            assertEquals(
                    log.blobBytesServedSince(mark, amdLayers),
                    pulled.update().downloaded(),
                    "the update size is what the registry served: amd64's layers");
            assertTrue(pulled.update().downloaded() > 0);
            assertEquals("x86_64", b.runIn(id + "-tools:latest", "cat", "/arch"));

            // handling every platform, B pulls arm64's images too, which run here under QEMU
            BuildReport all = process(b, checkoutB.read(), TestEngines.scratchFolder("ocisi-state-"), false);
            assertEquals(2, all.count(ImageResult.Outcome.PULLED), all.summary());
            assertEquals(2, all.count(ImageResult.Outcome.UP_TO_DATE), all.summary());
            assertEquals("aarch64", b.runIn(id + "-tools:latest-arm64", "cat", "/arch"));

            // plain podman gets the platform it asks for from the index
            String reference = location.reference(RegistryMachine.name(id, "tools"), "latest");
            b.podmanChecked("pull", "--tls-verify=false", "--platform", "linux/arm64", reference);
            assertEquals(
                    "linux/arm64",
                    b.podmanChecked("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", reference)
                            .strip());

            BuildReport again = process(a, checkoutA.read(), TestEngines.scratchFolder("ocisi-state-"), true);
            assertTrue(
                    again.pushes().stream()
                            .allMatch(p -> p.status() == PushResult.Status.ALREADY_THERE
                                    && p.detail().contains("index holds it already")),
                    again.pushes().toString());

            // a hierarchy built on that index as a base from outside it: each platform's image of the base is the
            // one its build uses, and the base's name keeps this machine's image
            String base = location.reference(RegistryMachine.name(id, "root"), "latest");
            HierarchyGraph consumer = new Fixture(TestEngines.scratchFolder("ocisi-checkout-"))
                    .write(
                            "ocisictl.yaml",
                            "defaults: {path: img, enabled: true, manager: podman, platforms: [linux/amd64,"
                                    + " linux/arm64], labels: {" + TestEngines.TEST_LABEL + ": " + id + "}}\n"
                                    + "images:\n  - name: " + id + "-consumer\n")
                    .write("img/Containerfile." + id + "-consumer", "FROM " + base + "\nRUN uname -m > /arch\n")
                    .read();
            BuildReport onBase = process(b, consumer, TestEngines.scratchFolder("ocisi-state-"), false);
            assertEquals(2, onBase.count(ImageResult.Outcome.BUILT), onBase.summary());
            assertEquals("x86_64", b.runIn(id + "-consumer:latest", "cat", "/arch"));
            assertEquals("aarch64", b.runIn(id + "-consumer:latest-arm64", "cat", "/arch"));
            assertEquals("linux/arm64", b.platformOf(id + "-consumer:latest-arm64"));
            assertEquals(
                    Platform.machine().toString(),
                    b.podmanChecked("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", base)
                            .strip(),
                    "the base's name keeps this machine's image");
            // arm64's bill of materials names arm64's base as its parent, not the image under the base's name
            String armBase = b.podmanChecked(
                            "image",
                            "inspect",
                            "--format",
                            "{{.Id}}",
                            location.host() + "/" + location.repository(RegistryMachine.name(id, "root")) + "@"
                                    + registry.platformDigest(
                                            location.repository(RegistryMachine.name(id, "root")),
                                            "latest",
                                            Platform.parse("linux/arm64").orElseThrow()))
                    .strip();
            ImageName armConsumer = new ImageName(id + "-consumer", "latest-arm64");
            try (Engines engines = new Engines(EngineSettings.defaults(), b.environment, new RecordingLog())) {
                Sbom sbom = new Sboms(consumer, engines, TestEngines.scratchFolder("ocisi-state-"))
                        .of(
                                consumer.node(armConsumer).spec(),
                                onBase.results().stream()
                                        .filter(r -> r.image().equals(armConsumer))
                                        .findFirst()
                                        .flatMap(ImageResult::imageId)
                                        .orElseThrow())
                        .orElseThrow();
                assertTrue(sbom.json().contains(armBase.replace("sha256:", "")), sbom.json());
                // and list -Dlayers says what arm64's image takes from arm64's base
                LayerReport layers = LayerSurvey.of(consumer, engines, new RecordingLog());
                LayerReport.ImageLayers consumerLayers = layers.images().stream()
                        .filter(i -> i.image().equals(armConsumer.toString()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(layers.images().toString()));
                assertTrue(
                        consumerLayers.groups().stream()
                                .anyMatch(g -> g.origin() == LayerReport.Origin.BASE
                                        && g.from().equals(base + " (linux/arm64)")
                                        && g.bytes() > 0),
                        consumerLayers.toString());
            }

            // the tag moves to an index with another arm64 image: every platform stays on the base it has until
            // -Docisi.pull, and then only what changed is built again
            String rootRepository = location.repository(RegistryMachine.name(id, "root"));
            String amd64Root = location.host() + "/" + rootRepository + "@"
                    + registry.platformDigest(rootRepository, "latest", Platform.machine());
            String movedArm = location.host() + "/" + rootRepository + ":moved-arm64";
            b.podmanChecked("push", "--tls-verify=false", "localhost/" + id + "-consumer:latest-arm64", movedArm);
            String list = "localhost/" + id + "-moved-list";
            b.podmanChecked("manifest", "create", list);
            b.podmanChecked("manifest", "add", "--tls-verify=false", list, "docker://" + amd64Root);
            b.podmanChecked("manifest", "add", "--tls-verify=false", list, "docker://" + movedArm);
            b.podmanChecked("manifest", "push", "--all", "--tls-verify=false", list, "docker://" + base);
            BuildReport kept = process(b, consumer, TestEngines.scratchFolder("ocisi-state-"), false, false);
            assertEquals(2, kept.count(ImageResult.Outcome.UP_TO_DATE), kept.summary());
            BuildReport refreshed = process(b, consumer, TestEngines.scratchFolder("ocisi-state-"), false, true);
            assertEquals(1, refreshed.count(ImageResult.Outcome.BUILT), refreshed.summary());
            assertEquals(1, refreshed.count(ImageResult.Outcome.UP_TO_DATE), refreshed.summary());
            assertEquals("aarch64", b.runIn(id + "-consumer:latest-arm64", "cat", "/arch"));

            // pinned, the base is pinned to the index, so that every platform's build finds its image
            List<BaseLocks.Change> pins;
            try (Engines engines = new Engines(EngineSettings.defaults(), b.environment, new RecordingLog())) {
                pins = BaseLocks.lock(Planner.plan(consumer, List.of()), engines, false, new RecordingLog());
            }
            assertEquals(
                    registry.digest(rootRepository, "latest").orElseThrow(),
                    pins.get(0).after().orElseThrow().digest(),
                    pins.toString());
            // and without the base under its name, the pin brings back each platform's image
            b.podmanChecked("untag", base, base);
            BuildReport pinned = process(b, consumer, TestEngines.scratchFolder("ocisi-state-"), false);
            assertEquals(2, pinned.count(ImageResult.Outcome.UP_TO_DATE), pinned.summary());
            assertEquals(
                    Platform.machine().toString(),
                    b.podmanChecked("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", base)
                            .strip());
        }
    }

    private static final String ACCEPT_INDEX =
            "application/vnd.oci.image.index.v1+json, " + "application/vnd.docker.distribution.manifest.list.v2+json";

    private static BuildReport process(OwnStore store, HierarchyGraph graph, Path state, boolean push)
            throws Exception {
        return process(store, graph, state, push, false);
    }

    private static BuildReport process(OwnStore store, HierarchyGraph graph, Path state, boolean push, boolean pull)
            throws Exception {
        try (Engines engines = new Engines(EngineSettings.defaults(), store.environment, new RecordingLog())) {
            return new Scheduler(
                            engines,
                            BuildOptions.in(state)
                                    .lockWait(Duration.ofSeconds(5))
                                    .pull(pull)
                                    .registry(RegistryOptions.NONE.withPush(push))
                                    .build(),
                            HierarchyBuildContract.USER,
                            new RecordingLog())
                    .build(Planner.plan(graph, List.of()));
        }
    }
}
