package dev.ocisi.core.config;

import dev.ocisi.core.problem.Location;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** One YAML file being read: turns node marks into the locations a user sees. */
record YamlSource(String display) {

    Location locate(Node node) {
        return locate(node.getStartMark());
    }

    Location locate(Optional<Mark> mark) {
        return mark.map(m -> new Location(display, m.getLine() + 1, m.getColumn() + 1))
                .orElseGet(() -> Location.of(display));
    }

    /** How a value is named in a message: "a list", "a mapping", "the number 3", "the string \"x\"". */
    static String describe(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return "nothing";
        }
        if (Tag.BOOL.equals(tag)) {
            return "the boolean " + scalar.getValue();
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "the number " + scalar.getValue();
        }
        return "the string \"" + scalar.getValue() + "\"";
    }
}
