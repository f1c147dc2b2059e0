package dev.ocisi.core.graph;

import dev.ocisi.core.config.ImageReference;
import dev.ocisi.core.config.Platform;
import dev.ocisi.core.problem.Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the images a Containerfile builds on: every FROM (build arguments substituted, {@code --platform} flags
 * skipped, names of earlier stages followed) and every {@code COPY --from} or {@code RUN --mount=from=} that names an
 * image rather than a stage.
 */
final class BaseImageReader {

    /** Something the reader could not make sense of; {@code finalBase} when it hides the image's own base. */
    record Finding(Location location, String message, boolean finalBase) {}

    /**
     * @param uses          the images used, the final stage's base marked {@link ImageUse.Kind#BASE}
     * @param declaredArgs  every ARG name the file declares, in any stage
     * @param findings      what could not be read
     * @param hasFrom       whether the file has any FROM at all
     */
    record Result(
            List<ImageUse> uses, Set<String> declaredArgs, List<Finding> findings, boolean hasFrom, List<Span> spans) {}

    /** Where the image of a use is written: characters {@code start} to {@code end} (exclusive) of the arguments. */
    record Span(Instruction instruction, int start, int end) {}

    /** What one stage is built on: an image, an earlier stage, nothing (scratch), or what could not be read. */
    private record Stage(String name, ImageUse image, Integer earlierStage) {}

    private final ContainerfileParser.Parsed parsed;
    private final Map<String, String> buildArgs;
    private final Map<String, String> globalScope = new HashMap<>();
    private final Set<String> declaredArgs = new LinkedHashSet<>();
    private final List<Stage> stages = new ArrayList<>();
    private final List<ImageUse> uses = new ArrayList<>();
    private final List<Span> spans = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();

    private final Map<String, String> platformArgs;

    private BaseImageReader(ContainerfileParser.Parsed parsed, Map<String, String> buildArgs, Platform target) {
        this.parsed = parsed;
        this.buildArgs = buildArgs;
        this.platformArgs = PlatformArgs.forTarget(target);
        globalScope.putAll(platformArgs);
    }

    static Result read(ContainerfileParser.Parsed parsed, Map<String, String> buildArgs) {
        return read(parsed, buildArgs, Platform.machine());
    }

    /** @param target the platform the image is built for, whose arguments ({@code TARGETARCH}) FROM may use */
    static Result read(ContainerfileParser.Parsed parsed, Map<String, String> buildArgs, Platform target) {
        BaseImageReader reader = new BaseImageReader(parsed, new LinkedHashMap<>(buildArgs), target);
        reader.readAll();
        return reader.result();
    }

    private void readAll() {
        for (Instruction instruction : parsed.instructions()) {
            switch (instruction.keyword()) {
                case "ARG" -> arg(instruction);
                case "FROM" -> from(instruction);
                case "COPY", "ADD" -> copyFrom(instruction);
                case "RUN" -> mountFrom(instruction);
                default -> {
                    if (stages.isEmpty()) {
                        findings.add(new Finding(
                                instruction.location(),
                                instruction.keyword() + " comes before the first FROM; only ARG may stand there",
                                false));
                    }
                }
            }
        }
    }

    private Result result() {
        List<ImageUse> marked = new ArrayList<>(uses);
        if (!stages.isEmpty()) {
            Stage stage = stages.get(stages.size() - 1);
            while (stage.earlierStage() != null) {
                stage = stages.get(stage.earlierStage());
            }
            if (stage.image() != null) {
                int at = marked.indexOf(stage.image());
                marked.set(at, stage.image().withKind(ImageUse.Kind.BASE));
            }
        }
        return new Result(
                List.copyOf(marked),
                Set.copyOf(declaredArgs),
                List.copyOf(findings),
                !stages.isEmpty(),
                List.copyOf(spans));
    }

    private void arg(Instruction instruction) {
        for (Words.Word word : Words.split(instruction.arguments(), parsed.escape())) {
            String text = word.text();
            int equals = text.indexOf('=');
            String name = equals < 0 ? text : text.substring(0, equals);
            declaredArgs.add(name);
            if (!stages.isEmpty()) {
                continue; // an ARG after FROM is in that stage's scope, which no FROM can see
            }
            String value;
            if (buildArgs.containsKey(name)) {
                value = buildArgs.get(name);
            } else if (equals >= 0) {
                value = ArgExpander.expand(text.substring(equals + 1), globalScope, parsed.escape())
                        .text();
            } else {
                value = platformArgs.get(name);
            }
            if (value == null) {
                globalScope.remove(name);
            } else {
                globalScope.put(name, value);
            }
        }
    }

