package dev.ocisi.core.engine;

import dev.ocisi.core.config.Sha256;
import dev.ocisi.core.log.Log;

/** What ocisi says of a damaged image in a store: it never removes one on its own. */
public final class DamagedImages {

    private DamagedImages() {}

    /** The fix: podman's own removal, which works on a damaged record. */
    public static String fix(String id) {
        return "podman rmi -f " + Sha256.shortForm(id);
    }

    public static String describe(String id) {
        return "image " + Sha256.shortForm(id) + " is damaged: podman can no longer read it (its manifest or a layer "
                + "is gone), and `podman images` fails while it is there";
    }

    /** Warns once for each damaged image the engine's last full listing found. */
    public static void warn(String store, ContainerEngine engine, Log log) {
        for (String id : engine.damagedImages()) {
            log.warn(store + "'s store: " + describe(id) + "; ocisi leaves it out and alone: remove it with `" + fix(id)
                    + "`");
        }
    }
}
