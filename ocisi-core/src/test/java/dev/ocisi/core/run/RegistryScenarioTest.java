package dev.ocisi.core.run;

import static dev.ocisi.core.run.RegistryMachine.ids;
import static dev.ocisi.core.run.RegistryMachine.leaf;
import static dev.ocisi.core.run.RegistryMachine.name;
import static dev.ocisi.core.run.RegistryMachine.pushStatuses;
import static dev.ocisi.core.run.RegistryMachine.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.registry.RegistryClient;
import dev.ocisi.core.registry.RegistryLog;
import dev.ocisi.core.registry.RemoteImage;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The registry between two machines, for real: machine A (a podman store of its own, its own state folder, its own
 * checkout) builds a hierarchy (a root made from a pinned tarball, a middle image, a leaf) and pushes it to the test
 * registry; machine B, with an empty store, another state folder and a checkout at another path, builds nothing and
 * pulls it all with A's ids; B changes the leaf, builds exactly it and pushes it; A, given the same change, pulls
 * exactly the leaf, downloading the leaf's own layers and nothing more (as the registry's log counts them); a build
 * that fails on B pushes nothing and moves no tag. B is a second podman store (CLI), podman's API service, and
 * dockerd.
 */
@EngineTest
class RegistryScenarioTest {

    private static final String REGISTRY = System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555");

    @Test
    void anotherPodmanStoreThroughTheCli() throws Exception {
        try (OwnStore a = OwnStore.withBase("rs-a");
                OwnStore b = OwnStore.withBase("rs-b")) {
            scenario(
                    a,
                    a.testId,
                    () -> new Engines(EngineSettings.defaults(), b.environment, new RecordingLog()),
                    "podman",
                    () -> {});
        }
    }

    @Test
    void podmansApiService() throws Exception {
        try (OwnStore a = OwnStore.withBase("rs-api")) {
            EngineSettings api = EngineSettings.defaults().withAccess(EngineSettings.PodmanAccess.API);
            ContainerEngine service = TestEngines.dockerApiOnPodman();
            try {
                scenario(
                        a,
                        a.testId,
                        () -> new Engines(api, System.getenv(), new RecordingLog()),
                        "podman",
                        () -> TestEngines.removeTestImages(service, a.testId));
            } finally {
                service.close();
            }
        }
    }

    @Test
    void dockerdConsumesWhatPodmanPushed() throws Exception {
        try (OwnStore a = OwnStore.withBase("rs-docker")) {
            ContainerEngine dockerd = TestEngines.dockerApiOnDockerd();
            try {
                scenario(
                        a,
                        a.testId,
                        () -> new Engines(EngineSettings.defaults(), System.getenv(), new RecordingLog()),
                        "docker",
                        () -> TestEngines.removeTestImages(dockerd, a.testId));
            } finally {
                dockerd.close();
            }
        }
    }

    interface Cleanup {
        void run() throws Exception;
    }

