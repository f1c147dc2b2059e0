package dev.ocisi.core.run;

import dev.ocisi.core.config.Manager;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.StoreLayers;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The layers each store holds, as a run's pulls need them for their update size: read from the store once, at the
 * first pull, then kept current with what each pull brings. Reading the whole store for every pull cost a listing
 * and an inspection of every image each time, more with every image pulled.
 */
final class HeldLayers {

    private final Map<Manager, Set<String>> byStore = new ConcurrentHashMap<>();

    /** The layers (uncompressed digests) the store holds now. */
    Set<String> of(Manager manager, ContainerEngine engine) throws EngineException {
        Set<String> held = byStore.get(manager);
        if (held == null) {
            synchronized (this) {
                held = byStore.get(manager);
                if (held == null) {
                    held = ConcurrentHashMap.newKeySet();
                    held.addAll(StoreLayers.read(engine).held());
                    byStore.put(manager, held);
                }
            }
        }
        return Set.copyOf(held);
    }

    /** The store now holds these layers too. */
    void add(Manager manager, Collection<String> layers) {
        Set<String> held = byStore.get(manager);
        if (held != null) {
            held.addAll(layers);
        }
    }
}
