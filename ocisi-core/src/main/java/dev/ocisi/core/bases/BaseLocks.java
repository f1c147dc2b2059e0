package dev.ocisi.core.bases;

import dev.ocisi.core.config.BaseLock;
import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.plan.RegistryOptions;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RegistryException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The lock files of a run's hierarchy files, and {@code mvn ocisi:lock}: pins every external base of the plan to
 * what its registry serves now (or, when the registry cannot be reached, to what the store has), and says which pins
 * moved.
 */
public final class BaseLocks {

    /** One line of the report: the reference, and its old and new pin (either may be absent). */
    public record Change(Path lockFile, String reference, Optional<BaseLock.Pin> before, Optional<BaseLock.Pin> after) {
        public String describe() {
            if (before.isEmpty()) {
                return "pinned " + reference + " to " + show(after.orElseThrow());
            }
            if (after.isEmpty()) {
                return "dropped " + reference + " (no image of the hierarchy uses it)";
            }
            return same(before.get(), after.get())
                    ? reference + " stays at " + show(after.get())
                    : "moved " + reference + " from " + show(before.get()) + " to " + show(after.get());
        }

        public boolean moved() {
            return before.isEmpty() || after.isEmpty() || !same(before.get(), after.get());
        }

        private static boolean same(BaseLock.Pin a, BaseLock.Pin b) {
            return a.digest().equals(b.digest()) && a.id().equals(b.id());
        }

        private static String show(BaseLock.Pin pin) {
            return pin.hasDigest()
                    ? pin.digest() + " (image " + Sha256.shortForm(pin.id()) + ")"
                    : "image " + pin.id() + " (from no registry)";
        }
    }

    private BaseLocks() {}

    /**
     * The digest to pin: of those the store knows for the repository, the one the registry serves the tag at, else the
     * first the registry serves (a pull by digest of an image the store has fetches only its manifest). Without the
     * registry, the first, unchecked; when the registry serves none of them, none: the image is pinned by its id
     * alone.
     *
     * The tag's own digest comes first because for a base of several platforms it is the index's: podman lists this
     * platform's manifest first, and a pin to that would leave every other platform's build without its image.
     */
    private static String servedDigest(
            ContainerEngine engine,
            ImageDetails image,
            ImageReference reference,
            boolean reachable,
            Registries registries,
            Log log) {
        List<String> candidates = ExternalBases.repoDigests(image, reference);
        if (!reachable || candidates.isEmpty()) {
            return candidates.isEmpty() ? "" : candidates.get(0);
        }
        try {
            Optional<String> tagDigest = BaseRegistry.client(registries, reference)
                    .digest(BaseRegistry.repository(reference), reference.tagOrDefault());
            if (tagDigest.isPresent() && candidates.contains(tagDigest.get())) {
                return tagDigest.get();
            }
        } catch (RegistryException e) {
            log.debug(reference + "'s registry did not say which digest its tag names: " + e.getMessage());
        }
        for (String candidate : candidates) {
            try {
                engine.pull(reference.atDigest(candidate), log::debug);
                return candidate;
            } catch (EngineException e) {
                log.debug(reference.atDigest(candidate) + " is not served: " + e.getMessage());
            }
        }
        log.warn(reference + " is served at none of the digests the store knows for it; it is pinned by its image "
                + "id alone, which process can check but not pull");
        return "";
    }

    public static Map<Path, BaseLock> read(List<Path> hierarchyFiles) throws ConfigurationException {
        Map<Path, BaseLock> locks = new LinkedHashMap<>();
        for (Path file : hierarchyFiles) {
            Path absolute = file.toAbsolutePath().normalize();
            locks.put(absolute, BaseLock.read(absolute, Path.of("").toAbsolutePath()));
        }
        return locks;
    }

    /**
     * Moves the pins of every external base the plan uses: pulled first unless {@code offline}; when the pull fails
     * (no registry) the image the store has is pinned, with a warning. Pins no image uses are dropped. Writes each
     * hierarchy file's lock only when all its bases could be pinned.
     */
    public static List<Change> lock(BuildPlan plan, Engines engines, boolean offline, Log log)
            throws EngineException, ConfigurationException, StateException, BasesUnavailableException {
        Map<Path, BaseLock> locks = read(plan.graph().files());
        Map<Path, Map<String, BaseLock.Pin>> newPins = new LinkedHashMap<>();
        locks.keySet().forEach(file -> newPins.put(file, new TreeMap<>()));
        List<String> problems = new ArrayList<>();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Set<String> seen = new HashSet<>();
        Registries registries = Registries.of(RegistryOptions.NONE, engines.environment(), log);
        for (ExternalBases.Need need : ExternalBases.needs(plan).values()) {
            ImageReference reference = ImageReference.parse(need.reference());
            if (reference.digestIfAny().isPresent()) {
                continue; // FROM name@digest pins itself
            }
            if (!seen.add(need.manager() + " " + need.reference())) {
                continue; // another platform's use of it: one pin serves every platform
            }
            ContainerEngine engine = engines.forManager(need.manager());
            boolean reachable = false;
            if (!offline) {
                log.info("Pulling " + need.reference() + " into " + need.manager() + "'s image store");
                try {
                    engine.pull(need.reference(), log::debug);
                    reachable = true;
                } catch (EngineException e) {
                    log.warn("cannot pull " + need.reference() + " (" + e.getMessage() + "); pinning the image the "
                            + "store has");
                }
            }
            Optional<ImageDetails> image = engine.inspect(need.reference());
            if (image.isEmpty()) {
                problems.add(need.reference() + " (used by " + need.usedBy() + ") is not in " + need.manager()
                        + "'s image store and could not be pulled, so there is nothing to pin");
                continue;
            }
            String digest = servedDigest(engine, image.get(), reference, reachable, registries, log);
            newPins.computeIfAbsent(need.file(), f -> new TreeMap<>())
                    .putIfAbsent(
                            need.reference(),
                            new BaseLock.Pin(digest, image.get().id(), now));
        }
        if (!problems.isEmpty()) {
            throw new BasesUnavailableException("no lock file was written:\n" + String.join("\n", problems));
        }
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<Path, BaseLock> entry : locks.entrySet()) {
            BaseLock lock = entry.getValue();
            Map<String, BaseLock.Pin> pins = newPins.getOrDefault(entry.getKey(), Map.of());
            Map<String, BaseLock.Pin> kept = new TreeMap<>();
            for (Map.Entry<String, BaseLock.Pin> pin : pins.entrySet()) {
                Optional<BaseLock.Pin> before = lock.pin(pin.getKey());
                // an unchanged pin keeps its date: the date says since when it has held
                kept.put(
                        pin.getKey(),
                        before.filter(b -> b.digest().equals(pin.getValue().digest())
                                        && b.id().equals(pin.getValue().id()))
                                .orElse(pin.getValue()));
                changes.add(new Change(lock.file(), pin.getKey(), before, Optional.of(pin.getValue())));
            }
            lock.pins().keySet().stream()
                    .filter(r -> !pins.containsKey(r))
                    .forEach(r -> changes.add(new Change(lock.file(), r, lock.pin(r), Optional.empty())));
            if (!kept.isEmpty() || lock.exists()) {
                lock.write(kept, entry.getKey().getFileName().toString());
            }
        }
        return changes;
    }
}
