package dev.ocisi.core.plan;

import java.nio.file.Path;
import java.time.Duration;

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
 */
public record BuildOptions(boolean pull, boolean noCache, boolean skipClean, boolean prune, boolean batch,
        Path stateFolder, Duration lockWait, int parallel, Force force) {

    /** {@code -Docisi.force}: nothing, everything, or the images named ({@code name} or {@code name:tag}). */
    public record Force(boolean all, java.util.Set<String> names) {
        public static final Force NONE = new Force(false, java.util.Set.of());

        public boolean applies(dev.ocisi.core.config.ImageName image) {
            return all || names.contains(image.name()) || names.contains(image.toString());
        }

        /**
         * {@code -Docisi.force} as Maven passes it: absent or {@code false} for nothing, empty or {@code true} for
         * everything, else names separated by commas, each of which must name an image of the hierarchy.
         */
        public static Force parse(String text, dev.ocisi.core.graph.HierarchyGraph graph)
                throws dev.ocisi.core.problem.ConfigurationException {
            if (text == null || text.trim().equalsIgnoreCase("false")) {
                return NONE;
            }
            if (text.isBlank() || text.trim().equalsIgnoreCase("true")) {
                return new Force(true, java.util.Set.of());
            }
            java.util.List<String> names = dev.ocisi.core.graph.ImageSelector.split(text);
            dev.ocisi.core.graph.ImageSelector.select(graph, names, "-Docisi.force");
            return new Force(false, java.util.Set.copyOf(names));
        }
    }

    /** One build per core: builds are bound by CPU and disk, and more at once only queue for them. */
    public static int defaultParallel() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** {@code $XDG_CACHE_HOME/ocisi}, else {@code ~/.cache/ocisi}: it survives {@code mvn clean}. */
    public static Path defaultStateFolder(java.util.Map<String, String> environment) {
        String cache = environment.get("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ocisi");
    }
}
