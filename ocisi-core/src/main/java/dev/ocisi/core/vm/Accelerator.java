package dev.ocisi.core.vm;

import java.util.Locale;
import java.util.Optional;

/** How QEMU runs the guest: KVM when it works, else TCG, QEMU's software emulation. */
public enum Accelerator {
    KVM("kvm", "KVM"),
    TCG("tcg", "software emulation (TCG)");

    private final String id;
    private final String description;

    Accelerator(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The user's choice: {@code auto} (empty: KVM when it works), {@code kvm} or {@code tcg}. */
    public static Optional<Optional<Accelerator>> parse(String text) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        if (word.equals("auto")) {
            return Optional.of(Optional.empty());
        }
        for (Accelerator accelerator : values()) {
            if (accelerator.id.equals(word)) {
                return Optional.of(Optional.of(accelerator));
            }
        }
        return Optional.empty();
    }
}
