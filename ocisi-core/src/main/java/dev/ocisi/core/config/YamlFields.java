package dev.ocisi.core.config;

import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Printable;
import dev.ocisi.core.problem.Problems;
import dev.ocisi.core.problem.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The keys of one YAML mapping with typed readers for their values. Every reader reports what is wrong to the
 * shared {@link Problems} and returns null, so that one pass finds every problem of a file.
 */
final class YamlFields {

    /** One key and its value, as written. */
    record Field(String key, Location keyLocation, Node value) {}

    /** YAML 1.1's booleans, which PyYAML (and so ocisictl) reads as true and false. */
    private static final Set<String> YAML11_TRUE = Set.of("yes", "on", "true");

    private static final Set<String> YAML11_FALSE = Set.of("no", "off", "false");

    private final Map<String, Field> fields;
    private final YamlSource source;
    private final Problems problems;

    private YamlFields(Map<String, Field> fields, YamlSource source, Problems problems) {
        this.fields = fields;
        this.source = source;
        this.problems = problems;
    }

    /**
     * Reads a mapping's keys in order. Merge keys ({@code <<: *anchor}) are expanded, keys written in the mapping
     * itself winning; a key written twice is reported with both places.
     */
    static YamlFields read(MappingNode mapping, YamlSource source, Problems problems) {
        Map<String, Field> own = new LinkedHashMap<>();
        List<Node> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            Location keyLocation = source.locate(keyNode);
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problems.error(keyLocation, "a key must be a plain word, found " + YamlSource.describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            if (key.equals("<<") && scalarKey.isPlain()) {
                merged.add(tuple.getValueNode());
                continue;
            }
            Field previous = own.get(key);
            if (previous != null) {
                problems.error(
                        keyLocation,
                        "key '" + key + "' is given twice; the first is at " + previous.keyLocation()
                                + " (remove one)");
                continue;
            }
            own.put(key, new Field(key, keyLocation, tuple.getValueNode()));
        }
        Map<String, Field> all = new LinkedHashMap<>(own);
        for (Node node : merged) {
            List<Node> sources = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
            for (Node mergedSource : sources) {
                if (mergedSource instanceof MappingNode mergedMapping) {
                    read(mergedMapping, source, problems).fields.values().forEach(f -> all.putIfAbsent(f.key(), f));
                } else {
                    problems.error(
                            source.locate(mergedSource),
                            "'<<' merges a mapping (or a list of them), found " + YamlSource.describe(mergedSource));
                }
            }
        }
        return new YamlFields(all, source, problems);
    }

    /**
     * The keys of a nested mapping such as {@code box:} or {@code vm:}, unknown keys reported with the closest known
     * one; empty when the key is absent or its value is not a mapping (reported).
     *
     * @param example a few of its keys, for the message when the value is not a mapping
     */
    YamlFields section(String key, List<String> known, String example) {
        Field field = fields.get(key);
        if (field == null || isAbsent(key)) {
            return empty(source, problems);
        }
        if (!(field.value() instanceof MappingNode mapping)) {
            problems.error(
                    source.locate(field.value()),
                    "'" + key + "' is a mapping of " + example + ", found " + YamlSource.describe(field.value()));
            return empty(source, problems);
        }
        YamlFields section = read(mapping, source, problems);
        for (String name : section.keys()) {
            if (!known.contains(name)) {
                problems.error(
                        section.keyLocation(name),
                        "unknown key '" + name + "' in '" + key + "'"
                                + Suggestions.closest(name, known)
                                        .map(s -> "; did you mean '" + s + "'?")
                                        .orElse("; the keys are " + String.join(", ", known)));
            }
        }
        return section;
    }

    static YamlFields empty(YamlSource source, Problems problems) {
        return new YamlFields(Map.of(), source, problems);
    }

    /** These fields with {@code defaults} filling in the keys they lack. */
    YamlFields withDefaults(YamlFields defaults) {
        Map<String, Field> all = new LinkedHashMap<>(fields);
        defaults.fields.values().forEach(f -> all.putIfAbsent(f.key(), f));
        return new YamlFields(all, source, problems);
    }

    Set<String> keys() {
        return Collections.unmodifiableSet(fields.keySet());
    }

    Field field(String key) {
        return fields.get(key);
    }

    /** Where the key's value stands, for every key present. */
    Map<String, Location> valueLocations() {
        Map<String, Location> locations = new LinkedHashMap<>();
        fields.forEach((key, field) -> locations.put(key, source.locate(field.value())));
        return locations;
    }

    boolean isAbsent(String key) {
        Field field = fields.get(key);
        return field == null || isNull(field.value());
    }

    /**
     * A single value as written, taking the text as it stands so that {@code tag: 3.10} stays "3.10" (PyYAML would
     * have made it the float 3.1). Null when absent or written as nothing.
     */
    String string(String key) {
        return scalar(key, false);
    }

    /**
     * A shell script's text, which may span lines (a YAML block scalar) and hold tabs: it reaches nothing but the
     * shell that runs it as its script. Other control characters are refused as in {@link #string}.
     */
    String script(String key) {
        return scalar(key, true);
    }

    private String scalar(String key, boolean script) {
        Field field = fields.get(key);
        if (field == null || isNull(field.value())) {
            return null;
        }
        if (field.value() instanceof ScalarNode scalar) {
            return text(key, scalar, script);
        }
        problems.error(
                source.locate(field.value()),
                "'" + key + "' takes a single value, found " + YamlSource.describe(field.value()));
        return null;
    }

