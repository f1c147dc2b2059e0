package dev.ocisi.core.bases;

import dev.ocisi.core.config.BaseLock;
import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.graph.ImageUse;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes sure every image outside the hierarchy that the plan builds on is in the right image store before any build
 * starts: the pinned image when the hierarchy file's lock pins it (pulled by digest when the store lacks it), else
 * pulled once when missing (or refreshed with {@code pull}); any that cannot be had make one clear error listing each
 * with its fix.
 */
public final class ExternalBases {

    /** An external image, the first place that uses it, and the hierarchy file whose lock may pin it. */
    record Need(String reference, Manager manager, String usedBy, Path file) {}

    /** What ensuring one base came to: the id of the image now under its reference, or what is wrong. */
    private record Had(String id, String problem) {
        static Had image(String id) {
            return new Had(id, null);
        }

        static Had problem(String problem) {
            return new Had(null, problem);
        }
    }

    private ExternalBases() {}

    /** Every external image the plan's images use, by manager and reference, first use first. */
    public static Map<String, Need> needs(BuildPlan plan) {
        Map<String, Need> needs = new LinkedHashMap<>();
        for (BuildPlan.PlannedImage planned : plan.images()) {
            ImageSpec spec = planned.node().spec();
            Path file = spec.origin().file();
            planned.node()
                    .externalBase()
                    .ifPresent(base -> needs.putIfAbsent(
                            key(spec.manager(), base.toString()),
                            new Need(
                                    base.toString(),
                                    spec.manager(),
                                    spec.id() + " (" + spec.containerfile().getFileName() + ")",
                                    file)));
            for (ImageUse use : planned.node().externalUses()) {
                needs.putIfAbsent(
                        key(spec.manager(), use.reference().toString()),
                        new Need(
                                use.reference().toString(),
                                spec.manager(),
                                spec.id() + " (" + use.location() + ")",
                                file));
            }
        }
        return needs;
    }

