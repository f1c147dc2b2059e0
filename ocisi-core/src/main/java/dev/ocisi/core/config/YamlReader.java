package dev.ocisi.core.config;

import dev.ocisi.core.problem.ConfigurationException;
import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Problems;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML file into the nodes of its documents, within limits that keep a hostile file from crashing or
 * stalling ocisi, and says what is wrong in ocisi's words at the place to fix. snakeyaml composes nodes
 * recursively and has no depth limit, so the depth is measured on the parser's events first; aliases share nodes,
 * so what they expand to is measured once per node, without recursion.
 */
final class YamlReader {

    /** Far more than a hierarchy needs (about 5), far less than the composer's recursion survives. */
    static final int MAX_DEPTH = 100;
    /** The values a file may hold once aliases and merge keys are expanded: thousands of merges, no billion laughs. */
    static final int MAX_EXPANDED_VALUES = 200_000;

    private YamlReader() {}

    /** The documents, or null when the file cannot be read (each problem reported). */
    static List<Node> read(Path file, YamlSource source, Problems problems) {
        String text;
        try {
            text = TextFiles.readUtf8(file, source.display());
        } catch (ConfigurationException e) {
            e.problems().forEach(problems::add);
            return null;
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source.display())
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true) // reported by YamlFields with both places
                .setUseMarks(true)
                .setMaxAliasesForCollections(Integer.MAX_VALUE) // bounded by what they expand to, below
                .setCodePointLimit((int) TextFiles.MAX_BYTES)
                .build();
        try {
            Optional<Mark> tooDeep = firstTooDeep(new Parse(settings).parseString(text));
            if (tooDeep.isPresent()) {
                problems.error(
                        source.locate(tooDeep),
                        "the YAML is nested more than " + MAX_DEPTH + " lists or "
                                + "mappings deep here; a hierarchy file needs a few levels: look for unclosed '[' or '{'");
                return null;
            }
            List<Node> documents = new ArrayList<>();
            new Compose(settings).composeAllFromString(text).forEach(documents::add);
            for (Node document : documents) {
                if (!withinLimits(document, source, problems)) {
                    return null;
                }
            }
            return documents;
        } catch (MarkedYamlEngineException e) {
            YamlSyntax.report(e, source, problems);
        } catch (YamlEngineException e) {
            problems.error(
                    Location.of(source.display()),
                    "the file is no YAML ocisi can read: " + YamlSyntax.firstLine(e.getMessage()));
        }
        return null;
    }

    private static Optional<Mark> firstTooDeep(Iterable<Event> events) {
        int depth = 0;
        for (Event event : events) {
            if (event instanceof CollectionStartEvent) {
                depth++;
                if (depth > MAX_DEPTH) {
                    return event.getStartMark();
                }
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            }
        }
        return Optional.empty();
    }

    /** One node on the way down: its children, and the next one to visit. */
    private static final class Frame {
        private final Node node;
        private final List<Node> children;
        private int next;

        Frame(Node node, List<Node> children) {
            this.node = node;
            this.children = children;
        }
    }

    /** What a node expands to: its values counted with every alias written out, and its depth. */
    private record Size(long values, int depth) {}

    /**
     * Whether the document, aliases expanded, stays within {@link #MAX_EXPANDED_VALUES} and {@link #MAX_DEPTH} and
     * holds no node that contains itself; otherwise the place is reported.
     */
    private static boolean withinLimits(Node document, YamlSource source, Problems problems) {
        IdentityHashMap<Node, Size> sizes = new IdentityHashMap<>();
        Set<Node> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(document, children(document)));
        onPath.add(document);
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.next < frame.children.size()) {
                Node child = frame.children.get(frame.next++);
                if (sizes.containsKey(child)) {
                    continue;
                }
                if (!onPath.add(child)) {
                    problems.error(
                            source.locate(frame.node),
                            "this value contains itself through an alias "
                                    + "(an anchor '&' used inside its own value): write the value out");
                    return false;
                }
                stack.push(new Frame(child, children(child)));
                continue;
            }
            stack.pop();
            onPath.remove(frame.node);
            long values = 1;
            int depth = 0;
            for (Node child : frame.children) {
                Size size = sizes.get(child);
                values = Math.min(values + size.values(), MAX_EXPANDED_VALUES + 1L);
                depth = Math.max(depth, size.depth());
            }
            if (values > MAX_EXPANDED_VALUES) {
                problems.error(
                        source.locate(frame.node),
                        "with its aliases written out, this value holds more "
                                + "than " + MAX_EXPANDED_VALUES
                                + " values (aliases of aliases multiply, as in a 'billion "
                                + "laughs' file); a hierarchy file needs far fewer: use fewer nested aliases");
                return false;
            }
            if (depth + 1 > MAX_DEPTH) {
                problems.error(
                        source.locate(frame.node),
                        "with its aliases written out, this value is nested more "
                                + "than " + MAX_DEPTH
                                + " lists or mappings deep; a hierarchy file needs a few levels: use "
                                + "fewer chained aliases or merge keys");
                return false;
            }
            sizes.put(frame.node, new Size(values, depth + 1));
        }
        return true;
    }

    private static List<Node> children(Node node) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (node instanceof MappingNode mapping) {
            List<Node> children = new ArrayList<>(mapping.getValue().size() * 2);
            for (NodeTuple tuple : mapping.getValue()) {
                children.add(tuple.getKeyNode());
                children.add(tuple.getValueNode());
            }
            return children;
        }
        return List.of();
    }
}
