package dev.ocisi.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocisi.core.problem.Location;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a Containerfile builds on, read as BuildKit and buildah read it. */
class BaseImageReaderTest {

    private static BaseImageReader.Result read(String containerfile, Map<String, String> args) {
        return BaseImageReader.read(ContainerfileParser.parse(containerfile, "Containerfile"), args);
    }

    private static List<String> uses(BaseImageReader.Result result) {
        return result.uses().stream()
                .map(u -> u.kind() + " " + u.reference() + " @" + u.location().line() + ":"
                        + u.location().column())
                .toList();
    }

    @Test
    void argDefaultsAndBuildArgsFillTheFrom() {
        String file = "ARG IMG=\"fedora-dev-base\"\nARG TAG=latest\n\nFROM $IMG:${TAG}\n";
        assertEquals(List.of("BASE fedora-dev-base:latest @4:6"), uses(read(file, Map.of())));
        assertEquals(List.of("BASE zig:0.14.0 @4:6"), uses(read(file, Map.of("IMG", "zig", "TAG", "0.14.0"))));
    }

    @Test
    void aBuildArgWithoutAnArgDeclarationIsNotSeenByFrom() {
        BaseImageReader.Result result = read("FROM ${IMG:-alpine}\n", Map.of("IMG", "ignored"));
        assertEquals(List.of("BASE alpine @1:6"), uses(result));
    }

    @Test
    void expansionFormsFollowTheShellLexer() {
        assertEquals(List.of("BASE a:x @2:6"), uses(read("ARG V\nFROM a:${V:-x}\n", Map.of())));
        assertEquals(List.of("BASE a:set @2:6"), uses(read("ARG V=y\nFROM a:${V:+set}\n", Map.of())));
        assertEquals(List.of("BASE a:3-y @2:6"), uses(read("ARG V=y\nFROM a:3-$V\n", Map.of())));
        assertEquals(List.of("BASE a:b @3:6"), uses(read("ARG A=b\nARG B=$A\nFROM a:$B\n", Map.of())));
    }

    @Test
    void multiStageBuildsFollowStagesToTheFinalBase() {
        BaseImageReader.Result result = read("""
                FROM --platform=$BUILDPLATFORM golang:1.23 AS build
                RUN go build ./...
                FROM fedora-dev-base AS runtime
                FROM runtime
                COPY --from=build /out /usr/bin
                COPY --from=0 /x /x
                COPY --chown=1:1 --from=tools:1 /t /t
                RUN --mount=type=bind,from=cache:2,target=/c true
                """, Map.of());
        assertEquals(
                List.of(
                        "STAGE golang:1.23 @1:32",
                        "BASE fedora-dev-base @3:6",
                        "COPY_FROM tools:1 @7:25",
                        "COPY_FROM cache:2 @8:28"),
                uses(result));
        assertTrue(result.findings().isEmpty());
    }

    @Test
    void scratchHasNoBase() {
        assertEquals(List.of(), uses(read("FROM scratch\nCOPY x /\n", Map.of())));
    }

    @Test
    void continuationsCommentsAndTheEscapeDirectiveKeepPositions() {
        String file = "# escape=`\n\n# a comment\nFROM `\n# inside\n    quay.io/fedora/fedora:43 `\n  AS base\n";
        assertEquals(List.of("BASE quay.io/fedora/fedora:43 @6:5"), uses(read(file, Map.of())));
    }

    @Test
    void heredocBodiesAreNoInstructions() {
        String file = """
                FROM debian:bookworm
                RUN <<EOF
                FROM evil:1
                EOF
                COPY <<-"END" /etc/motd
                \tFROM evil:2
                \tEND
                """;
        assertEquals(List.of("BASE debian:bookworm @1:6"), uses(read(file, Map.of())));
    }

    @Test
    void platformArgsAreKnownWithoutDeclaration() {
        BaseImageReader.Result result = read("FROM --platform=$TARGETPLATFORM alpine\nARG X=1\n", Map.of());
        assertEquals(List.of("BASE alpine @1:33"), uses(result));
        assertEquals(java.util.Set.of("X"), result.declaredArgs());
    }

    @Test
    void instructionLocationsPointAtTheKeyword() {
        List<Instruction> instructions =
                ContainerfileParser.parse("  from a\nrun \\\n  true\n", "F").instructions();
        assertEquals("FROM", instructions.get(0).keyword());
        assertEquals(new Location("F", 1, 3), instructions.get(0).location());
        assertEquals("true", instructions.get(1).arguments());
        assertEquals(new Location("F", 3, 3), instructions.get(1).at(0));
    }
}
