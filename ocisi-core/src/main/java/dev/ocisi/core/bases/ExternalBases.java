package dev.ocisi.core.bases;

import dev.ocisi.core.config.BaseLock;
import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.Manager;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.graph.ImageUse;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildPlan;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RegistryException;
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

    /**
     * An external image, the first place that uses it, and the hierarchy file whose lock may pin it.
     *
     * @param platform the platform wanted when it is not this machine's: that platform's image of the reference
     */
    record Need(String reference, Manager manager, Optional<Platform> platform, String usedBy, Path file) {}

    /**
     * An external image a build uses, as it is in the store.
     *
     * @param id        its id, for the images' parent labels and inputs
     * @param reference what the build's Containerfile names it as: the written reference for this machine's platform;
     *                  for another, that platform's manifest by digest, since the written name stays this machine's
     */
    public record Base(String id, String reference) {}

    /**
     * What ensuring one base came to: the image now in the store, or what is wrong (and whether it was there but
     * refused, which no import would mend).
     */
    private record Had(Base base, String problem, boolean refused) {
        static Had image(String id, String reference) {
            return new Had(new Base(id, reference), null, false);
        }

        static Had problem(String problem) {
            return new Had(null, problem, false);
        }

        static Had refused(String problem) {
            return new Had(null, problem, true);
        }
    }

    private ExternalBases() {}

    /** Every external image the plan's images use, by manager and reference, first use first. */
    public static Map<String, Need> needs(BuildPlan plan) {
        Map<String, Need> needs = new LinkedHashMap<>();
        for (BuildPlan.PlannedImage planned : plan.images()) {
            ImageSpec spec = planned.node().spec();
            Path file = spec.origin().file();
            Optional<Platform> platform = foreignPlatform(spec);
            planned.node()
                    .externalBase()
                    .ifPresent(base -> needs.putIfAbsent(
                            key(spec, base.toString()),
                            new Need(
                                    base.toString(),
                                    spec.manager(),
                                    platform,
                                    spec.id() + " (" + spec.containerfile().getFileName() + ")",
                                    file)));
            for (ImageUse use : planned.node().externalUses()) {
                needs.putIfAbsent(
                        key(spec, use.reference().toString()),
                        new Need(
                                use.reference().toString(),
                                spec.manager(),
                                platform,
                                spec.id() + " (" + use.location() + ")",
                                file));
            }
        }
        return needs;
    }

    /** @return each external base as the store has it, by {@link #key} */
    public static Map<String, Base> ensure(
            BuildPlan plan, Engines engines, Map<Path, BaseLock> locks, boolean refresh, Registries registries, Log log)
            throws EngineException {
        BaseSignatures signatures = new BaseSignatures(plan.graph().hierarchy().trust(), registries);
        Map<String, Base> bases = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, Need> entry : needs(plan).entrySet()) {
            Need need = entry.getValue();
            ContainerEngine engine = engines.forManager(need.manager());
            BaseLock lock = locks.get(need.file());
            Optional<BaseLock.Pin> pin = lock == null ? Optional.empty() : lock.pin(need.reference());
            if (pin.isEmpty()
                    && lock != null
                    && lock.exists()
                    && need.platform().isEmpty()) {
                log.warn(need.reference() + " (used by " + need.usedBy() + ") is not pinned in "
                        + lock.file().getFileName() + "; `mvn ocisi:lock` pins it");
            }
            Optional<String> refusedPin = pin.isPresent() ? checkPinned(need, pin.get(), signatures) : Optional.empty();
            Had had = refusedPin.isPresent()
                    ? Had.refused(refusedPin.get())
                    : need.platform().isPresent()
                            ? ensureForPlatform(
                                    need,
                                    need.platform().get(),
                                    pin,
                                    lock,
                                    engine,
                                    refresh,
                                    signatures,
                                    registries,
                                    log)
                            : pin.isPresent()
                                    ? ensurePinned(need, pin.get(), lock.file(), engine, refresh, log)
                                    : signatures.applies(ImageReference.parse(need.reference()))
                                            ? ensureSigned(need, engine, refresh, signatures, log)
                                            : ensureUnpinned(need, engine, refresh, log);
            if (had.refused()) {
                refused.add(had.problem());
            } else if (had.problem() != null) {
                missing.add(had.problem());
            } else {
                bases.put(entry.getKey(), had.base());
            }
        }
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("base images are missing, so nothing was built:\n" + String.join("\n", missing)
                    + "\nWithout a registry, make the base an image of the hierarchy from a root filesystem ('rootfs:' "
                    + "with a tarball or debootstrap, docs/configuration.md), or import one under that name, e.g. "
                    + "`tar -C ROOTFS -c . | podman import - NAME` (docker import for docker).");
        }
        if (!refused.isEmpty()) {
            parts.add("base images are not signed by their publisher's key (verifyBases), so nothing was built:\n"
                    + String.join("\n", refused));
        }
        if (!parts.isEmpty()) {
            throw new EngineException(String.join("\n", parts));
        }
        return bases;
    }

    /** A pinned base its publisher's key must have signed: the pin's digest is what is checked. */
    private static Optional<String> checkPinned(Need need, BaseLock.Pin pin, BaseSignatures signatures) {
        ImageReference reference = ImageReference.parse(need.reference());
        if (!signatures.applies(reference)) {
            return Optional.empty();
        }
        if (!pin.hasDigest()) {
            return Optional.of(need.reference() + " (used by " + need.usedBy() + ") is pinned to an image that came "
                    + "from no registry, so its signature cannot be checked: run `mvn ocisi:lock` where the registry "
                    + "serves it");
        }
        return signatures
                .problem(reference, pin.digest())
                .map(why -> need.reference() + "@" + pin.digest() + " (used by " + need.usedBy() + ") is " + why);
    }

    /**
     * An unpinned base its publisher's key must have signed: pulled by the digest whose signature was checked (not by
     * its tag, which may move in between); one the store has already is used only if it came from a signed digest.
     */
    private static Had ensureSigned(
            Need need, ContainerEngine engine, boolean refresh, BaseSignatures signatures, Log log)
            throws EngineException {
        ImageReference reference = ImageReference.parse(need.reference());
        Optional<ImageDetails> present = engine.inspect(need.reference());
        String prefix = need.reference() + " (used by " + need.usedBy() + ")";
        if (present.isPresent() && !refresh) {
            List<String> digests = repoDigests(present.get(), reference);
            Optional<String> why = Optional.of("not used: " + need.manager() + "'s store has it, but not as pulled "
                    + "from its registry, so its signature cannot be checked; remove it (podman rmi) to pull it");
            for (String digest : digests) {
                why = signatures.problem(reference, digest);
                if (why.isEmpty()) {
                    return Had.image(present.get().id(), need.reference());
                }
            }
            return Had.refused(prefix + " is " + why.get());
        }
        String digest;
        try {
            digest = signatures.servedDigest(reference);
        } catch (RegistryException e) {
            return Had.problem(prefix + " could not be looked up in its registry: " + e.getMessage());
        }
        Optional<String> why = signatures.problem(reference, digest);
        if (why.isPresent()) {
            return Had.refused(prefix + " is " + why.get());
        }
        String signed = reference.atDigest(digest);
        log.info("Pulling " + signed + " (" + need.reference() + ", its signature checked) into " + need.manager()
                + "'s image store");
        try {
            engine.pull(signed, log::debug);
        } catch (EngineException e) {
            return Had.problem(prefix + " could not be pulled: " + e.getMessage());
        }
        Optional<ImageDetails> pulled = engine.inspect(signed);
        if (pulled.isEmpty()) {
            return Had.problem(prefix + " was pulled but " + need.manager() + "'s store has no image at " + signed);
        }
        engine.tag(pulled.get().id(), need.reference());
        return Had.image(pulled.get().id(), need.reference());
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
        return image.map(i -> Had.image(i.id(), need.reference()))
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
            return Had.image(present.get().id(), need.reference());
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
        return Had.image(pulled.get().id(), need.reference());
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

    /** The key of an external image an image uses: its manager's, and its platform's when that is not this machine's. */
    public static String key(ImageSpec image, String reference) {
        return image.manager() + " " + reference
                + foreignPlatform(image).map(p -> " " + p).orElse("");
    }

    private static Optional<Platform> foreignPlatform(ImageSpec image) {
        return image.platform().isForeign() ? Optional.of(image.platform()) : Optional.empty();
    }

    /**
     * Another platform's image of an external base: that platform's manifest of what the tag (or the pin, or the
     * signed digest) names, found through the registry's API and pulled by its digest. Pulled by the written name, it
     * would take that name from this machine's image, which boxes and this platform's builds use.
     */
    private static Had ensureForPlatform(
            Need need,
            Platform platform,
            Optional<BaseLock.Pin> pin,
            BaseLock lock,
            ContainerEngine engine,
            boolean refresh,
            BaseSignatures signatures,
            Registries registries,
            Log log)
            throws EngineException {
        ImageReference reference = ImageReference.parse(need.reference());
        String prefix = need.reference() + " for " + platform + " (used by " + need.usedBy() + ")";
        String offline = "another platform's image of a base is found through its registry, so make that reachable, or"
                + " build for " + Platform.machine() + " only (-Docisi.platforms=own)";
        // where to look for the platform's manifest: the pin; else the index this machine's copy came from, so that
        // every platform stays on the same base until -Docisi.pull; else what the tag names now
        List<String> candidates = new ArrayList<>();
        if (pin.isPresent()) {
            if (!pin.get().hasDigest()) {
                return Had.problem(prefix + " is pinned in " + lock.file().getFileName() + " to image "
                        + pin.get().id() + ", which came from no registry and so has no image of another platform:"
                        + " run `mvn ocisi:lock` where the registry serves it, or build for " + Platform.machine()
                        + " only (-Docisi.platforms=own)");
            }
            candidates.add(pin.get().digest());
        } else {
            if (!refresh) {
                engine.inspect(need.reference()).ifPresent(own -> candidates.addAll(repoDigests(own, reference)));
            }
            try {
                candidates.add(
                        signatures.applies(reference)
                                ? signatures.servedDigest(reference)
                                : reference.digestIfAny().orElse(reference.tagOrDefault()));
            } catch (RegistryException e) {
                if (candidates.isEmpty()) {
                    return Had.problem(
                            prefix + " could not be looked up in its registry (" + e.getMessage() + "); " + offline);
                }
            }
        }
        Optional<String> platformDigest = Optional.empty();
        Optional<String> refusal = Optional.empty();
        String unread = "";
        for (String at : candidates) {
            if (signatures.applies(reference)) {
                Optional<String> why = signatures.problem(reference, at);
                if (why.isPresent()) {
                    refusal = why;
                    continue;
                }
            }
            try {
                platformDigest = Optional.of(BaseRegistry.client(registries, reference)
                        .platformDigest(BaseRegistry.repository(reference), at, platform));
                break;
            } catch (RegistryException e) {
                unread = e.getMessage();
            }
        }
        if (platformDigest.isEmpty()) {
            return refusal.isPresent() && unread.isEmpty()
                    ? Had.refused(prefix + " is " + refusal.get())
                    : Had.problem(prefix + ": its registry has no such image that ocisi could read (" + unread + "); "
                            + offline);
        }
        String byDigest = reference.atDigest(platformDigest.get());
        Optional<ImageDetails> present = engine.inspect(byDigest);
        if (present.isPresent()) {
            return Had.image(present.get().id(), byDigest);
        }
        log.info("Pulling " + byDigest + " (" + need.reference() + "'s image for " + platform + ") into "
                + need.manager() + "'s image store");
        try {
            engine.pull(byDigest, log::debug);
        } catch (EngineException e) {
            return Had.problem(prefix + " could not be pulled as " + byDigest + ": " + e.getMessage());
        }
        return engine.inspect(byDigest)
                .map(i -> Had.image(i.id(), byDigest))
                .orElseGet(() -> Had.problem(
                        prefix + " was pulled but " + need.manager() + "'s store has no image at " + byDigest));
    }
}