    private void scenario(OwnStore storeA, String id, Supplier<Engines> enginesB, String managerB, Cleanup cleanupB)
            throws Exception {
        RegistryLocation location = RegistryLocation.parse(REGISTRY + "/" + id);
        RegistryClient registry = RegistryClient.of(location, Optional.empty());
        RegistryLog log = RegistryLog.ofTestRegistry();
        Path tarball = TestEngines.busyboxRootfs();
        RegistryMachine a = RegistryMachine.of(
                new Engines(EngineSettings.defaults(), storeA.environment, new RecordingLog()),
                id,
                "podman",
                location,
                tarball);
        RegistryMachine b = RegistryMachine.of(enginesB.get(), id, managerB, location, tarball);
        try {
            assertFalse(a.checkout().dir().equals(b.checkout().dir()));
            BuildReport built = a.process(true);
            assertEquals(3, built.count(ImageResult.Outcome.BUILT), built.summary());
            assertEquals(
                    3,
                    built.pushes().stream()
                            .filter(p -> p.status() == PushResult.Status.PUSHED)
                            .count(),
                    built.pushes().toString());
            Map<ImageName, String> idsOnA = ids(built);

            long beforeB = log.mark();
            BuildReport pulled = b.process(false);
            assertEquals(0, pulled.count(ImageResult.Outcome.BUILT), "B builds nothing: " + pulled.summary());
            assertEquals(3, pulled.count(ImageResult.Outcome.PULLED), pulled.summary());
            assertEquals(idsOnA, ids(pulled), "B's images are A's, id for id");
            assertEquals(
                    layerBlobs(registry, location, id, "root", "mid", "leaf"),
                    Set.copyOf(layerDigests(registry, location, id, "leaf")),
                    "the leaf holds every layer");
            assertEquals(
                    log.blobBytesServedSince(beforeB, layerDigests(registry, location, id, "leaf")),
                    pulled.update().downloaded(),
                    "the update size is what the registry served");
            assertTrue(pulled.update().downloaded() > 0, "the leaf's own layer at least was downloaded");
            assertTrue(pulled.summary().contains("3 pulled ("), pulled.summary());

            String leafBefore = registry.find(location.repository(name(id, "leaf")), "latest")
                    .orElseThrow()
                    .manifestDigest();
            b.checkout().write("img/Containerfile." + id + "-leaf", leaf(id, "v2"));
            BuildReport changed = b.process(true);
            assertEquals(1, changed.count(ImageResult.Outcome.BUILT), changed.summary());
            assertEquals(ImageResult.Outcome.BUILT, result(changed, id, "leaf").outcome());
            assertEquals(2, changed.count(ImageResult.Outcome.UP_TO_DATE), changed.summary());
            String newLeaf = result(changed, id, "leaf").imageId().orElseThrow();
            assertEquals(
                    Map.of(
                            "leaf",
                            PushResult.Status.PUSHED,
                            "mid",
                            PushResult.Status.ALREADY_THERE,
                            "root",
                            PushResult.Status.ALREADY_THERE),
                    pushStatuses(changed, id));
            RemoteImage published = registry.find(location.repository(name(id, "leaf")), "latest")
                    .orElseThrow();
            assertEquals(newLeaf, published.id(), "the leaf's tag in the registry names B's new leaf");
            assertFalse(published.manifestDigest().equals(leafBefore));

            a.checkout().write("img/Containerfile." + id + "-leaf", leaf(id, "v2"));
            long beforeA = log.mark();
            BuildReport update = a.process(false);
            assertEquals(1, update.count(ImageResult.Outcome.PULLED), update.summary());
            assertEquals(ImageResult.Outcome.PULLED, result(update, id, "leaf").outcome());
            assertEquals(0, update.count(ImageResult.Outcome.BUILT), update.summary());
            assertEquals(newLeaf, result(update, id, "leaf").imageId().orElseThrow());
            // the leaf's own layers: those whose content the middle image does not have (B may have compressed the
            // shared ones anew, under other digests, when it pushed)
            Set<String> midContent =
                    registry.find(location.repository(name(id, "mid")), "latest").orElseThrow().layers().stream()
                            .map(RemoteImage.RemoteLayer::diffId)
                            .collect(Collectors.toSet());
            Set<String> leafOwn = published.layers().stream()
                    .filter(l -> !midContent.contains(l.diffId()))
                    .map(RemoteImage.RemoteLayer::digest)
                    .collect(Collectors.toSet());
            long leafOwnBytes = published.layers().stream()
                    .filter(l -> leafOwn.contains(l.digest()))
                    .mapToLong(RemoteImage.RemoteLayer::size)
                    .sum();
            assertEquals(1, leafOwn.size(), "one RUN step: " + published.layers());
            assertEquals(
                    leafOwnBytes,
                    update.update().downloaded(),
                    "A downloads the leaf's own layers: " + update.update().describe());
            assertEquals(leafOwnBytes, log.blobBytesServedSince(beforeA, leafOwn), "as the registry served them");
            assertTrue(
                    result(update, id, "leaf").reason().contains("pulled from " + location + ": same inputs"),
                    result(update, id, "leaf").reason());

            long beforeFailure = log.mark();
            b.checkout()
                    .write(
                            "img/Containerfile." + id + "-leaf",
                            "FROM localhost/" + id + "-mid:latest\n" + "RUN echo broken && false\n");
            BuildReport failed = b.process(true);
            assertEquals(ImageResult.Outcome.FAILED, result(failed, id, "leaf").outcome());
            assertFalse(pushStatuses(failed, id).containsKey("leaf"), "a failed build pushes nothing");
            assertEquals(
                    published.manifestDigest(),
                    registry.find(location.repository(name(id, "leaf")), "latest")
                            .orElseThrow()
                            .manifestDigest(),
                    "the leaf's tag in the registry did not move");
            assertEquals(0, log.uploadsSince(beforeFailure, id), "nothing was uploaded: the others were there already");
        } finally {
            cleanupB.run();
            a.engines().close();
            b.engines().close();
        }
    }

    private static List<String> layerDigests(
            RegistryClient registry, RegistryLocation location, String id, String suffix) throws Exception {
        return registry.find(location.repository(name(id, suffix)), "latest").orElseThrow().layers().stream()
                .map(RemoteImage.RemoteLayer::digest)
                .toList();
    }

    private static Set<String> layerBlobs(
            RegistryClient registry, RegistryLocation location, String id, String... suffixes) throws Exception {
        Set<String> all = new HashSet<>();
        for (String suffix : suffixes) {
            all.addAll(layerDigests(registry, location, id, suffix));
        }
        return all;
    }
}
