package dev.ocisi.core.plan;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.graph.HierarchyGraph;
import dev.ocisi.core.graph.ImageSelector;
import dev.ocisi.core.problem.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How {@code process} builds.
 *
 * @param pull        refresh external bases from their registries before building
 * @param noCache     build every step anew
 * @param skipClean   keep the images whose tags this run moved to new builds
 * @param prune       also remove every untagged image ocisi built earlier for this hierarchy
 * @param batch       no progress noise in the output (Maven's batch mode, CI)
 * @param stateFolder where ocisi keeps its locks (under the user's cache folder)
 * @param lockWait    how long to wait for another ocisi run on the same hierarchy
 * @param parallel    how many images build at once
 * @param force       which images to build even when up to date
 * @param registry    where images are published, pulled from by their inputs, and pushed
 * @param refresh     {@code -Docisi.refresh}: every image's refresh period, replacing the file's
 * @param packageCache keep the packages builds download (plain HTTP) for the next builds
 * @param shard       {@code -Docisi.shard}: build this runner's share of the plan only
 */
public record BuildOptions(
        boolean pull,
        boolean noCache,
        boolean skipClean,
        boolean prune,
        boolean batch,
        Path stateFolder,
        Duration lockWait,
        int parallel,
        Force force,
        RegistryOptions registry,
        Optional<Duration> refresh,
        boolean packageCache,
        Optional<ShardOptions> shard) {

    /** {@code -Docisi.force}: nothing, everything, or the images named (by their name, or name:tag). */
    public record Force(boolean all, Set<String> names) {
        public static final Force NONE = new Force(false, Set.of());

        public boolean applies(ImageName image) {
            return all || names.contains(image.name()) || names.contains(image.toString());
        }

        /**
         * {@code -Docisi.force} as Maven passes it: absent or {@code false} for nothing, empty or {@code true} for
         * everything, else names separated by commas, each of which must name an image of the hierarchy.
         */
        public static Force parse(String text, HierarchyGraph graph) throws ConfigurationException {
            if (text == null || text.trim().equalsIgnoreCase("false")) {
                return NONE;
            }
            if (text.isBlank() || text.trim().equalsIgnoreCase("true")) {
                return new Force(true, Set.of());
            }
            List<String> names = ImageSelector.split(text);
            ImageSelector.select(graph, names, "-Docisi.force");
            return new Force(false, Set.copyOf(names));
        }
    }

    /**
     * Options with the defaults a user at a terminal gets: no refresh, the layer cache, the replaced images removed,
     * nothing pruned, batch output, a half-hour wait for another run, one build per core, nothing forced.
     *
     * @param stateFolder where ocisi keeps its locks, history and recorded inputs
     */
    public static Builder in(Path stateFolder) {
        return new Builder(stateFolder);
    }

    /** Options one at a time, each named where it is set. */
    public static final class Builder {
        private final Path stateFolder;
        private boolean pull;
        private boolean noCache;
        private boolean skipClean;
        private boolean prune;
        private boolean batch = true;
        private Duration lockWait = Duration.ofMinutes(30);
        private int parallel = defaultParallel();
        private Force force = Force.NONE;
        private RegistryOptions registry = RegistryOptions.NONE;
        private Optional<Duration> refresh = Optional.empty();
        private boolean packageCache;
        private Optional<ShardOptions> shard = Optional.empty();

        private Builder(Path stateFolder) {
            this.stateFolder = stateFolder;
        }

        public Builder pull(boolean value) {
            pull = value;
            return this;
        }

        public Builder noCache(boolean value) {
            noCache = value;
            return this;
        }

        public Builder skipClean(boolean value) {
            skipClean = value;
            return this;
        }

        public Builder prune(boolean value) {
            prune = value;
            return this;
        }

        public Builder batch(boolean value) {
            batch = value;
            return this;
        }

        public Builder lockWait(Duration value) {
            lockWait = value;
            return this;
        }

        public Builder parallel(int value) {
            parallel = value;
            return this;
        }

        public Builder force(Force value) {
            force = value;
            return this;
        }

        public Builder registry(RegistryOptions value) {
            registry = value;
            return this;
        }

        public Builder refresh(Optional<Duration> value) {
            refresh = value;
            return this;
        }

        public Builder packageCache(boolean value) {
            packageCache = value;
            return this;
        }

        public Builder shard(Optional<ShardOptions> value) {
            shard = value;
            return this;
        }

        public BuildOptions build() {
            return new BuildOptions(
                    pull,
                    noCache,
                    skipClean,
                    prune,
                    batch,
                    stateFolder,
                    lockWait,
                    parallel,
                    force,
                    registry,
                    refresh,
                    packageCache,
                    shard);
        }
    }

    /** One build per core: builds are bound by CPU and disk, and more at once only queue for them. */
    public static int defaultParallel() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** {@code $XDG_CACHE_HOME/ocisi}, else {@code ~/.cache/ocisi}: it survives {@code mvn clean}. */
    public static Path defaultStateFolder(Map<String, String> environment) {
        String cache = environment.get("XDG_CACHE_HOME");
        Path base =
                cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ocisi");
    }
}
