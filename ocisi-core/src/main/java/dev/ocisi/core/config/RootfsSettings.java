package dev.ocisi.core.config;

import dev.ocisi.core.problem.Location;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An image made from a root filesystem instead of a Containerfile, written under {@code rootfs:} on the item: a
 * tarball pinned by its SHA-256, or a debootstrap of a Debian suite. No registry is involved either way.
 *
 * @param source where the files come from
 * @param cmd    the image's {@code CMD}, as a Containerfile writes it after {@code CMD} (exec or shell form); empty
 *               for none
 * @param tarballs for an image of several platforms, each platform's tarball ({@code source} is one of them)
 */
public record RootfsSettings(Source source, Optional<String> cmd, Map<Platform, Tarball> tarballs) {

    public RootfsSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(cmd, "cmd");
        tarballs = Map.copyOf(tarballs);
    }

    public RootfsSettings(Source source, Optional<String> cmd) {
        this(source, cmd, Map.of());
    }

    /** The settings of the image's build for {@code platform}: its own tarball, or the same debootstrap. */
    public RootfsSettings forPlatform(Platform platform) {
        Source own = tarballs.containsKey(platform)
                ? tarballs.get(platform)
                : source instanceof Debootstrap debootstrap ? debootstrap.forPlatform(platform) : source;
        return new RootfsSettings(own, cmd, tarballs);
    }

    /** Where a root filesystem comes from. */
    public sealed interface Source permits Tarball, Debootstrap {

        /** What decides the files, by name: the same settings, the same image (see {@code Inputs}). */
        SortedMap<String, String> settings();

        /** One line for logs and reports. */
        String describe();
    }

    /**
     * A tarball on this machine, plain or compressed (gzip, bzip2, xz, zstd: the engine reads them), checked against
     * its pinned digest before anything is imported.
     *
     * @param file   the tarball, absolute
     * @param sha256 the SHA-256 it must have, 64 lowercase hex digits
     * @param pinnedAt where {@code sha256} is written, for the message when the file does not match
     */
    public record Tarball(Path file, String sha256, Location pinnedAt) implements Source {
        /** The name of its one setting. */
        public static final String PIN = "tarball.sha256";

        public Tarball {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(pinnedAt, "pinnedAt");
        }

        @Override
        public SortedMap<String, String> settings() {
            // the digest decides, not the path: a tarball moved elsewhere is the same image
            return new TreeMap<>(Map.of(PIN, sha256));
        }

        @Override
        public String describe() {
            return "tarball " + file.getFileName() + " (sha256:" + sha256 + ")";
        }
    }

    /**
     * A Debian (or derivative) suite installed by {@code debootstrap}.
     *
     * @param suite      the suite or codename, e.g. bookworm
     * @param variant    debootstrap's {@code --variant}: minbase, buildd, or "" for debootstrap's own default
     * @param components the archive components, e.g. main, contrib
     * @param packages   packages installed on top ({@code --include})
     * @param mirror     the mirror; empty for the one apt uses on this machine
     * @param architecture Debian's architecture to install ({@code arm64}) for an image that names its platforms;
     *                   empty for this machine's. Not one of the {@link #settings}: the platform is an input already,
     *                   and a machine of that platform, which installs its own, computes the same inputs
     */
    public record Debootstrap(
            String suite,
            String variant,
            List<String> components,
            List<String> packages,
            Optional<String> mirror,
            Optional<String> architecture)
            implements Source {

        /** The name of the setting that every debootstrap has. */
        public static final String SUITE = "debootstrap.suite";

        public static final String DEFAULT_VARIANT = "minbase";
        public static final List<String> DEFAULT_COMPONENTS = List.of("main");

        public Debootstrap {
            Objects.requireNonNull(suite, "suite");
            Objects.requireNonNull(variant, "variant");
            components = List.copyOf(components);
            packages = List.copyOf(packages);
            Objects.requireNonNull(mirror, "mirror");
            architecture = architecture == null ? Optional.empty() : architecture;
        }

        public Debootstrap(
                String suite, String variant, List<String> components, List<String> packages, Optional<String> mirror) {
            this(suite, variant, components, packages, mirror, Optional.empty());
        }

        /** The same suite and packages, of another architecture. */
        public Debootstrap forPlatform(Platform platform) {
            return new Debootstrap(
                    suite, variant, components, packages, mirror, Optional.of(platform.debianArchitecture()));
        }

        @Override
        public SortedMap<String, String> settings() {
            SortedMap<String, String> settings = new TreeMap<>();
            settings.put(SUITE, suite);
            settings.put("debootstrap.variant", variant);
            settings.put("debootstrap.components", String.join(",", components));
            // the order of --include does not change what is installed
            settings.put("debootstrap.packages", String.join(",", new TreeSet<>(packages)));
            // the machine's own mirror serves the same suite: only a mirror the user chose is an input
            mirror.ifPresent(m -> settings.put("debootstrap.mirror", m));
            return settings;
        }

        @Override
        public String describe() {
            return "debootstrap " + suite + architecture.map(a -> " " + a).orElse("")
                    + (variant.isEmpty() ? "" : " (" + variant + ")")
                    + (packages.isEmpty()
                            ? ""
                            : " + " + packages.size() + (packages.size() == 1 ? " package" : " packages"));
        }
    }
}
