package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.registry.ImageSignatures;
import dev.ocisi.core.registry.RegistryClient;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import dev.ocisi.core.trust.CosignKeys;
import dev.ocisi.core.trust.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External bases checked against their publisher's key (the hierarchy file's verifyBases), on the loopback registry:
 * a base its publisher signed is pulled by the signed digest and built on; the store's copy is used again while its
 * digest stays signed; a base replaced under the same tag by an unsigned image is refused before anything is built,
 * naming the base, why and the key's prefix, and nothing is pulled.
 */
@EngineTest
class SignedBasesTest {

    private static final String REGISTRY = System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555");
    private static final char[] PASSPHRASE = "publisher".toCharArray();

    @TempDir
    Path dir;

    @Test
    void aBaseIsUsedOnlyWhenItsPublishersKeySignedIt() throws Exception {
        CosignKeys.Pair publisher = CosignKeys.generate(PASSPHRASE);
        Path key = Files.writeString(dir.resolve("publisher.key"), publisher.privatePem());
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/publisher.pub"), publisher.publicPem());
        try (OwnStore store = OwnStore.withBase("sbase")) {
            String id = store.testId;
            String base = REGISTRY + "/" + id + "-up/base:1";
            RegistryClient client =
                    RegistryClient.of(RegistryLocation.parse(REGISTRY + "/" + id + "-up"), Optional.empty());
            // the publisher's base, pushed and signed; this store then keeps no copy of it
            store.podmanChecked("tag", store.base, base);
            store.podmanChecked("push", "--tls-verify=false", base);
            store.podmanChecked("rmi", base);
            String signedDigest =
                    client.find(id + "-up/base", "1").orElseThrow().manifestDigest();
            ImageSignatures.sign(client, id + "-up/base", signedDigest, SigningKey.read(key, PASSPHRASE));

            Fixture fixture = new Fixture(dir)
                    .write(
                            "ocisictl.yaml",
                            "defaults:\n  path: img\n  enabled: true\n  labels: {" + TestEngines.TEST_LABEL + ": "
                                    + id + "}\n  verifyBases:\n    " + REGISTRY + "/" + id
                                    + "-up: keys/publisher.pub\nimages:\n  - name: " + id + "-child\n")
                    .write("img/Containerfile." + id + "-child", "FROM " + base + "\nRUN echo child > /child\n");

            RecordingLog log = new RecordingLog();
            BuildReport built = process(store, fixture, false, log);
            assertEquals(1, built.count(ImageResult.Outcome.BUILT), built.summary());
            assertTrue(
                    log.contains("Pulling " + REGISTRY + "/" + id + "-up/base@" + signedDigest + " (" + base
                            + ", its signature checked)"),
                    String.join("\n", log.lines()));

            // the store's copy, pulled at the signed digest, is checked again and used: nothing to build
            BuildReport again = process(store, fixture, false, new RecordingLog());
            assertEquals(1, again.count(ImageResult.Outcome.UP_TO_DATE), again.summary());

            // the publisher's registry now serves someone else's image under the same tag
            Path other = Files.createDirectories(dir.resolve("other"));
            Files.writeString(other.resolve("Containerfile"), "FROM " + store.base + "\nLABEL forged=yes\n");
            store.podmanChecked("build", "--quiet", "--tag", base, other.toString());
            store.podmanChecked("push", "--tls-verify=false", base);
            store.podmanChecked("rmi", base);
            fixture.write("img/Containerfile." + id + "-child", "FROM " + base + "\nRUN echo changed > /child\n");
            EngineException refused =
                    assertThrows(EngineException.class, () -> process(store, fixture, true, new RecordingLog()));
            assertTrue(
                    refused.getMessage()
                            .equals("base images are not signed by their publisher's key (verifyBases), so nothing "
                                    + "was built:\n" + base + " (used by " + id + "-child:latest (Containerfile." + id
                                    + "-child)) is not used: no signature (verifyBases." + REGISTRY + "/" + id
                                    + "-up)"),
                    refused.getMessage());
            assertEquals(1, store.podman("image", "exists", base).exit(), "nothing was pulled");
        }
    }

    private static BuildReport process(OwnStore store, Fixture fixture, boolean pull, RecordingLog log)
            throws Exception {
        try (Engines engines = new Engines(EngineSettings.defaults(), store.environment, log)) {
            return new Scheduler(
                            engines,
                            BuildOptions.in(fixture.dir().resolve("state"))
                                    .lockWait(Duration.ofSeconds(5))
                                    .pull(pull)
                                    .registry(RegistryOptions.NONE)
                                    .build(),
                            HierarchyBuildContract.USER,
                            log)
                    .build(Planner.plan(fixture.read(), List.of()));
        }
    }
}
