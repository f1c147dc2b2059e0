package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.process.ProcessRunner;
import dev.ocisi.core.process.TestRunners;
import dev.ocisi.core.registry.ImageSignatures;
import dev.ocisi.core.registry.Referrers;
import dev.ocisi.core.registry.RegistryClient;
import dev.ocisi.core.registry.RemoteImage;
import dev.ocisi.core.sbom.Sbom;
import dev.ocisi.core.sbom.SpdxDocument;
import dev.ocisi.core.trust.CosignKeys;
import dev.ocisi.core.trust.SigningKey;
import dev.ocisi.core.trust.VerifyingKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bills of materials of a Debian hierarchy, against the images themselves and SPDX's own validator: process
 * writes one per image, each valid by SPDX's tools-java, listing exactly what {@code dpkg-query} lists in the image,
 * its "added" packages exactly the difference from its parent's; a signed push attaches each to its image in the
 * loopback registry (OCI's referrers tag), signed by the key, and a run that changed nothing attaches nothing again;
 * a rebuild that installs a newer version says what changed from the image it replaced.
 */
@EngineTest
class SbomTest {

    private static final String REGISTRY = System.getenv().getOrDefault("OCISI_TEST_REGISTRY", "localhost:5555");
    private static final String PACKAGE = "ocisi-test-pkg";
    private static final char[] PASSPHRASE = "sbom test".toCharArray();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void eachImagesSbomListsItsPackagesValidatesAndIsAttachedSigned() throws Exception {
        try (OwnStore store = OwnStore.withBase("sb");
                AptArchive archive = AptArchive.start()) {
            String id = store.testId;
            String debian = "localhost/" + id + "-debian:1";
            store.engine.tag(
                    store.engine.importRootfs(
                            TestEngines.debianRootfs(),
                            Map.of(TestEngines.TEST_LABEL, id),
                            List.of("CMD [\"/bin/bash\"]")),
                    debian);
            archive.publish(PACKAGE, "1.0");
            RegistryLocation location = RegistryLocation.parse(REGISTRY + "/" + id);
            Fixture fixture = new Fixture(dir)
                    .write(
                            "ocisictl.yaml",
                            "defaults: {path: img, enabled: true, registry: " + location + ", labels: {"
                                    + TestEngines.TEST_LABEL + ": " + id + "}}\nimages:\n"
                                    + "  - name: " + id + "-tools\n    args: {SOURCE: \"" + archive.sourceLine()
                                    + "\"}\n"
                                    + "  - name: " + id + "-leaf\n")
                    .write("img/Containerfile." + id + "-tools", AptArchive.installing(debian, PACKAGE))
                    .write(
                            "img/Containerfile." + id + "-leaf",
                            "FROM localhost/" + id + "-tools:latest\nRUN echo leaf > /leaf.txt\n");
            CosignKeys.Pair pair = CosignKeys.generate(PASSPHRASE);
            Path key = Files.writeString(dir.resolve("ocisi.key"), pair.privatePem());
            Path pub = Files.writeString(dir.resolve("ocisi.pub"), pair.publicPem());
            RegistryOptions registry =
                    RegistryOptions.NONE.withPush(true).withSigning(Optional.of(SigningKey.read(key, PASSPHRASE)));

            RecordingLog log = new RecordingLog();
            runner(store.environment, registry, log).run(Planner.plan(fixture.read(), List.of()));
            Path tools = dir.resolve("target/ocisi/sbom/" + id + "-tools.spdx.json");
            Path leaf = dir.resolve("target/ocisi/sbom/" + id + "-leaf.spdx.json");
            assertTrue(
                    log.contains("Bills of materials (SPDX 2.3) in target/ocisi/sbom: " + id + "-tools:latest "),
                    log.lines().toString());
            spdxVerify(tools);
            spdxVerify(leaf);
            String page = Files.readString(dir.resolve("target/ocisi/report.html"));
            assertTrue(page.contains("<a href=\"sbom/" + id + "-tools.spdx.json\">"), "the report links each document");

            Set<String> inDebian = dpkgQuery(store, debian);
            Set<String> inTools = dpkgQuery(store, "localhost/" + id + "-tools:latest");
            Set<String> inLeaf = dpkgQuery(store, "localhost/" + id + "-leaf:latest");
            assertTrue(inDebian.size() > 50, "a Debian root: " + inDebian.size());
            assertEquals(inTools, listed(tools, false), "the SBOM lists what dpkg-query lists");
            assertEquals(inLeaf, listed(leaf, false));
            TreeSet<String> added = new TreeSet<>(inTools);
            added.removeAll(inDebian);
            assertEquals(1, added.size(), added.toString());
            assertEquals(added, listed(tools, true), "added: the difference from the parent (the external base)");
            assertEquals(new TreeSet<>(), listed(leaf, true), "the leaf adds no package");

            RegistryClient client = RegistryClient.of(location, Optional.empty());
            VerifyingKey verifying = VerifyingKey.read(pub, "ocisi.pub");
            for (String suffix : List.of("tools", "leaf")) {
                String repository = location.repository(RegistryMachine.name(id, suffix));
                RemoteImage image = client.find(repository, "latest").orElseThrow();
                List<Referrers.Artifact> attached =
                        Referrers.find(client, repository, image.manifestDigest(), Sbom.MEDIA_TYPE);
                assertEquals(1, attached.size(), suffix);
                assertEquals(
                        Files.readString(suffix.equals("tools") ? tools : leaf),
                        new String(attached.get(0).content(), StandardCharsets.UTF_8),
                        "the registry holds the file process wrote");
                assertTrue(
                        ImageSignatures.check(
                                        client, repository, attached.get(0).manifestDigest(), verifying)
                                .valid(),
                        "the SBOM is signed by the key");
            }

            RecordingLog again = new RecordingLog();
            runner(store.environment, registry, again).run(Planner.plan(fixture.read(), List.of()));
            assertTrue(
                    again.contains("attached already, signed already by"),
                    again.lines().toString());
            String toolsRepository = location.repository(RegistryMachine.name(id, "tools"));
            assertEquals(
                    1,
                    Referrers.find(
                                    client,
                                    toolsRepository,
                                    client.find(toolsRepository, "latest")
                                            .orElseThrow()
                                            .manifestDigest(),
                                    Sbom.MEDIA_TYPE)
                            .size(),
                    "attached once after two runs");

            // a newer version of the package, built into tools: the change from the image it replaced is said, in
            // the log, the report and from the two documents process keeps
            archive.publish(PACKAGE, "2.0");
            // a step before the install, so that no cached layer holds the old version
            fixture.write(
                    "img/Containerfile." + id + "-tools",
                    AptArchive.installing(debian, PACKAGE)
                            .replaceFirst("\nARG SOURCE\n", "\nRUN echo 2 > /rebuilt\nARG SOURCE\n"));
            RecordingLog changed = new RecordingLog();
            runner(store.environment, RegistryOptions.NONE, changed).run(Planner.plan(fixture.read(), List.of()));
            String change = "1 updated: " + PACKAGE + " 1.0 -> 2.0";
            assertTrue(
                    changed.contains("Packages of " + id + "-tools:latest against the image it replaced: " + change),
                    changed.lines().toString());
            assertTrue(
                    Files.readString(dir.resolve("target/ocisi/report.html"))
                            .contains("<td>" + change.replace(">", "&gt;") + "</td>"),
                    "the report's Packages table");
            assertEquals(
                    Optional.of(change),
                    dev.ocisi.core.sbom.Sboms.changes(
                                    dir.resolve("target/ocisi/sbom"), RegistryMachine.name(id, "tools"))
                            .map(c -> c.describe()));
        }
    }

    private ProcessRunner runner(Map<String, String> environment, RegistryOptions registry, RecordingLog log) {
        return TestRunners.of(dir, environment, registry, log);
    }

    /** {@code name version architecture} of each package dpkg-query lists as installed in the image. */
    private static Set<String> dpkgQuery(OwnStore store, String image) throws Exception {
        String output = store.podmanChecked(
                "run",
                "--rm",
                "--network",
                "none",
                image,
                "dpkg-query",
                "--show",
                "--showformat",
                "${db:Status-Status} ${Package} ${Version} ${Architecture}\\n");
        TreeSet<String> packages = new TreeSet<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("installed ")) {
                packages.add(line.substring("installed ".length()).strip());
            }
        }
        return packages;
    }

    /** The same of the packages the document lists (those it says the image adds, or all), read from their purls. */
    private static Set<String> listed(Path sbom, boolean addedOnly) throws Exception {
        TreeSet<String> packages = new TreeSet<>();
        for (JsonNode p : JSON.readTree(sbom.toFile()).path("packages")) {
            String purl =
                    p.path("externalRefs").path(0).path("referenceLocator").asText();
            if (purl.isEmpty() || (addedOnly && !p.path("comment").asText().startsWith(SpdxDocument.ADDED))) {
                continue;
            }
            String arch = purl.replaceAll(".*[?&]arch=([^&]*).*", "$1");
            packages.add(p.path("name").asText() + " " + p.path("versionInfo").asText() + " " + arch);
        }
        return packages;
    }

    /** SPDX's own validator (tools-java's Verify), which the build fetched into target/spdx. */
    private static void spdxVerify(Path document) throws Exception {
        Path tools = Path.of("target/spdx/spdx-tools-java.jar");
        assertTrue(Files.isRegularFile(tools), tools + " is fetched by the build (generate-test-resources)");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-DSPDXParser.OnlyUseLocalLicenses=true",
                "-jar",
                tools.toString(),
                "Verify",
                document.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("This SPDX Document is valid."), output);
    }
}
