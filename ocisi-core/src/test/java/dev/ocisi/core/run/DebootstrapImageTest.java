package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.EngineTest;
import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.result.BuildReport;
import dev.ocisi.core.result.ImageResult;
import dev.ocisi.core.rootfs.MountPoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A Debian base made by a real debootstrap from the mirror apt uses, imported into podman: its package list is an
 * input, so adding a package makes the base and its child again; made again with the same packages, the first image
 * stays. About a minute per debootstrap on 2 cores.
 */
@EngineTest
@Tag("rootless")
@Execution(ExecutionMode.CONCURRENT) // minutes of downloads and dpkg, in a store of its own: beside the other tests
class DebootstrapImageTest {

    @TempDir
    Path dir;

    private Map<String, String> environment;

    @Test
    void aChangedPackageListRebuildsTheBaseAndEverythingUnderIt() throws Exception {
        String testId = TestEngines.uniqueName("db");
        Path state = TestEngines.scratchFolder("ocisi-state-");
        RecordingLog log = new RecordingLog();
        ImageName base = new ImageName(testId + "-debian", "bookworm");
        ImageName child = new ImageName(testId + "-tools", "latest");
        try (OwnStore store = OwnStore.withBase("db")) {
            ContainerEngine engine = store.engine;
            environment = store.environment;
            Fixture fixture = hierarchy(testId, "[]");
            assertEquals(List.of(), process(fixture, state, log).failed());
            assertEquals(
                    "debootstrap bookworm (minbase)",
                    engine.inspect(base.localReference()).orElseThrow().label(OcisiLabels.ROOTFS));
            assertEquals("absent", RootfsRuns.fileOf(engine, child.localReference(), "jq"));
            String firstBase =
                    engine.inspect(base.localReference()).orElseThrow().id();

            hierarchy(testId, "[jq]");
            BuildReport second = process(fixture, state, log);
            assertEquals(List.of(), second.failed());
            assertEquals("debootstrap packages changed (+jq)", RootfsRuns.reason(second, base));
            assertEquals("parent " + base + " rebuilt", RootfsRuns.reason(second, child));
            assertEquals("/usr/bin/jq", RootfsRuns.fileOf(engine, child.localReference(), "jq"));
            assertTrue(!firstBase.equals(
                    engine.inspect(base.localReference()).orElseThrow().id()));
            assertEquals(
                    "0",
                    RootfsRuns.fileOf(engine, child.localReference(), "lists"),
                    "apt's package lists are left out, as Debian's images leave them");
            try (Stream<Path> left = Files.list(state.resolve("rootfs"))) {
                assertEquals(
                        List.of("debs-bookworm"),
                        left.map(p -> p.getFileName().toString()).toList(),
                        "the staging folder is gone; the package cache stays for the next run");
            }
            assertEquals(List.of(), MountPoints.under(state), "nothing left mounted");

            if (!RunUser.current().uid().equals("0")) {
                // the rootless run: mmdebstrap has made a root twice above; what follows is the keep decision after
                // a third, the same code whichever tool made the root, and minutes of mmdebstrap: the run as root
                // checks it (and the demo, run as a user by the test command, refreshes its mmdebstrap base)
                return;
            }
            // made again (-Docisi.pull): a new image every time, but the same packages: the first one stays,
            // and nothing under it is built again
            String secondBase =
                    engine.inspect(base.localReference()).orElseThrow().id();
            String secondChild =
                    engine.inspect(child.localReference()).orElseThrow().id();
            BuildReport again = RootfsRuns.process(fixture, state, log, true, RunUser.current(), environment);
            assertEquals(List.of(), again.failed());
            assertEquals(
                    "refreshed: no package changed; keeps " + secondBase.substring(7, 19),
                    RootfsRuns.reason(again, base));
            assertEquals(
                    secondBase,
                    engine.inspect(base.localReference()).orElseThrow().id());
            assertEquals(
                    secondChild,
                    engine.inspect(child.localReference()).orElseThrow().id());
            assertEquals(0, again.count(ImageResult.Outcome.BUILT), again.summary());
        }
    }

    private Fixture hierarchy(String testId, String packages) {
        return new Fixture(dir)
                .write("ocisictl.yaml", """
                defaults: {path: img, enabled: true, manager: podman, labels: {dev.ocisi.test: %s}}
                images:
                  - name: %s-debian
                    tag: bookworm
                    rootfs:
                      debootstrap: {suite: bookworm, variant: minbase, packages: %s}
                      cmd: [/bin/bash]
                  - name: %s-tools
                """.formatted(testId, testId, packages, testId))
                .write(
                        "img/Containerfile." + testId + "-tools",
                        "FROM localhost/" + testId + "-debian:bookworm\n"
                                + "RUN (command -v jq || echo absent) > /jq"
                                + " && find /var/lib/apt/lists -type f | wc -l > /lists\n");
    }

    /** As the user who runs the test: debootstrap as root, mmdebstrap in the user's namespace (the rootless run). */
    private BuildReport process(Fixture fixture, Path state, RecordingLog log) throws Exception {
        return RootfsRuns.process(fixture, state, log, false, RunUser.current(), environment);
    }
}
