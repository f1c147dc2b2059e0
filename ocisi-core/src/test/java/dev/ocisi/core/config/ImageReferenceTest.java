package dev.ocisi.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            alpine                                 | -                | alpine                 | -       | -
            alpine:3.20                            | -                | alpine                 | 3.20    | -
            library/alpine                         | -                | library/alpine         | -       | -
            docker.io/library/alpine:3             | docker.io        | library/alpine         | 3       | -
            localhost/fedora-dev-base:latest       | localhost        | fedora-dev-base        | latest  | -
            quay.io/fedora/fedora:43-x86_64        | quay.io          | fedora/fedora          | 43-x86_64 | -
            localhost:5000/a/b:c                   | localhost:5000   | a/b                    | c       | -
            Registry/x                             | Registry         | x                      | -       | -
            a__b.c-d---e                           | -                | a__b.c-d---e           | -       | -
            busybox@sha256:0123456789abcdef0123456789abcdef | -       | busybox                | -       | sha256:0123456789abcdef0123456789abcdef
            """)
    void parsesTheOciGrammar(String text, String domain, String path, String tag, String digest) {
        ImageReference reference = ImageReference.parse(text);
        assertEquals(new ImageReference(domain, path, tag, digest), reference);
        assertEquals(text, reference.toString());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            fedora-dev-base                    | fedora-dev-base:latest
            fedora-dev-base:1                  | fedora-dev-base:1
            localhost/fedora-dev-base:1        | fedora-dev-base:1
            docker.io/library/debian:bookworm  | debian:bookworm
            docker.io/debian                   | debian:latest
            library/debian                     | debian:latest
            quay.io/fedora/fedora:43           | -
            localhost/a/b                      | -
            ghcr.io/ublue-os/x                 | -
            debian@sha256:0123456789abcdef0123456789abcdef | -
            """)
    void namesAnImageOfTheHierarchyOnlyWhenLocal(String text, String expected) {
        Optional<ImageName> name = ImageReference.parse(text).localName();
        assertEquals(Optional.ofNullable(expected), name.map(ImageName::toString));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            UPPER                      | 'UPPER' in 'UPPER' is no repository name (repository names are lower case)
            a//b                       | 'a//b' in 'a//b' is no repository name
            a:b:c                      | 'a:b' in 'a:b:c' is no repository name
            a:-x                       | '-x' in 'a:-x' is no tag: a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'
            a@sha256:12                | 'sha256:12' in 'a@sha256:12' is no digest
            -bad.io/x                  | '-bad.io' in '-bad.io/x' is no registry host name
            """)
    void saysWhatIsWrong(String text, String message) {
        assertEquals(
                message,
                assertThrows(ImageReference.InvalidReferenceException.class, () -> ImageReference.parse(text))
                        .getMessage());
    }
}
