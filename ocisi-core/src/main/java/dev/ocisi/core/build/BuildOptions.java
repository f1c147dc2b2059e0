package dev.ocisi.core.build;

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
 */
public record BuildOptions(boolean pull, boolean noCache, boolean skipClean, boolean prune, boolean batch,
        Path stateFolder, Duration lockWait) {

    /** {@code $XDG_CACHE_HOME/ocisi}, else {@code ~/.cache/ocisi}: it survives {@code mvn clean}. */
    public static Path defaultStateFolder(java.util.Map<String, String> environment) {
        String cache = environment.get("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ocisi");
    }
}
