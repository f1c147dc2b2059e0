package dev.ocisi.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The pure parts of ImageSignatures; signing and checking against a registry are SignedImagesTest's. */
class ImageSignaturesTest {

    @Test
    void aSignedReferenceNamesItsRepositoryWithOrWithoutTagOrDigest() {
        assertEquals("localhost:5555/team/base", ImageSignatures.repositoryOf("localhost:5555/team/base"));
        assertEquals("localhost:5555/team/base", ImageSignatures.repositoryOf("localhost:5555/team/base:1"));
        assertEquals(
                "localhost:5555/team/base",
                ImageSignatures.repositoryOf("localhost:5555/team/base@sha256:" + "ab".repeat(32)));
        assertEquals("registry.example/base", ImageSignatures.repositoryOf("registry.example/base:latest"));
    }

    @Test
    void signaturesLiveUnderTheDigestsTag() {
        assertEquals("sha256-" + "ab".repeat(32) + ".sig", ImageSignatures.tag("sha256:" + "ab".repeat(32)));
    }
}
