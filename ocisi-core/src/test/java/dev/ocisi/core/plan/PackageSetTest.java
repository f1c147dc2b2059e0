package dev.ocisi.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.config.RefreshPeriod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Package databases read as sets, their differences in words, and refresh periods. */
class PackageSetTest {

    private static final String STATUS = """
            Package: libc6
            Status: install ok installed
            Architecture: amd64
            Version: 2.36-9+deb12u4
            Description: GNU C Library
             a continuation line: Version: 9

            Package: tzdata
            Status: install ok installed
            Architecture: all
            Version: 2024a-0+deb12u1

            Package: removed-one
            Status: deinstall ok config-files
            Architecture: amd64
            Version: 1.0
            """;

    @Test
    void dpkgsStatusGivesTheInstalledPackagesOnly() {
        PackageSet set = PackageSet.ofDpkgStatus(STATUS);
        assertEquals(
                new TreeMap<>(Map.of("libc6:amd64", "2.36-9+deb12u4", "tzdata", "2024a-0+deb12u1")), set.packages());
        assertEquals("dpkg", set.source());
        assertEquals(
                set.digest(),
                PackageSet.ofDpkgStatus(STATUS.replace("GNU C Library", "glibc"))
                        .digest(),
                "what is not name and version does not count");
    }

    @Test
    void apksInstalledListToo() {
        PackageSet set = PackageSet.ofApkInstalled(
                "C:Q1abc\nP:musl\nV:1.2.4-r2\nA:x86_64\n\nP:ca-certificates-bundle" + "\nV:20240226-r0\nA:noarch\n");
        assertEquals(
                new TreeMap<>(Map.of("musl:x86_64", "1.2.4-r2", "ca-certificates-bundle", "20240226-r0")),
                set.packages());
    }

    /** Lines as rpm prints them with the query format: two kernels and two keys side by side, an epoch. */
    @Test
    void rpmsQueryKeepsVersionsOfOneNameSideBySide() {
        PackageSet set = PackageSet.ofRpmQuery("bash\t5.2.26-3.fc40\tx86_64\n"
                + "kernel-core\t6.8.5-301.fc40\tx86_64\nkernel-core\t6.10.3-200.fc40\tx86_64\n"
                + "gpg-pubkey\ta15b79cc-63d04c2c\t(none)\ngpg-pubkey\t18b8e74c-62f2920f\t(none)\n"
                + "perl-IO\t1.52-506.fc40\tx86_64\nshadow-utils\t2:4.15.1-3.fc40\tx86_64\n"
                + "fedora-release-common\t40-40\tnoarch\n\nnot a package line\n");
        assertEquals(
                new TreeMap<>(Map.of(
                        "bash:x86_64",
                        "5.2.26-3.fc40",
                        "kernel-core:x86_64",
                        "6.10.3-200.fc40, 6.8.5-301.fc40",
                        "gpg-pubkey",
                        "18b8e74c-62f2920f, a15b79cc-63d04c2c",
                        "perl-IO:x86_64",
                        "1.52-506.fc40",
                        "shadow-utils:x86_64",
                        "2:4.15.1-3.fc40",
                        "fedora-release-common",
                        "40-40")),
                set.packages());
        assertEquals("rpm", set.source());
        PackageSet.Changes kernel = PackageSet.ofRpmQuery("kernel-core\t6.8.5-301.fc40\tx86_64\n")
                .changesSince(PackageSet.ofRpmQuery("kernel-core\t6.8.4-300.fc40\tx86_64\n"));
        assertEquals("1 updated: kernel-core:x86_64 6.8.4-300.fc40 -> 6.8.5-301.fc40", kernel.describe());
    }

    @Test
    void theChangesNameEachPackageAndItsVersions() {
        PackageSet before = new PackageSet("dpkg", new TreeMap<>(Map.of("a", "1.0", "b", "2", "c", "3")));
        PackageSet after = new PackageSet("dpkg", new TreeMap<>(Map.of("a", "1.1", "c", "3", "d", "4")));
        PackageSet.Changes changes = after.changesSince(before);
        assertEquals(List.of("a 1.0 -> 1.1"), changes.updated());
        assertEquals(List.of("d 4"), changes.added());
        assertEquals(List.of("b 2"), changes.removed());
        assertEquals(3, changes.count());
        assertEquals("1 updated: a 1.0 -> 1.1; 1 added: d 4; 1 removed: b 2", changes.describe());
        assertTrue(before.changesSince(before).none());
        assertEquals("no package changed", before.changesSince(before).describe());
        assertNotEquals(before.digest(), after.digest());
    }

    @Test
    void aRefreshPeriodIsAWholeNumberAndAUnit() {
        assertEquals(Duration.ofDays(1), RefreshPeriod.parse("1d"));
        assertEquals(Duration.ofDays(14), RefreshPeriod.parse("2w"));
        assertEquals(Duration.ofHours(12), RefreshPeriod.parse("12h"));
        assertEquals(Duration.ofMinutes(30), RefreshPeriod.parse("30m"));
        assertEquals("1d", RefreshPeriod.describe(Duration.ofDays(1)));
        assertEquals("2w", RefreshPeriod.describe(Duration.ofDays(14)));
        assertEquals("36h", RefreshPeriod.describe(Duration.ofHours(36)));
        assertEquals(
                Optional.of("refresh 'soon' is not a period; write a whole number and a unit: m (minutes), h "
                        + "(hours), d (days) or w (weeks), e.g. 1d"),
                RefreshPeriod.problem("soon"));
        assertTrue(RefreshPeriod.problem("-1d").isPresent());
        assertTrue(RefreshPeriod.problem("0d").orElseThrow().contains("-Docisi.force"));
        assertThrows(IllegalArgumentException.class, () -> RefreshPeriod.parse("1.5d"));
    }
}
