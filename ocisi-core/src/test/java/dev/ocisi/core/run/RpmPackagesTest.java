package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.decision.PackageSets;
import dev.ocisi.core.engine.BuildRequest;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.PackageSet;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image whose only package database is rpm's: Debian's rpm installed from Debian's mirror, a package made by
 * rpmbuild in the build and installed with rpm, dpkg's status file removed. The podman CLI and the Docker API on dockerd
 * read its set through {@code rpm -qa} in a container of the image; a refresh with nothing new keeps the image, and
 * version 2 of the package reads as an update.
 */
@EngineTest
class RpmPackagesTest {

    /** Debian's rpm tools, in a parent that the refresh leaves alone: one apt install per engine, not one per build. */
    private static final String TOOLS = """
            FROM %s
            RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends rpm > /dev/null \\
                && rm -rf /var/lib/apt/lists/*
            """;

    private static final String CONTAINERFILE = """
            FROM %s
            ARG VERSION
            RUN mkdir -p /tmp/spec && printf 'Name: ocisi-test-rpm\\nVersion: %%s\\nRelease: 1\\nSummary: a test\\n\
            License: MIT\\nBuildArch: noarch\\n%%%%description\\na test\\n%%%%install\\n\
            mkdir -p %%%%{buildroot}/usr/share/ocisi-test-rpm\\necho %%s > %%%%{buildroot}/usr/share/ocisi-test-rpm/version\\n\
            %%%%files\\n/usr/share/ocisi-test-rpm/version\\n' "$VERSION" "$VERSION" > /tmp/spec/test.spec \\
                && rpmbuild -bb --quiet /tmp/spec/test.spec 2> /dev/null \\
                && rpm -i --nodeps /root/rpmbuild/RPMS/noarch/*.rpm 2> /dev/null \\
                && rm -rf /root/rpmbuild /tmp/spec /var/lib/dpkg/status
            """;

    @TempDir
    Path dir;

    @Test
    void podmanReadsRpmsDatabase() throws Exception {
        try (OwnStore store = OwnStore.withBase("rpm")) {
            scenario(store.testId, "podman", store.engine, store.environment);
        }
    }

    @Test
    void andDockerd() throws Exception {
        String id = TestEngines.uniqueName("rpmd");
        ContainerEngine dockerd = TestEngines.dockerApiOnDockerd();
        try {
            scenario(id, "docker", dockerd, System.getenv());
        } finally {
            TestEngines.removeTestImages(dockerd, id);
            dockerd.close();
        }
    }

    private void scenario(String id, String manager, ContainerEngine engine, Map<String, String> environment)
            throws Exception {
        String debian = "localhost/" + id + "-debian:1";
        engine.tag(
                engine.importRootfs(
                        TestEngines.debianRootfs(), Map.of(TestEngines.TEST_LABEL, id), List.of("CMD [\"/bin/bash\"]")),
                debian);
        String tools = id + "-rpmtools";
        String containerfile = CONTAINERFILE.formatted("localhost/" + tools + ":latest");
        Fixture fixture = new Fixture(dir)
                .write(
                        "ocisictl.yaml",
                        "defaults: {path: img, enabled: true, manager: "
                                + manager + ", labels: {" + TestEngines.TEST_LABEL + ": " + id
                                + "}}\nimages:\n"
                                + "  - name: " + tools + "\n"
                                + "  - name: " + id + "-rpm\n    args: {VERSION: \"1.0\"}\n    refresh: 1d\n")
                .write("img/Containerfile." + tools, TOOLS.formatted(debian))
                .write("img/Containerfile." + id + "-rpm", containerfile);
        Path state = dir.resolve("state-" + manager);

        BuildReport first = process(environment, fixture, state, Instant.now());
        String v1 = leaf(first, id).imageId().orElseThrow();
        PackageSets sets = new PackageSets(state);
        assertEquals(
                Optional.of(new PackageSet("rpm", new TreeMap<>(Map.of("ocisi-test-rpm", "1.0-1")))),
                sets.of(v1, engine));

        BuildReport refreshed =
                process(environment, fixture, state, Instant.now().plus(Duration.ofDays(2)));
        assertEquals(
                "refreshed: no package changed; keeps " + v1.substring(7, 19),
                leaf(refreshed, id).reason());
        assertEquals(Optional.of(v1), leaf(refreshed, id).imageId());

        Path context = Files.createDirectories(dir.resolve("v2-" + manager));
        Files.writeString(context.resolve("Containerfile"), containerfile);
        String v2 = engine.build(
                new BuildRequest(
                        context,
                        context.resolve("Containerfile"),
                        Map.of("VERSION", "2.0"),
                        Map.of(TestEngines.TEST_LABEL, id),
                        false),
                line -> {});
        assertEquals(
                "1 updated: ocisi-test-rpm 1.0-1 -> 2.0-1",
                sets.of(v2, engine)
                        .orElseThrow()
                        .changesSince(sets.of(v1, engine).orElseThrow())
                        .describe());
    }

    private static ImageResult leaf(BuildReport report, String id) {
        return report.results().stream()
                .filter(r -> r.image().name().equals(id + "-rpm"))
                .findFirst()
                .orElseThrow();
    }

    private static BuildReport process(Map<String, String> environment, Fixture fixture, Path state, Instant now)
            throws Exception {
        RecordingLog log = new RecordingLog();
        try (Engines engines = new Engines(EngineSettings.defaults(), environment, log)) {
            BuildReport report = new Scheduler(
                            engines,
                            BuildOptions.in(state)
                                    .lockWait(Duration.ofSeconds(5))
                                    .build(),
                            HierarchyBuildContract.USER,
                            log)
                    .clock(Clock.fixed(now, ZoneOffset.UTC))
                    .build(Planner.plan(fixture.read(), List.of()));
            assertEquals(List.of(), report.failed(), report.summary() + log.lines());
            return report;
        }
    }
}
