package dev.ocisi.core.sbom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.plan.InstalledPackage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The SPDX document made of an image's database and its parent's, and the purls of its packages. */
class SpdxDocumentTest {

    private static final String PARENT_STATUS = """
            Package: libc6
            Status: install ok installed
            Architecture: amd64
            Source: glibc
            Version: 2.36-9+deb12u4

            Package: zlib1g
            Status: install ok installed
            Architecture: amd64
            Source: zlib
            Version: 1:1.2.13.dfsg-1
            """;
    private static final String CHILD_STATUS = PARENT_STATUS.replace("2.36-9+deb12u4", "2.36-9+deb12u9") + """

            Package: tzdata
            Status: install ok installed
            Architecture: all
            Version: 2024a-0+deb12u1

            Package: libgcc-s1
            Status: install ok installed
            Architecture: amd64
            Source: gcc-12 (12.2.0-14)
            Version: 12.2.0-14
            """;
    private static final OsRelease DEBIAN = OsRelease.parse("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
            + "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SpdxDocument.Contents contents() {
        return new SpdxDocument.Contents(
                new SpdxDocument.Subject(
                        "localhost/child:latest", "sha256:" + "c".repeat(64), Instant.parse("2026-12-05T10:11:12.5Z")),
                Optional.of(new PackageDatabase("dpkg", InstalledPackage.ofDpkgStatus(CHILD_STATUS))),
                DEBIAN,
                Optional.of(new SpdxDocument.Subject(
                        "localhost/base:latest", "sha256:" + "b".repeat(64), Instant.parse("2026-12-04T00:00:00Z"))),
                Optional.of(new PackageDatabase("dpkg", InstalledPackage.ofDpkgStatus(PARENT_STATUS))));
    }

    @Test
    void listsEveryPackageWithItsPurlAndSaysWhichTheImageAdds() throws Exception {
        byte[] bytes = SpdxDocument.of(contents(), "ocisi");
        JsonNode doc = JSON.readTree(bytes);
        assertEquals("SPDX-2.3", doc.path("spdxVersion").asText());
        assertEquals(
                "2026-12-05T10:11:12Z", doc.path("creationInfo").path("created").asText(), "the image's time");
        List<String> purls = new ArrayList<>();
        TreeSet<String> added = new TreeSet<>();
        for (JsonNode p : doc.path("packages")) {
            if (p.has("externalRefs")) {
                purls.add(
                        p.path("externalRefs").path(0).path("referenceLocator").asText());
            }
            if (p.path("comment").asText().startsWith(SpdxDocument.ADDED)) {
                added.add(p.path("name").asText() + " " + p.path("versionInfo").asText());
            }
        }
        assertEquals(
                List.of(
                        "pkg:deb/debian/libc6@2.36-9%2Bdeb12u9?arch=amd64&distro=debian-12&upstream=glibc",
                        "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib",
                        "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12",
                        "pkg:deb/debian/libgcc-s1@12.2.0-14?arch=amd64&distro=debian-12&upstream=gcc-12"),
                purls);
        assertEquals(
                new TreeSet<>(List.of("libc6 2.36-9+deb12u9", "libgcc-s1 12.2.0-14", "tzdata 2024a-0+deb12u1")),
                added,
                "an updated version is added by the child; zlib1g, unchanged, is the parent's");
        List<String> relationships = new ArrayList<>();
        doc.path("relationships")
                .forEach(r -> relationships.add(r.path("spdxElementId").asText() + " "
                        + r.path("relationshipType").asText() + " "
                        + r.path("relatedSpdxElement").asText()));
        assertTrue(relationships.contains("SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image"), relationships.toString());
        assertTrue(relationships.contains("SPDXRef-Image DESCENDANT_OF SPDXRef-Parent"), relationships.toString());
        assertTrue(
                relationships.contains("SPDXRef-Parent CONTAINS SPDXRef-Package-dpkg-zlib1g-amd64-1-1.2.13.dfsg-1"),
                relationships.toString());
        assertEquals(4 + 1 + 2, relationships.size(), "every package in the image, one in the parent, and the two");

        Sbom sbom = Sbom.of(new ImageName("child", "latest"), bytes);
        assertEquals("sha256:" + "c".repeat(64), sbom.imageId());
        assertEquals("4 packages, 3 added over localhost/base:latest", sbom.describe());
        assertArrayEquals(bytes, SpdxDocument.of(contents(), "ocisi"), "the same image, the same document");
    }

    @Test
    void anImageWithoutADatabaseIsDescribedWithoutPackages() throws Exception {
        JsonNode doc = JSON.readTree(SpdxDocument.of(
                new SpdxDocument.Contents(
                        new SpdxDocument.Subject("localhost/tiny:latest", "sha256:1", Instant.EPOCH),
                        Optional.empty(),
                        OsRelease.UNKNOWN,
                        Optional.empty(),
                        Optional.empty()),
                "ocisi"));
        assertEquals(1, doc.path("packages").size());
        assertTrue(doc.path("creationInfo").path("comment").asText().contains("no package database"));
    }

    @Test
    void purlsOfApkAndRpmPackages() {
        InstalledPackage busybox = InstalledPackage.ofApkInstalled(
                        "P:busybox-binsh\nV:1.36.1-r29\nA:x86_64\no:busybox\n")
                .get(0);
        assertEquals(
                "pkg:apk/alpine/busybox-binsh@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3&upstream=busybox",
                Purl.of("apk", OsRelease.parse("ID=alpine\nVERSION_ID=3.20.3\n"), busybox));
        InstalledPackage shadow = InstalledPackage.ofRpmQuery(
                        "shadow-utils\t2:4.15.1-12.fc41\tx86_64\tshadow-utils-4.15.1-12.fc41.src.rpm\n")
                .get(0);
        assertEquals(
                "pkg:rpm/fedora/shadow-utils@4.15.1-12.fc41?arch=x86_64&distro=fedora-41&epoch=2"
                        + "&upstream=shadow-utils-4.15.1-12.fc41.src.rpm",
                Purl.of("rpm", OsRelease.parse("ID=fedora\nVERSION_ID=41\n"), shadow));
        assertFalse(Purl.of("rpm", OsRelease.UNKNOWN, shadow).contains("distro="), "no distribution known, none said");
    }

    @Test
    void osReleaseReadsQuotedAndPlainValues() {
        OsRelease os = OsRelease.parse("# comment\nID='opensuse-tumbleweed'\nVERSION_ID=\"20241201\"\n");
        assertEquals(new OsRelease("opensuse-tumbleweed", "20241201"), os);
        assertEquals("opensuse-tumbleweed-20241201", os.distro());
    }
}
