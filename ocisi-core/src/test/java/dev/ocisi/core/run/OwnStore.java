package dev.ocisi.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.Fixture;
import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.PodmanCliEngine;
import dev.ocisi.core.engine.TestEngines;
import dev.ocisi.core.history.RunListener;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.Planner;
import dev.ocisi.core.result.BuildReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A podman store of a test's own, for tests that damage, stress or kill podman (the machine's store survives them),
 * with busybox imported as {@code localhost/<testId>-base:1}. Closing it removes the store.
 */
public final class OwnStore implements AutoCloseable {

    public final String testId;
    public final String base;
    public final Path folder;
    public final Map<String, String> environment;
    public final PodmanCliEngine engine;

    private OwnStore(String prefix) throws Exception {
        testId = TestEngines.uniqueName(prefix);
        base = "localhost/" + testId + "-base:1";
        folder = TestEngines.scratchFolder("ocisi-store-");
        environment = TestEngines.throwawayStore(folder);
        engine = TestEngines.podmanCli(environment);
        engine.tag(engine.importRootfs(TestEngines.busyboxRootfs(), Map.of(), List.of("CMD [\"/bin/sh\"]")), base);
    }

    public static OwnStore withBase(String prefix) throws Exception {
        return new OwnStore(prefix);
    }

    /** A hierarchy file in {@code dir} of podman images named {@code <testId>-<suffix>}, their Containerfiles in img. */
    public Fixture hierarchy(Path dir, String... suffixes) {
        StringBuilder yaml = new StringBuilder("defaults: {path: img, enabled: true, manager: podman}\nimages:\n");
        for (String suffix : suffixes) {
            yaml.append("  - name: ").append(testId).append('-').append(suffix).append('\n');
        }
        return new Fixture(dir).write("ocisictl.yaml", yaml.toString());
    }

    /** {@code process} of the fixture's ocisictl.yaml in this store. */
    BuildReport process(
            Fixture fixture, Path state, RecordingLog log, boolean skipClean, int parallel, BuildOptions.Force force)
            throws Exception {
        return process(fixture, state, log, skipClean, parallel, force, RunListener.NONE);
    }

    BuildReport process(
            Fixture fixture,
            Path state,
            RecordingLog log,
            boolean skipClean,
            int parallel,
            BuildOptions.Force force,
            RunListener listener)
            throws Exception {
        try (Engines engines = new Engines(EngineSettings.defaults(), environment, log)) {
            return new Scheduler(
                            engines,
                            BuildOptions.in(state)
                                    .skipClean(skipClean)
                                    .lockWait(Duration.ofSeconds(5))
                                    .parallel(parallel)
                                    .force(force)
                                    .build(),
                            HierarchyBuildContract.USER,
                            log,
                            listener)
                    .build(Planner.plan(fixture.read(), List.of()));
        }
    }

    /** Engines on this store, for the goals a test calls itself. */
    Engines engines(RecordingLog log) {
        return new Engines(EngineSettings.defaults(), environment, log);
    }

    /** A podman command on this store: its exit code and its output, merged. */
    public record Result(int exit, String output) {}

    public Result podman(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    /** The same, which must succeed. */
    public String podmanChecked(String... arguments) throws Exception {
        Result result = podman(arguments);
        assertEquals(0, result.exit(), String.join(" ", arguments) + ": " + result.output());
        return result.output();
    }

    /**
     * The output of a command run in {@code localhost/IMAGE} without a network, which must succeed; podman's warning
     * that the image is another platform's (it runs under QEMU) left out.
     */
    public String runIn(String image, String... command) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("run", "--rm", "--net=none", "localhost/" + image));
        arguments.addAll(List.of(command));
        return podmanChecked(arguments.toArray(String[]::new))
                .lines()
                .filter(l -> !l.startsWith("WARNING: image platform"))
                .collect(java.util.stream.Collectors.joining("\n"))
                .strip();
    }

    /** {@code os/architecture} of {@code localhost/IMAGE}, as its configuration says. */
    public String platformOf(String image) throws Exception {
        return podmanChecked("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", "localhost/" + image)
                .strip();
    }

    @Override
    public void close() throws IOException {
        TestEngines.removeStore(environment, folder);
    }
}
