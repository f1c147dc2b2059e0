package dev.ocisi.core.history;

import java.time.Instant;
import java.util.List;

/**
 * A build a run started: what it takes to recognise the working containers an interrupted build leaves behind
 * (podman's builds leave theirs when stopped, and give them no labels).
 *
 * @param started when the build started, ISO-8601
 * @param fromIds the ids of the images its stages start from
 */
public record BuildInFlight(String image, String manager, String started, List<String> fromIds) {

    public BuildInFlight {
        fromIds = fromIds == null ? List.of() : List.copyOf(fromIds);
    }

    public Instant startedAt() {
        return Instant.parse(started);
    }
}
