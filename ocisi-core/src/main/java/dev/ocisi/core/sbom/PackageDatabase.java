package dev.ocisi.core.sbom;

import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.ContainerOutput;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.plan.InstalledPackage;
import dev.ocisi.core.plan.PackageSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The packages an image has installed, read from its package database: dpkg's status file, else apk's installed list
 * (both read without running anything), else {@code rpm -qa} run in a container of the image.
 *
 * @param manager  {@code dpkg}, {@code apk} or {@code rpm}
 * @param packages in the database's order
 */
public record PackageDatabase(String manager, List<InstalledPackage> packages) {

    private static final String DPKG_STATUS = "/var/lib/dpkg/status";
    private static final String APK_INSTALLED = "/lib/apk/db/installed";
    private static final String RPM = "/usr/bin/rpm";
    /** /etc/os-release is mostly a link to the first, and a copy out of an image copies a link as a link. */
    private static final List<String> OS_RELEASE = List.of("/usr/lib/os-release", "/etc/os-release");

    public PackageDatabase {
        packages = List.copyOf(packages);
    }

    public PackageSet toSet() {
        return PackageSet.of(manager, packages);
    }

    /** The image's database; none when it has none of the three (a busybox or distroless image). */
    public static Optional<PackageDatabase> read(String imageId, ContainerEngine engine) throws EngineException {
        return read(imageId, engine, false).packages();
    }

    /**
     * What {@link #read(String, ContainerEngine, boolean)} found.
     *
     * @param packages the package database, when the image has one
     * @param os       its {@code os-release}, when asked for ({@link OsRelease#UNKNOWN} else)
     */
    public record Found(Optional<PackageDatabase> packages, OsRelease os) {}

    /**
     * The image's database and, if asked, its os-release. The files are read through a container that never starts:
     * first dpkg's and os-release's usual places (most images are Debian's or Ubuntu's), then, only when one was not
     * there, apk's, rpm's program and os-release's other place; rpm runs in another container only where it is.
     */
    public static Found read(String imageId, ContainerEngine engine, boolean withOs) throws EngineException {
        Map<String, byte[]> files = new HashMap<>(
                engine.readFiles(imageId, withOs ? List.of(DPKG_STATUS, OS_RELEASE.get(0)) : List.of(DPKG_STATUS)));
        List<String> more = new ArrayList<>();
        if (!files.containsKey(DPKG_STATUS)) {
            more.addAll(List.of(APK_INSTALLED, RPM));
        }
        if (withOs && !files.containsKey(OS_RELEASE.get(0))) {
            more.add(OS_RELEASE.get(1));
        }
        if (!more.isEmpty()) {
            files.putAll(engine.readFiles(imageId, more));
        }
        OsRelease os = OS_RELEASE.stream()
                .filter(files::containsKey)
                .findFirst()
                .map(path -> OsRelease.parse(utf8(files.get(path))))
                .orElse(OsRelease.UNKNOWN);
        if (files.containsKey(DPKG_STATUS)) {
            return new Found(
                    Optional.of(
                            new PackageDatabase("dpkg", InstalledPackage.ofDpkgStatus(utf8(files.get(DPKG_STATUS))))),
                    os);
        }
        if (files.containsKey(APK_INSTALLED)) {
            return new Found(
                    Optional.of(new PackageDatabase(
                            "apk", InstalledPackage.ofApkInstalled(utf8(files.get(APK_INSTALLED))))),
                    os);
        }
        if (files.containsKey(RPM)) {
            // rpm's database is a binary file whose format changed over the years (Berkeley DB, then SQLite, and
            // where it lives too): only the image's own rpm is sure to read it
            ContainerOutput rpm =
                    engine.runInImage(imageId, List.of("rpm", "-qa", "--qf", InstalledPackage.RPM_QUERY_FORMAT));
            if (rpm.ok()) {
                List<InstalledPackage> packages = InstalledPackage.ofRpmQuery(rpm.stdout());
                if (!packages.isEmpty()) {
                    return new Found(Optional.of(new PackageDatabase("rpm", packages)), os);
                }
            }
        }
        return new Found(Optional.empty(), os);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
