package dev.ocisi.core.decision;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.plan.BuildOptions;
import dev.ocisi.core.plan.CurrentImage;
import dev.ocisi.core.plan.Decision;
import dev.ocisi.core.plan.Freshness;
import dev.ocisi.core.plan.Inputs;
import dev.ocisi.core.plan.InputsStore;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.plan.RefreshRecords;
import dev.ocisi.core.plan.RunUser;
import dev.ocisi.core.problem.StateException;
import dev.ocisi.core.registry.Registries;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The facts of one image as the store, the registry and the state folder give them, asked for when the ladder asks. */
public final class StoreFacts implements ImageFacts {

    /** Where the facts are read: the image's engine, the state folder's records, and the registries. */
    public record Sources(
            ContainerEngine engine,
            InputsStore store,
            PackageSets packages,
            RefreshRecords refreshes,
            Registries registries,
            Log log) {}

    private final ImageSpec spec;
    private final Freshness.Verdict verdict;
    private final Optional<CurrentImage> current;
    private final BuildOptions options;
    private final Sources sources;
    private final Optional<ShardOwner> otherShard;
    private final Optional<String> missingBase;
    private final Map<ImageName, ImageDecision> pendingParents;

    private StoreFacts(
            ImageSpec spec,
            Freshness.Verdict verdict,
            Optional<CurrentImage> current,
            BuildOptions options,
            Sources sources,
            Optional<ShardOwner> otherShard,
            Optional<String> missingBase,
            Map<ImageName, ImageDecision> pendingParents) {
        this.spec = spec;
        this.verdict = verdict;
        this.current = current;
        this.options = options;
        this.sources = sources;
        this.otherShard = otherShard;
        this.missingBase = missingBase;
        this.pendingParents = Map.copyOf(pendingParents);
    }

    /**
     * Reads the image's inputs (its Containerfile and context) and what they say.
     *
     * @param parentIds the ids of the images it is built on, by name
     * @param baseId    the id of its external base, or ""
     * @param now       the time refresh periods are measured to
     * @throws StateException when its Containerfile or build context cannot be read
     */
    public static StoreFacts read(
            ImageSpec spec,
            Map<String, String> parentIds,
            String baseId,
            Optional<CurrentImage> current,
            BuildOptions options,
            RunUser user,
            Instant now,
            Sources sources)
            throws StateException {
        Freshness.Verdict verdict;
        try {
            verdict = Freshness.of(
                    spec, parentIds, baseId, current, options, user, sources.store(), sources.refreshes(), now);
        } catch (IOException e) {
            throw StateException.cannot("read its build context", e);
        }
        return new StoreFacts(spec, verdict, current, options, sources, Optional.empty(), Optional.empty(), Map.of());
    }

    /** With the base the store lacks (the dry run's: a run pulls it before anything is built). */
    public StoreFacts missingBase(String reference) {
        return new StoreFacts(
                spec, verdict, current, options, sources, otherShard, Optional.of(reference), pendingParents);
    }

    public StoreFacts builtByShard(ShardOwner owner) {
        return new StoreFacts(
                spec, verdict, current, options, sources, Optional.of(owner), missingBase, pendingParents);
    }

    public StoreFacts pendingParents(Map<ImageName, ImageDecision> parents) {
        return new StoreFacts(spec, verdict, current, options, sources, otherShard, missingBase, parents);
    }

    /** The inputs read, which a build labels its image with. */
    public Inputs inputs() {
        return verdict.inputs();
    }

    @Override
    public ImageName image() {
        return spec.id();
    }

    @Override
    public Decision byInputs() {
        return verdict.decision();
    }

    @Override
    public Optional<CurrentImage> current() {
        return current;
    }

    @Override
    public boolean forced() {
        return options.force().applies(spec.id());
    }

    @Override
    public boolean pullOnly() {
        return options.registry().pullOnly();
    }

    @Override
    public Optional<ShardOwner> otherShard() {
        return otherShard;
    }

    @Override
    public Optional<String> missingBase() {
        return missingBase;
    }

    @Override
    public Map<ImageName, ImageDecision> pendingParents() {
        return pendingParents;
    }

    @Override
    public boolean hasPackageDatabase() throws EngineException {
        return current.isPresent()
                && sources.packages().of(current.get().id(), sources.engine()).isPresent();
    }

    @Override
    public Optional<String> earlierBuild() throws EngineException {
        String digest = verdict.inputs().digest();
        Optional<String> recorded = sources.store().built(digest, spec.manager().toString());
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        return sources.engine()
                .inspect(recorded.get())
                .filter(i -> OcisiLabels.builtFor(i.labels(), spec) && digest.equals(i.label(OcisiLabels.INPUT_DIGEST)))
                .map(ImageDetails::id);
    }

    @Override
    public Published published() {
        return RegistryLookup.find(spec, verdict.inputs().digest(), sources.registries(), sources.log());
    }
}
