package dev.ocisi.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuildOptionsTest {

    @Test
    void theBuilderStartsFromWhatAUserAtATerminalGetsAndChangesOnlyWhatItIsTold() {
        Path state = Path.of("/state");
        assertEquals(
                new BuildOptions(
                        false,
                        false,
                        false,
                        false,
                        true,
                        state,
                        Duration.ofMinutes(30),
                        BuildOptions.defaultParallel(),
                        BuildOptions.Force.NONE,
                        RegistryOptions.NONE,
                        java.util.Optional.empty(),
                        false,
                        java.util.Optional.empty()),
                BuildOptions.in(state).build());
        BuildOptions.Force all = new BuildOptions.Force(true, java.util.Set.of());
        RegistryOptions registry = RegistryOptions.NONE.withPush(true);
        java.util.Optional<Duration> day = java.util.Optional.of(Duration.ofDays(1));
        java.util.Optional<ShardOptions> shard =
                java.util.Optional.of(new ShardOptions(2, 3, Duration.ofMinutes(9), "run-7", java.util.Map.of()));
        assertEquals(
                new BuildOptions(
                        true,
                        true,
                        true,
                        true,
                        false,
                        state,
                        Duration.ofSeconds(5),
                        3,
                        all,
                        registry,
                        day,
                        true,
                        shard),
                BuildOptions.in(state)
                        .pull(true)
                        .noCache(true)
                        .skipClean(true)
                        .prune(true)
                        .batch(false)
                        .lockWait(Duration.ofSeconds(5))
                        .parallel(3)
                        .force(all)
                        .registry(registry)
                        .refresh(day)
                        .packageCache(true)
                        .shard(shard)
                        .build());
    }
}