    /** @return the id of each external base, by manager and reference, for the images' parent labels */
    public static Map<String, String> ensure(
            BuildPlan plan, Engines engines, Map<Path, BaseLock> locks, boolean refresh, Log log)
            throws EngineException {
        Map<String, String> ids = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Need> entry : needs(plan).entrySet()) {
            Need need = entry.getValue();
            ContainerEngine engine = engines.forManager(need.manager());
            BaseLock lock = locks.get(need.file());
            Optional<BaseLock.Pin> pin = lock == null ? Optional.empty() : lock.pin(need.reference());
            if (pin.isEmpty() && lock != null && lock.exists()) {
                log.warn(need.reference() + " (used by " + need.usedBy() + ") is not pinned in "
                        + lock.file().getFileName() + "; `mvn ocisi:lock` pins it");
            }
            Had had = pin.isPresent()
                    ? ensurePinned(need, pin.get(), lock.file(), engine, refresh, log)
                    : ensureUnpinned(need, engine, refresh, log);
            if (had.problem() != null) {
                missing.add(had.problem());
            } else {
                ids.put(entry.getKey(), had.id());
            }
        }
        if (!missing.isEmpty()) {
            throw new EngineException("base images are missing, so nothing was built:\n" + String.join("\n", missing)
                    + "\nWithout a registry, make the base an image of the hierarchy from a root filesystem ('rootfs:' "
                    + "with a tarball or debootstrap, docs/configuration.md), or import one under that name, e.g. "
                    + "`tar -C ROOTFS -c . | podman import - NAME` (docker import for docker).");
        }
        return ids;
    }

    private static Had ensureUnpinned(Need need, ContainerEngine engine, boolean refresh, Log log)
            throws EngineException {
        Optional<ImageDetails> image = engine.inspect(need.reference());
        boolean present = image.isPresent();
        if (refresh || !present) {
            log.info((present ? "Refreshing " : "Pulling ") + need.reference() + " into " + need.manager()
                    + "'s image store (used by " + need.usedBy() + ")");
            try {
                engine.pull(need.reference(), log::debug);
            } catch (EngineException e) {
                return Had.problem(need.reference() + " (used by " + need.usedBy() + ") is "
                        + (present
                                ? "in " + need.manager() + "'s image store but could not be refreshed"
                                : "not in " + need.manager() + "'s image store and could not be pulled")
                        + ": "
                        + e.getMessage());
            }
            image = engine.inspect(need.reference());
        }
        return image.map(i -> Had.image(i.id()))
                .orElseGet(() -> Had.problem(need.reference() + " was pulled but " + need.manager()
                        + "'s image store has no image under that name"));
    }

    /**
     * The pinned image under the reference: kept when the store has it there, else pulled by digest and tagged, so
     * that FROM finds exactly it. A pin without a digest (an image no registry served) can only be found, not pulled.
     *
     */
    private static Had ensurePinned(
            Need need, BaseLock.Pin pin, Path lockFile, ContainerEngine engine, boolean refresh, Log log)
            throws EngineException {
        ImageReference reference = ImageReference.parse(need.reference());
        Optional<ImageDetails> present = engine.inspect(need.reference());
        String lockName = lockFile.getFileName().toString();
        if (present.isPresent() && matches(present.get(), pin, reference)) {
            if (refresh) {
                log.info(need.reference() + " is pinned in " + lockName + ", so -Docisi.pull leaves it; "
                        + "`mvn ocisi:lock` moves the pin to what the registry serves now");
            }
            return Had.image(present.get().id());
        }
        String there = present.map(i -> "the store has " + Sha256.shortForm(i.id()) + " under that name")
                .orElse("the store does not have it");
        if (!pin.hasDigest()) {
            return Had.problem(need.reference() + " (used by " + need.usedBy() + ") is pinned in " + lockName
                    + " to image "
                    + pin.id() + ", which came from no registry, and " + there + ": put that image back, or run "
                    + "`mvn ocisi:lock` to pin the one there is");
        }
        String pinned = reference.atDigest(pin.digest());
        log.info("Pulling " + pinned + " (" + need.reference() + " as pinned in " + lockName + ") into "
                + need.manager() + "'s image store");
        try {
            engine.pull(pinned, log::debug);
        } catch (EngineException e) {
            return Had.problem(need.reference() + " (used by " + need.usedBy() + ") is pinned in " + lockName
                    + " to " + pin.digest() + ", which could not be pulled (" + e.getMessage() + "), and " + there
                    + ": make the registry reachable, or run `mvn ocisi:lock` to pin what the store has");
        }
        Optional<ImageDetails> pulled = engine.inspect(pinned);
        if (pulled.isEmpty() || !matches(pulled.get(), pin, reference)) {
            return Had.problem(need.reference() + ": the registry served " + pinned + " as image "
                    + pulled.map(ImageDetails::id).orElse("(none)") + ", not the pinned " + pin.id()
                    + "; run `mvn ocisi:lock` to pin it anew");
        }
        engine.tag(pulled.get().id(), need.reference());
        return Had.image(pulled.get().id());
    }

    /** The pinned image: the same id, or served by the reference's repository at the pinned digest. */
    static boolean matches(ImageDetails image, BaseLock.Pin pin, ImageReference reference) {
        if (image.id().equals(pin.id())) {
            return true;
        }
        return pin.hasDigest() && repoDigests(image, reference).contains(pin.digest());
    }

    /**
     * The digests the reference's repository is known to serve the image at. podman may list two: the manifest it
     * pushed and the one the registry stored (after compressing the layers), of which only the latter can be pulled.
     */
    static List<String> repoDigests(ImageDetails image, ImageReference reference) {
        List<String> digests = new ArrayList<>();
        for (String entry : image.repoDigests()) {
            try {
                ImageReference served = ImageReference.parse(entry);
                if (served.digestIfAny().isPresent()
                        && served.canonicalRepository().equals(reference.canonicalRepository())) {
                    digests.add(served.digestIfAny().get());
                }
            } catch (ImageReference.InvalidReferenceException e) {
                // an engine's odd entry names no repository of ours
            }
        }
        return digests;
    }

    public static String key(Manager manager, String reference) {
        return manager + " " + reference;
    }
}
