package dev.ocisi.core.process;

import dev.ocisi.core.RecordingLog;
import dev.ocisi.core.engine.EngineSettings;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.plan.RunUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** {@code process} whole, as the tests run it: its state and output in the test's folder, as a user of fixed ids. */
public final class TestRunners {

    private TestRunners() {}

    /** @param environment the engines' (a store of the test's own) */
    public static ProcessRunner of(
            Path dir, Map<String, String> environment, RegistryOptions registry, RecordingLog log) {
        BuildOptions options = BuildOptions.in(dir.resolve("state"))
                .lockWait(Duration.ofSeconds(5))
                .parallel(2)
                .registry(registry)
                .build();
        return ProcessRunner.builder(EngineSettings.defaults(), options, dir.resolve("target/ocisi"), log)
                .environment(environment)
                .user(new RunUser("tester", "4242", "4343"))
                .displayBase(dir)
                .build();
    }
}