    private void from(Instruction instruction) {
        List<Words.Word> words = Words.split(instruction.arguments(), parsed.escape());
        int i = 0;
        while (i < words.size() && words.get(i).text().startsWith("--")) {
            i++; // --platform=...: a stage for another platform is still built on the image it names
        }
        if (i >= words.size()) {
            findings.add(new Finding(instruction.location(), "FROM names no image", stages.isEmpty()));
            stages.add(new Stage(null, null, null));
            return;
        }
        Words.Word image = words.get(i);
        String stageName = null;
        if (words.size() == i + 3 && words.get(i + 1).text().equalsIgnoreCase("as")) {
            stageName = words.get(i + 2).text().toLowerCase(Locale.ROOT);
        } else if (words.size() != i + 1) {
            findings.add(new Finding(
                    instruction.at(words.get(i + 1).offset()),
                    "FROM takes an image and an optional 'AS name', found '" + instruction.arguments() + "'",
                    false));
        }
        Location at = instruction.at(image.offset());
        Optional<ResolvedName> resolved = resolve(image.text(), at, "FROM");
        if (resolved.isEmpty()) {
            stages.add(new Stage(stageName, null, null));
            return;
        }
        String text = resolved.get().text();
        Integer earlier = stageIndex(text);
        if (earlier != null) {
            stages.add(new Stage(stageName, null, earlier));
        } else if (text.equalsIgnoreCase("scratch")) {
            stages.add(new Stage(stageName, null, null));
        } else {
            ImageUse use = imageUse(
                    text, image.text(), at, ImageUse.Kind.STAGE, new Span(instruction, image.offset(), image.end()));
            stages.add(new Stage(stageName, use, null));
        }
    }

    private void copyFrom(Instruction instruction) {
        for (Words.Word flag : leadingFlags(instruction)) {
            if (flag.text().startsWith("--from=")) {
                String source = flag.text().substring("--from=".length());
                usedImage(instruction, flag.offset() + "--from=".length(), flag.end(), source);
            }
        }
    }

    private void mountFrom(Instruction instruction) {
        for (Words.Word flag : leadingFlags(instruction)) {
            if (!flag.text().startsWith("--mount=")) {
                continue;
            }
            int offset = flag.offset() + "--mount=".length();
            for (String option : flag.text().substring("--mount=".length()).split(",")) {
                if (option.startsWith("from=")) {
                    usedImage(
                            instruction,
                            offset + "from=".length(),
                            offset + option.length(),
                            option.substring("from=".length()));
                }
                offset += option.length() + 1;
            }
        }
    }

    private void usedImage(Instruction instruction, int offset, int end, String written) {
        Location at = instruction.at(offset);
        Optional<ResolvedName> resolved = resolve(written, at, "--from");
        if (resolved.isEmpty() || stageIndex(resolved.get().text()) != null) {
            return;
        }
        if (resolved.get().text().matches("[0-9]+")) {
            return; // a stage by number
        }
        imageUse(resolved.get().text(), written, at, ImageUse.Kind.COPY_FROM, new Span(instruction, offset, end));
    }

    private List<Words.Word> leadingFlags(Instruction instruction) {
        List<Words.Word> flags = new ArrayList<>();
        for (Words.Word word : Words.split(instruction.arguments(), parsed.escape())) {
            if (!word.text().startsWith("--")) {
                break;
            }
            flags.add(word);
        }
        return flags;
    }

    private record ResolvedName(String text) {}

    private Optional<ResolvedName> resolve(String written, Location at, String what) {
        ArgExpander.Result expanded = ArgExpander.expand(written, globalScope, parsed.escape());
        if (!expanded.unset().isEmpty()) {
            String names = String.join(", ", expanded.unset());
            findings.add(new Finding(
                    at,
                    what + " " + written + " uses " + names + ", which "
                            + (expanded.unset().size() == 1 ? "has" : "have") + " no value: declare it with a default "
                            + "(ARG " + expanded.unset().get(0)
                            + "=...) before the first FROM, give it under 'args:', or "
                            + "name the parent with 'parent:'",
                    what.equals("FROM")));
            return Optional.empty();
        }
        return Optional.of(new ResolvedName(expanded.text()));
    }

    private ImageUse imageUse(String text, String written, Location at, ImageUse.Kind kind, Span span) {
        try {
            ImageUse use = new ImageUse(ImageReference.parse(text), written, at, kind);
            uses.add(use);
            spans.add(span);
            return use;
        } catch (ImageReference.InvalidReferenceException e) {
            String expandedNote = text.equals(written) ? "" : " (" + written + " gave '" + text + "')";
            findings.add(new Finding(at, e.getMessage() + expandedNote, kind != ImageUse.Kind.COPY_FROM));
            return null;
        }
    }

    private Integer stageIndex(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int s = 0; s < stages.size(); s++) {
            if (lower.equals(stages.get(s).name())) {
                return s;
            }
        }
        return null;
    }
}
