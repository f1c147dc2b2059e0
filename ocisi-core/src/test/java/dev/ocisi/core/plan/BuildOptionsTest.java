package dev.ocisi.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuildOptionsTest {

    @Test
    void theBuilderStartsFromWhatAUserAtATerminalGetsAndChangesOnlyWhatItIsTold() {
        Path state = Path.of("/state");
        assertEquals(new BuildOptions(false, false, false, false, true, state, Duration.ofMinutes(30),
                BuildOptions.defaultParallel(), BuildOptions.Force.NONE, RegistryOptions.NONE, java.util.Optional.empty(), false),
                BuildOptions.in(state).build());
        BuildOptions.Force all = new BuildOptions.Force(true, java.util.Set.of());
        RegistryOptions registry = RegistryOptions.NONE.withPush(true);
        java.util.Optional<Duration> day = java.util.Optional.of(Duration.ofDays(1));
        assertEquals(new BuildOptions(true, true, true, true, false, state, Duration.ofSeconds(5), 3, all, registry,
                day, true), BuildOptions.in(state).pull(true).noCache(true).skipClean(true).prune(true).batch(false)
                        .lockWait(Duration.ofSeconds(5)).parallel(3).force(all).registry(registry).refresh(day)
                        .packageCache(true).build());
    }
}