    /**
     * A scalar's text, or null when it holds a control character (reported): ocisi writes values into files and
     * command lines, where a newline starts a new line of its own and other controls forge what a reader sees.
     */
    private String text(String key, ScalarNode scalar, boolean script) {
        String value = scalar.getValue();
        OptionalInt control = value.codePoints()
                .filter(Printable::isControl)
                .filter(c -> !script || (c != '\n' && c != '\t'))
                .findFirst();
        if (control.isPresent()) {
            problems.error(
                    source.locate(scalar),
                    "'" + key + "' holds " + controlName(control.getAsInt())
                            + ": ocisi writes this value into files and command lines, where it would "
                            + (control.getAsInt() == '\n' || control.getAsInt() == '\r'
                                    ? "start a line of its own"
                                    : "hide or forge text")
                            + "; write the value on one line without control characters");
            return null;
        }
        return value;
    }

    private static String controlName(int codePoint) {
        return switch (codePoint) {
            case '\n' -> "a line break";
            case '\r' -> "a carriage return";
            case '\t' -> "a tab";
            case 0 -> "a NUL character";
            default -> String.format("the control character U+%04X", codePoint);
        };
    }

    /**
     * The boolean a plain scalar writes: {@code true} or {@code false}, or YAML 1.1's {@code yes}, {@code no},
     * {@code on}, {@code off} (which ocisictl's PyYAML read as booleans), in lower, capitalized or upper case; null for
     * any other node.
     */
    static Boolean booleanOf(Node value) {
        if (value instanceof ScalarNode scalar && scalar.isPlain()) {
            String word = scalar.getValue().toLowerCase(Locale.ROOT);
            boolean knownCase = scalar.getValue().equals(word)
                    || scalar.getValue().equals(capitalize(word))
                    || scalar.getValue().equals(word.toUpperCase(Locale.ROOT));
            if (knownCase && YAML11_TRUE.contains(word)) {
                return true;
            }
            if (knownCase && YAML11_FALSE.contains(word)) {
                return false;
            }
        }
        return null;
    }

    Boolean bool(String key) {
        Field field = fields.get(key);
        if (field == null) {
            return null;
        }
        Node value = field.value();
        Boolean known = booleanOf(value);
        if (known != null) {
            return known;
        }
        String hint = value instanceof ScalarNode scalar
                        && !scalar.isPlain()
                        && (YAML11_TRUE.contains(scalar.getValue().toLowerCase(Locale.ROOT))
                                || YAML11_FALSE.contains(scalar.getValue().toLowerCase(Locale.ROOT)))
                ? " (write it without quotes)"
                : "";
        problems.error(
                source.locate(value),
                "'" + key + "' must be true or false, found " + YamlSource.describe(value) + hint);
        return null;
    }

    /**
     * A mapping of names to single values, such as {@code args} and {@code labels}; {@code nameRule} says what is
     * wrong with a name, if anything.
     */
    Map<String, String> stringMap(String key, Function<String, Optional<String>> nameRule) {
        Field field = fields.get(key);
        if (field == null || isNull(field.value())) {
            return Map.of();
        }
        if (!(field.value() instanceof MappingNode mapping)) {
            problems.error(
                    source.locate(field.value()),
                    "'" + key + "' is a mapping of names to values, found " + YamlSource.describe(field.value()));
            return null;
        }
        YamlFields entries = read(mapping, source, problems);
        Map<String, String> values = new LinkedHashMap<>();
        boolean valid = true;
        for (Field entry : entries.fields.values()) {
            Optional<String> badName = nameRule.apply(entry.key());
            if (badName.isPresent()) {
                problems.error(entry.keyLocation(), badName.get());
                valid = false;
            } else if (entry.value() instanceof ScalarNode scalar) {
                String value = isNull(scalar) ? "" : text(key + "." + entry.key(), scalar, false);
                if (value == null) {
                    valid = false;
                } else {
                    values.put(entry.key(), value);
                }
            } else {
                problems.error(
                        source.locate(entry.value()),
                        "'" + key + "." + entry.key() + "' takes a single value, found "
                                + YamlSource.describe(entry.value()));
                valid = false;
            }
        }
        return valid ? values : null;
    }

    /**
     * A list of single values; one value written alone is a list of one. Empty when absent, null when wrong
     * (reported).
     */
    List<String> stringList(String key) {
        Field field = fields.get(key);
        if (field == null || isNull(field.value())) {
            return new ArrayList<>();
        }
        if (field.value() instanceof ScalarNode scalar) {
            String value = text(key, scalar, false);
            return value == null ? null : new ArrayList<>(List.of(value));
        }
        if (!(field.value() instanceof SequenceNode sequence)) {
            problems.error(
                    source.locate(field.value()),
                    "'" + key + "' is a list of values, found " + YamlSource.describe(field.value()));
            return null;
        }
        List<String> values = new ArrayList<>();
        boolean valid = true;
        for (Node item : sequence.getValue()) {
            if (item instanceof ScalarNode scalar && !isNull(scalar)) {
                String value = text(key, scalar, false);
                if (value == null) {
                    valid = false;
                } else {
                    values.add(value);
                }
            } else {
                problems.error(
                        source.locate(item),
                        "each item of '" + key + "' is a single value, found " + YamlSource.describe(item));
                valid = false;
            }
        }
        return valid ? values : null;
    }

    /** Where a node of one of these values stands. */
    Location locate(Node node) {
        return source.locate(node);
    }

    Location keyLocation(String key) {
        return fields.get(key).keyLocation();
    }

    Location valueLocation(String key) {
        return source.locate(fields.get(key).value());
    }

    /** Where item {@code index} of a list stands; the value itself when it was written alone. */
    Location itemLocation(String key, int index) {
        Node value = fields.get(key).value();
        return value instanceof SequenceNode sequence
                        && index < sequence.getValue().size()
                ? source.locate(sequence.getValue().get(index))
                : source.locate(value);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag()) && scalar.isPlain();
    }

    private static String capitalize(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
