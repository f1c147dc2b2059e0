package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code -Docisi.shard=K/N}: this runner builds share K of N of the plan, and waits in the registry for what the others
 * build.
 *
 * @param index   K, from 1
 * @param count   N
 * @param patience how long to wait for an image another shard builds ({@code -Docisi.shardWait})
 * @param run     what the shards of one run share, so that a failure one of them records in the registry is told
 *                apart from an earlier run's ({@code -Docisi.shardRun}, else the CI system's run id); empty when none
 * @param weights the recorded build time of images, the same for every shard (from {@code -Docisi.shardDurations})
 */
public record ShardOptions(int index, int count, Duration patience, String run, Map<ImageName, Duration> weights) {

    private static final Pattern SHARD = Pattern.compile("\\s*(\\d{1,4})\\s*/\\s*(\\d{1,4})\\s*");
    public static final Duration DEFAULT_WAIT = Duration.ofHours(1);

    public ShardOptions {
        weights = Map.copyOf(weights);
    }

    /** {@code K/N}, K from 1 to N. */
    public static ShardOptions parse(String text, Duration patience, String run, Map<ImageName, Duration> weights)
            throws ConfigurationException {
        Matcher matcher = SHARD.matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            throw new ConfigurationException(
                    Location.option("-Docisi.shard"),
                    "'" + text + "' is not K/N: write " + "-Docisi.shard=2/3 for the second of three runners");
        }
        int index = Integer.parseInt(matcher.group(1));
        int count = Integer.parseInt(matcher.group(2));
        if (count < 1 || index < 1 || index > count) {
            throw new ConfigurationException(
                    Location.option("-Docisi.shard"), "'" + text + "': K must be between 1 " + "and N (" + count + ")");
        }
        if (patience.isNegative() || patience.isZero()) {
            throw new ConfigurationException(Location.option("-Docisi.shardWait"), "the wait must be above 0 s");
        }
        return new ShardOptions(index, count, patience, run, weights);
    }

    /**
     * The run id the CI system gives every job of one run: GitHub Actions' run id and attempt, GitLab's pipeline id.
     */
    public static Optional<String> ciRun(Map<String, String> environment) {
        String github = environment.get("GITHUB_RUN_ID");
        if (github != null && !github.isBlank()) {
            return Optional.of("github-" + github + "-" + environment.getOrDefault("GITHUB_RUN_ATTEMPT", "1"));
        }
        String gitlab = environment.get("CI_PIPELINE_ID");
        if (gitlab != null && !gitlab.isBlank()) {
            return Optional.of("gitlab-" + gitlab);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
