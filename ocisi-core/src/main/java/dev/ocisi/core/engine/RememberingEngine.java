package dev.ocisi.core.engine;

import dev.ocisi.core.config.Platform;
import dev.ocisi.core.plan.RegistryLogin;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An engine that remembers what its inspections found until its store changes through it. One goal asks the same
 * images more than once (a no-op {@code process} inspects the plan's images to decide and again for its report;
 * {@code ocisi:report} for the states and for the layers): on podman that is a fifth of a second for 40 images each
 * time. Every call that can change which image a reference names (build, tag, remove, untag, import, pull, push)
 * forgets everything, before and after it, and an inspection that overlapped such a call is not remembered. Changes
 * made to the store by other programs while a goal runs are not seen; ocisi's own runs hold the hierarchy's lock.
 */
final class RememberingEngine implements ContainerEngine {

    private final ContainerEngine engine;
    private final Map<String, Optional<ImageDetails>> inspected = new HashMap<>();
    /** Moves at the start and the end of every change; an inspection is kept only if it did not move meanwhile. */
    private long generation;

    private int changing;

    RememberingEngine(ContainerEngine engine) {
        this.engine = engine;
    }

    @Override
    public EngineInfo info() throws EngineException {
        return engine.info();
    }

    @Override
    public Optional<ImageDetails> inspect(String reference) throws EngineException {
        long before;
        synchronized (this) {
            Optional<ImageDetails> known = inspected.get(reference);
            if (known != null) {
                return known;
            }
            before = generation;
        }
        Optional<ImageDetails> found = engine.inspect(reference);
        remember(before, Map.of(reference, found));
        return found;
    }

    @Override
    public Map<String, ImageDetails> inspectAll(List<String> references) throws EngineException {
        Map<String, Optional<ImageDetails>> known = new HashMap<>();
        // a set: a hierarchy of thousands of images must not cost the square of its size
        Set<String> unknown = new LinkedHashSet<>();
        long before;
        synchronized (this) {
            for (String reference : references) {
                Optional<ImageDetails> image = inspected.get(reference);
                if (image != null) {
                    known.put(reference, image);
                } else {
                    unknown.add(reference);
                }
            }
            before = generation;
        }
        if (!unknown.isEmpty()) {
            Map<String, ImageDetails> found = engine.inspectAll(List.copyOf(unknown));
            Map<String, Optional<ImageDetails>> learnt = new HashMap<>();
            unknown.forEach(reference -> learnt.put(reference, Optional.ofNullable(found.get(reference))));
            remember(before, learnt);
            known.putAll(learnt);
        }
        Map<String, ImageDetails> result = new LinkedHashMap<>();
        for (String reference : references) {
            known.get(reference).ifPresent(image -> result.put(reference, image));
        }
        return result;
    }

    private synchronized void remember(long before, Map<String, Optional<ImageDetails>> found) {
        if (changing == 0 && generation == before) {
            inspected.putAll(found);
        }
    }

    /** A call that may change what references name. */
    private interface Change<T> {
        T run() throws EngineException;
    }

    private <T> T changing(Change<T> change) throws EngineException {
        synchronized (this) {
            changing++;
            generation++;
            inspected.clear();
        }
        try {
            return change.run();
        } finally {
            synchronized (this) {
                changing--;
                generation++;
                inspected.clear();
            }
        }
    }

    @Override
    public String build(BuildRequest request, Consumer<String> output) throws EngineException {
        return changing(() -> engine.build(request, output));
    }

    @Override
    public void tag(String imageId, String reference) throws EngineException {
        changing(() -> {
            engine.tag(imageId, reference);
            return null;
        });
    }

    @Override
    public boolean remove(String referenceOrId) throws EngineException {
        return changing(() -> engine.remove(referenceOrId));
    }

    @Override
    public boolean untag(String reference) throws EngineException {
        return changing(() -> engine.untag(reference));
    }

    @Override
    public String importRootfs(
            Path tarball, Map<String, String> labels, List<String> changes, Optional<Platform> platform)
            throws EngineException {
        return changing(() -> engine.importRootfs(tarball, labels, changes, platform));
    }

    @Override
    public String pull(String reference, Optional<RegistryLogin> login, Consumer<String> output)
            throws EngineException {
        return changing(() -> engine.pull(reference, login, output));
    }

    @Override
    public void push(String image, String reference, Optional<RegistryLogin> login, Consumer<String> output)
            throws EngineException {
        // dockerd pushes through a tag of its own for the moment
        changing(() -> {
            engine.push(image, reference, login, output);
            return null;
        });
    }

    @Override
    public List<Layer> layers(String reference) throws EngineException {
        return engine.layers(reference);
    }

    @Override
    public List<ImageSummary> listByLabels(Map<String, String> labels) throws EngineException {
        return engine.listByLabels(labels);
    }

    @Override
    public List<ContainerSummary> containers() throws EngineException {
        return engine.containers();
    }

    @Override
    public List<String> damagedImages() {
        return engine.damagedImages();
    }

    @Override
    public void removeContainer(String id) throws EngineException {
        engine.removeContainer(id);
    }

    @Override
    public void saveImage(String reference, Path archive) throws EngineException {
        engine.saveImage(reference, archive);
    }

    @Override
    public void loadImage(Path archive) throws EngineException {
        changing(() -> {
            engine.loadImage(archive);
            return null;
        });
    }

    @Override
    public void exportFilesystem(String reference, Path tarball) throws EngineException {
        engine.exportFilesystem(reference, tarball);
    }

    @Override
    public Map<String, byte[]> readFiles(String reference, List<String> paths) throws EngineException {
        return engine.readFiles(reference, paths);
    }

    @Override
    public ContainerOutput runInImage(String reference, List<String> command) throws EngineException {
        return engine.runInImage(reference, command);
    }

    @Override
    public LayerCacheKind layerCacheKind() throws EngineException {
        return engine.layerCacheKind();
    }

    @Override
    public void close() {
        engine.close();
    }
}
