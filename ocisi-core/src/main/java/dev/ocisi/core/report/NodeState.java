package dev.ocisi.core.report;

import java.util.Locale;

/** How an image of the hierarchy stands, as the page colours it, and why. */
public record NodeState(Kind kind, String text) {

    public enum Kind {
        CURRENT("#d3f9d8"),
        STALE("#ffd8a8"),
        FAILED("#ffc9c9"),
        DISABLED("#f1f3f5"),
        UNKNOWN("#ffffff");

        private final String fill;

        Kind(String fill) {
            this.fill = fill;
        }

        public String fill() {
            return fill;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
