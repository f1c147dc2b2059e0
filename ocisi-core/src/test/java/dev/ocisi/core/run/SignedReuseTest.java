package dev.ocisi.core.run;

import static dev.ocisi.core.run.RegistryMachine.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.publish.PushResult;
import dev.ocisi.core.registry.InputsTag;
import dev.ocisi.core.registry.RegistryClient;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import dev.ocisi.core.trust.CosignKeys;
import dev.ocisi.core.trust.SigningKey;
import dev.ocisi.core.trust.VerifyingKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack the issue tried, and what signing stops of it: machine A publishes a signed three-image hierarchy;
 * someone who can push to the registry puts an image of their own (built on A's, so with every ocisi label) under the
 * middle image's inputs tag. A machine that reuses by inputs alone takes it (the attack is real); one with A's public
 * key does not use it and builds the image instead, and with -Docisi.pullOnly fails on it, naming why; the images A
 * signed it pulls.
 */
@EngineTest
class SignedReuseTest {

    private static final String REGISTRY = System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555");
    private static final char[] PASSPHRASE = "nightly".toCharArray();

    @TempDir
    Path dir;

    @Test
    void anImageSomeoneElsePushedUnderTheInputsTagIsNotUsedAndTheSignedOnesAre() throws Exception {
        CosignKeys.Pair pair = CosignKeys.generate(PASSPHRASE);
        Path key = Files.writeString(dir.resolve("ocisi.key"), pair.privatePem());
        Path pub = Files.writeString(dir.resolve("ocisi.pub"), pair.publicPem());
        try (OwnStore a = OwnStore.withBase("sr-a");
                OwnStore trusting = OwnStore.withBase("sr-t");
                OwnStore verifying = OwnStore.withBase("sr-v")) {
            String id = a.testId;
            RegistryLocation location = RegistryLocation.parse(REGISTRY + "/" + id);
            Path tarball = TestEngines.busyboxRootfs();
            RegistryMachine machineA = RegistryMachine.of(engines(a), id, "podman", location, tarball);
            BuildReport published = machineA.process(
                    RegistryOptions.NONE.withPush(true).withSigning(Optional.of(SigningKey.read(key, PASSPHRASE))),
                    new RecordingLog());
            assertEquals(3, published.count(ImageResult.Outcome.BUILT), published.summary());
            for (PushResult push : published.pushes()) {
                assertEquals(PushResult.Status.PUSHED, push.status(), push.toString());
                assertTrue(push.detail().contains("; signed with " + key), push.detail());
            }

            // the attack: an image of someone else's under mid's inputs tag
            RegistryClient client = RegistryClient.of(location, Optional.empty());
            String midRepository = location.repository(RegistryMachine.name(id, "mid"));
            String inputsTag = InputsTag.of(
                    client.find(midRepository, "latest").orElseThrow().labels().get(OcisiLabels.INPUT_DIGEST));
            String forged = REGISTRY + "/" + midRepository + ":" + inputsTag;
            Path context = Files.createDirectories(dir.resolve("forged"));
            Files.writeString(
                    context.resolve("Containerfile"),
                    "FROM localhost/" + id + "-mid:latest\nRUN echo attacker-was-here > /pwned\n");
            a.podmanChecked("build", "--quiet", "--tag", forged, context.toString());
            a.podmanChecked("push", "--tls-verify=false", forged);

            // reuse by inputs alone takes it: the attack is real
            RegistryMachine byInputs = RegistryMachine.of(engines(trusting), id, "podman", location, tarball);
            BuildReport taken = byInputs.process(RegistryOptions.NONE, new RecordingLog());
            assertEquals(ImageResult.Outcome.PULLED, result(taken, id, "mid").outcome(), taken.summary());
            assertEquals(
                    "attacker-was-here\n",
                    trusting.podmanChecked("run", "--rm", "localhost/" + id + "-mid:latest", "cat", "/pwned"));

            // with A's public key it is not used: built here instead; what A signed is pulled
            VerifyingKey aKey = VerifyingKey.read(pub, "ocisi.pub");
            RegistryMachine byKey = RegistryMachine.of(engines(verifying), id, "podman", location, tarball);
            RecordingLog log = new RecordingLog();
            BuildReport checked = byKey.process(RegistryOptions.NONE.withVerifying(Optional.of(aKey)), log);
            assertEquals(ImageResult.Outcome.PULLED, result(checked, id, "root").outcome(), checked.summary());
            assertEquals(ImageResult.Outcome.BUILT, result(checked, id, "mid").outcome(), checked.summary());
            String notUsed =
                    location.reference(RegistryMachine.name(id, "mid"), inputsTag) + " is not used: no signature";
            assertTrue(log.lines().contains("WARN " + id + "-mid:latest: " + notUsed), String.join("\n", log.lines()));
            assertEquals(
                    1,
                    verifying
                            .podman("run", "--rm", "localhost/" + id + "-mid:latest", "cat", "/pwned")
                            .exit(),
                    "the image built here has no /pwned");

            // -Docisi.pullOnly: the forged image is no way out; the run fails on it, naming why
            try (OwnStore pullOnly = OwnStore.withBase("sr-p")) {
                RegistryMachine onlyPulls = RegistryMachine.of(engines(pullOnly), id, "podman", location, tarball);
                BuildReport refused = onlyPulls.process(
                        RegistryOptions.NONE.withPullOnly(true).withVerifying(Optional.of(aKey)), new RecordingLog());
                ImageResult mid = result(refused, id, "mid");
                assertEquals(ImageResult.Outcome.NOT_PUBLISHED, mid.outcome(), refused.summary());
                assertTrue(mid.reason().contains(notUsed), mid.reason());
                assertEquals(
                        ImageResult.Outcome.PULLED, result(refused, id, "root").outcome(), refused.summary());
            }
        }
    }

    private static Engines engines(OwnStore store) {
        return new Engines(EngineSettings.defaults(), store.environment, new RecordingLog());
    }
}
