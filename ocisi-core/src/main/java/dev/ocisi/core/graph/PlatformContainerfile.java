package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageName;
import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.TextFiles;
import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Containerfile an image of another platform is built from: its own, with each image of the hierarchy that it
 * names (FROM, {@code COPY --from}, {@code RUN --mount=from=}) replaced by that image's build for the platform.
 *
 * An engine building for a platform looks for the named image of that platform and refuses another one (podman:
 * "image not known"); the hierarchy's images of other platforms have names of their own ({@code base:latest-arm64}),
 * so the file has to name them. An image from outside the hierarchy is named by its platform's manifest's digest
 * ({@code debian@sha256:...}): under its written name the store keeps this machine's image. Only those words change:
 * line numbers stay, so the build's errors still point into the user's file.
 */
public final class PlatformContainerfile {

    private PlatformContainerfile() {}

    /**
     * The text to build {@code image} from, or empty when it is the file as written.
     *
     * @param external what the build names an image from outside the hierarchy as, when not as written
     */
    public static Optional<String> of(
            ImageSpec image, HierarchyGraph graph, Function<ImageReference, Optional<String>> external)
            throws ConfigurationException {
        return of(image, name -> graph.find(name).map(ImageNode::spec), external);
    }

    /** @param declared the image of the hierarchy a name declares, if any */
    static Optional<String> of(
            ImageSpec image,
            Function<ImageName, Optional<ImageSpec>> declared,
            Function<ImageReference, Optional<String>> external)
            throws ConfigurationException {
        if (image.isRootfs()
                || (image.platformOf().isEmpty() && !image.platform().isForeign())) {
            return Optional.empty();
        }
        String file = image.containerfile().toString();
        String text = TextFiles.readUtf8(image.containerfile(), file);
        ContainerfileParser.Parsed parsed = ContainerfileParser.parse(text, file);
        BaseImageReader.Result read = BaseImageReader.read(parsed, image.fromArgs(), image.platform());
        List<Replacement> replacements = new ArrayList<>();
        for (int i = 0; i < read.uses().size(); i++) {
            ImageUse use = read.uses().get(i);
            Optional<ImageName> name = use.reference().localName();
            Optional<ImageSpec> named = name.flatMap(declared);
            if (named.isEmpty()) {
                Optional<String> instead = external.apply(use.reference());
                if (instead.isPresent()) {
                    replacements.add(replacement(read.spans().get(i), instead.get(), use));
                }
                continue;
            }
            if (named.get().platformOf().isPresent()) {
                continue;
            }
            ImageName own = named.get().idFor(image.platform());
            if (!own.equals(named.get().id())) {
                replacements.add(replacement(read.spans().get(i), own.localReference(), use));
            }
        }
        if (replacements.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(replace(text, replacements));
    }

    private record Replacement(int line, int fromColumn, int toColumn, String text) {}

    private static Replacement replacement(BaseImageReader.Span span, String text, ImageUse use)
            throws ConfigurationException {
        Instruction instruction = span.instruction();
        Location first = instruction.at(span.start());
        Location last = instruction.at(span.end() - 1);
        if (first.line() != last.line()) {
            throw new ConfigurationException(List.of(Problem.error(
                    first,
                    use.written() + " spans two lines, so its image for another platform cannot be named in its"
                            + " place: write it on one line")));
        }
        return new Replacement(first.line(), first.column(), last.column(), text);
    }

    private static String replace(String text, List<Replacement> replacements) {
        String[] lines = text.split("\r?\n", -1);
        List<Replacement> backwards = new ArrayList<>(replacements);
        // from the end, so that earlier columns on a line stay where they were
        backwards.sort(Comparator.comparingInt(Replacement::line)
                .thenComparingInt(Replacement::fromColumn)
                .reversed());
        for (Replacement r : backwards) {
            String line = lines[r.line() - 1];
            lines[r.line() - 1] = line.substring(0, r.fromColumn() - 1) + r.text() + line.substring(r.toColumn());
        }
        return String.join("\n", lines);
    }
}
