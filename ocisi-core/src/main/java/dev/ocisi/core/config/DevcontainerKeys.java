package dev.ocisi.core.config;

import dev.ocisi.core.problem.Location;
import dev.ocisi.core.problem.Printable;
import dev.ocisi.core.problem.Problems;
import dev.ocisi.core.problem.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads {@code devcontainer:}: {@code false}, {@code true}, or a mapping of devcontainer.json settings (the item's
 * keys over those of {@code defaults}), each checked for what devcontainer.json takes there. Nothing in it runs on
 * the host: {@code initializeCommand}, the one setting that would, is refused, and every command given here runs in
 * the container.
 */
final class DevcontainerKeys {

    static final String DEVCONTAINER = "devcontainer";

    static final String CUSTOMIZATIONS = "customizations";
    static final String FORWARD_PORTS = "forwardPorts";
    static final String PORTS_ATTRIBUTES = "portsAttributes";
    static final String OTHER_PORTS_ATTRIBUTES = "otherPortsAttributes";
    static final String CONTAINER_ENV = "containerEnv";
    static final String REMOTE_ENV = "remoteEnv";
    static final String MOUNTS = "mounts";
    static final String RUN_ARGS = "runArgs";
    static final String WAIT_FOR = "waitFor";
    static final String INIT = "init";
    static final String PRIVILEGED = "privileged";
    static final String OVERRIDE_COMMAND = "overrideCommand";
    static final String CAP_ADD = "capAdd";
    static final String SECURITY_OPT = "securityOpt";
    static final String SHUTDOWN_ACTION = "shutdownAction";
    static final String USER_ENV_PROBE = "userEnvProbe";
    static final String HOST_REQUIREMENTS = "hostRequirements";
    /** The lifecycle commands, in the order the devcontainers CLI runs them; all run in the container. */
    static final List<String> COMMANDS = List.of(
            "onCreateCommand", "updateContentCommand", "postCreateCommand", "postStartCommand", "postAttachCommand");

    static final List<String> ALL = List.of(
            CUSTOMIZATIONS,
            FORWARD_PORTS,
            PORTS_ATTRIBUTES,
            OTHER_PORTS_ATTRIBUTES,
            CONTAINER_ENV,
            REMOTE_ENV,
            MOUNTS,
            RUN_ARGS,
            COMMANDS.get(0),
            COMMANDS.get(1),
            COMMANDS.get(2),
            COMMANDS.get(3),
            COMMANDS.get(4),
            WAIT_FOR,
            INIT,
            PRIVILEGED,
            OVERRIDE_COMMAND,
            CAP_ADD,
            SECURITY_OPT,
            SHUTDOWN_ACTION,
            USER_ENV_PROBE,
            HOST_REQUIREMENTS);

    /** Settings devcontainer.json has that ocisi sets itself, or that belong to a project's own file. */
    private static final Map<String, String> REFUSED = refused();
    /** The variables ocisi sets to the host's, so that the home folder bind-mounted at the same path works. */
    private static final List<String> OWN_ENV = List.of("HOME", "USER");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\\d{1,5})");
    private static final List<String> MOUNT_TYPES = List.of("bind", "volume", "tmpfs");
    private static final List<String> SHUTDOWN_ACTIONS = List.of("none", "stopContainer");
    private static final List<String> ENV_PROBES =
            List.of("none", "interactiveShell", "loginShell", "loginInteractiveShell");

    private DevcontainerKeys() {}

    private static Map<String, String> refused() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put(
                "initializeCommand",
                "it runs on the host, and nothing in the hierarchy file may run there; "
                        + "run it yourself, or use onCreateCommand, which runs in the container");
        String user = "ocisi sets it to the user the -dx image adds (the user who builds it, as on the host)";
        refused.put("remoteUser", user);
        refused.put("containerUser", user);
        refused.put(
                "updateRemoteUserUID",
                "ocisi sets it to false: the -dx image already has the host user's ids, "
                        + "and an update would build one more image per project");
        String project = "it belongs to a project's own devcontainer.json, which names the image; ocisi's key says "
                + "what every dev container of this image gets";
        for (String key : List.of(
                "name",
                "image",
                "build",
                "dockerFile",
                "dockerfile",
                "context",
                "dockerComposeFile",
                "service",
                "runServices",
                "workspaceFolder",
                "workspaceMount",
                "features",
                "appPort")) {
            refused.put(key, project);
        }
        return refused;
    }

    /**
     * The settings of one item, or null when a value is wrong (reported).
     *
     * @param own      the keys the item writes itself
     * @param defaults the keys of {@code defaults}
     * @param dx       whether the item is a {@code -dx} image, which adds the user a dev container runs as
     */
    static DevcontainerSettings settings(YamlFields own, YamlFields defaults, boolean dx, Problems problems) {
        YamlFields.Field item = own.isAbsent(DEVCONTAINER) ? null : own.field(DEVCONTAINER);
        YamlFields.Field fallback = defaults.isAbsent(DEVCONTAINER) ? null : defaults.field(DEVCONTAINER);
        int before = problems.mark();
        Optional<Boolean> itemSwitch = item == null ? Optional.empty() : onOff(own, item, problems);
        boolean enabled;
        if (item != null && !(item.value() instanceof MappingNode) && itemSwitch.isEmpty()) {
            return null; // reported
        }
        if (item != null) {
            enabled = itemSwitch.orElse(true);
            if (enabled && !dx) {
                problems.error(
                        own.keyLocation(DEVCONTAINER),
                        "'devcontainer' needs the user a -dx image adds (the "
                                + "user a dev container runs as, with your ids and home): name the image '...-dx', or "
                                + "remove 'devcontainer'");
                return null;
            }
        } else if (fallback != null) {
            Optional<Boolean> defaultSwitch = onOff(defaults, fallback, problems);
            enabled = dx && defaultSwitch.orElse(true);
        } else {
            enabled = dx;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        List<String> runArgs = new ArrayList<>();
        if (fallback != null
                && fallback.value() instanceof MappingNode mapping
                && !itemSwitch.equals(Optional.of(false))) {
            read(defaults, mapping, metadata, runArgs, problems);
        }
        if (item != null && item.value() instanceof MappingNode mapping) {
            read(own, mapping, metadata, runArgs, problems);
        }
        if (problems.errorsSince(before)) {
            return null;
        }
        return enabled ? new DevcontainerSettings(true, metadata, runArgs) : DevcontainerSettings.NONE;
    }

    /** Checks the {@code defaults}' value on its own, so that a wrong default is reported when no item uses it. */
    static void check(YamlFields defaults, Problems problems) {
        if (!defaults.isAbsent(DEVCONTAINER)) {
            YamlFields.Field field = defaults.field(DEVCONTAINER);
            if (field.value() instanceof MappingNode mapping) {
                read(defaults, mapping, new LinkedHashMap<>(), new ArrayList<>(), problems);
            } else {
                onOff(defaults, field, problems);
            }
        }
    }

    /** {@code true} or {@code false}; empty for a mapping; a wrong value reported. */
    private static Optional<Boolean> onOff(YamlFields fields, YamlFields.Field field, Problems problems) {
        if (field.value() instanceof MappingNode) {
            return Optional.empty();
        }
        Boolean known = YamlFields.booleanOf(field.value());
        if (known != null) {
            return Optional.of(known);
        }
        problems.error(
                fields.locate(field.value()),
                "'devcontainer' is true, false or a mapping of devcontainer.json "
                        + "settings such as 'customizations' and 'forwardPorts', found "
                        + YamlSource.describe(field.value()));
        return Optional.empty();
    }

    /** Each key of a {@code devcontainer:} mapping into {@code metadata} or {@code runArgs}, later keys winning. */
    private static void read(
            YamlFields fields,
            MappingNode mapping,
            Map<String, Object> metadata,
            List<String> runArgs,
            Problems problems) {
        Reader reader = new Reader(fields, problems);
        for (NodeTuple tuple : mapping.getValue()) {
            Location keyAt = fields.locate(tuple.getKeyNode());
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problems.error(keyAt, "a key of 'devcontainer' must be a plain word");
                continue;
            }
            String key = keyNode.getValue();
            Node value = tuple.getValueNode();
            if (REFUSED.containsKey(key)) {
                problems.error(keyAt, "'devcontainer' cannot set '" + key + "': " + REFUSED.get(key));
                continue;
            }
            if (!ALL.contains(key)) {
                problems.error(
                        keyAt,
                        "unknown key '" + key + "' in 'devcontainer'"
                                + Suggestions.closest(key, ALL)
                                        .map(s -> "; did you mean '" + s + "'?")
                                        .orElse("; the keys are devcontainer.json's: " + String.join(", ", ALL)));
                continue;
            }
            if (key.equals(RUN_ARGS)) {
                List<String> args = reader.strings(key, value);
                if (args != null) {
                    runArgs.clear();
                    runArgs.addAll(args);
                }
                continue;
            }
            Object read = reader.value(key, value);
            if (read != Reader.WRONG) {
                metadata.put(key, read);
            }
        }
    }

    /** One setting's value, checked for what devcontainer.json takes there; {@link #WRONG} when reported. */
    private static final class Reader {
        static final Object WRONG = new Object();

        private final YamlFields fields;
        private final Problems problems;

        Reader(YamlFields fields, Problems problems) {
            this.fields = fields;
            this.problems = problems;
        }

        Object value(String key, Node node) {
            if (COMMANDS.contains(key)) {
                return command(key, node);
            }
            return switch (key) {
                case CUSTOMIZATIONS, PORTS_ATTRIBUTES, OTHER_PORTS_ATTRIBUTES, HOST_REQUIREMENTS -> mapping(key, node);
                case FORWARD_PORTS -> ports(key, node);
                case CONTAINER_ENV, REMOTE_ENV -> environment(key, node);
                case MOUNTS -> mounts(key, node);
                case WAIT_FOR -> word(key, node, COMMANDS);
                case SHUTDOWN_ACTION -> word(key, node, SHUTDOWN_ACTIONS);
                case USER_ENV_PROBE -> word(key, node, ENV_PROBES);
                case INIT, PRIVILEGED, OVERRIDE_COMMAND -> bool(key, node);
                case CAP_ADD, SECURITY_OPT -> orWrong(strings(key, node));
                default -> throw new IllegalStateException(key);
            };
        }

        private Object wrong(Node at, String message) {
            problems.error(fields.locate(at), message);
            return WRONG;
        }

        /**
         * The text of a value that reaches a command line or a mount as one word: a line break or other control
         * character there is a mistake (commands and customizations, which may span lines, are not checked).
         */
        private String oneLine(String where, ScalarNode scalar) {
            String text = scalar.getValue();
            if (text.codePoints().anyMatch(Printable::isControl)) {
                wrong(
                        scalar,
                        "'devcontainer." + where + "' holds "
                                + (text.contains("\n") ? "a line break" : "a control character")
                                + ": it reaches the engine's command line as one argument; write it on "
                                + "one line");
                return null;
            }
            return text;
        }

        private static Object orWrong(Object value) {
            return value == null ? WRONG : value;
        }

        /** Any mapping, its values converted as YAML's core schema reads them (numbers, booleans, null, text). */
        private Object mapping(String key, Node node) {
            if (!(node instanceof MappingNode)) {
                return wrong(node, "'devcontainer." + key + "' is a mapping, found " + YamlSource.describe(node));
            }
            return json(key, node);
        }

        private Object json(String where, Node node) {
            if (node instanceof MappingNode mapping) {
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                        return wrong(tuple.getKeyNode(), "a key in 'devcontainer." + where + "' must be text");
                    }
                    Object value = json(where + "." + keyNode.getValue(), tuple.getValueNode());
                    if (value == WRONG) {
                        return WRONG;
                    }
                    map.put(keyNode.getValue(), value);
                }
                return map;
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> list = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    Object value = json(where, item);
                    if (value == WRONG) {
                        return WRONG;
                    }
                    list.add(value);
                }
                return list;
            }
            ScalarNode scalar = (ScalarNode) node;
            Tag tag = scalar.getTag();
            String text = scalar.getValue();
            try {
                if (Tag.NULL.equals(tag)) {
                    return null;
                }
                if (Tag.BOOL.equals(tag)) {
                    return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
                }
                if (Tag.INT.equals(tag)) {
                    return Long.decode(text.replace("0o", "0"));
                }
                if (Tag.FLOAT.equals(tag)) {
                    return Double.parseDouble(text);
                }
            } catch (NumberFormatException e) {
                return wrong(
                        node,
                        "'devcontainer." + where + "': '" + text + "' is no number JSON can hold; quote it "
                                + "to pass it as text");
            }
            return text;
        }

        /** {@code forwardPorts}: ports (1 to 65535) and {@code host:port}. */
        private Object ports(String key, Node node) {
            List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
            List<Object> ports = new ArrayList<>();
            for (Node item : items) {
                String text = item instanceof ScalarNode scalar ? scalar.getValue() : null;
                if (text != null && text.matches("\\d{1,5}") && inRange(text)) {
                    ports.add(Integer.parseInt(text));
                } else if (text != null
                        && HOST_PORT.matcher(text).matches()
                        && inRange(text.substring(text.lastIndexOf(':') + 1))) {
                    ports.add(text);
                } else {
                    return wrong(
                            item,
                            "'devcontainer." + key + "' holds ports (1 to 65535) or host:port, found "
                                    + YamlSource.describe(item) + "; e.g. [8000, 'db:5432']");
                }
            }
            return ports;
        }

        private static boolean inRange(String port) {
            int value = Integer.parseInt(port);
            return value >= 1 && value <= 65535;
        }

        /** {@code containerEnv} and {@code remoteEnv}: variable names to text ({@code remoteEnv}: null unsets). */
        private Object environment(String key, Node node) {
            if (!(node instanceof MappingNode mapping)) {
                return wrong(
                        node,
                        "'devcontainer." + key + "' is a mapping of variable names to values, found "
                                + YamlSource.describe(node) + "; e.g. {EDITOR: vim}");
            }
            Map<String, Object> env = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String name = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
                if (!ENV_NAME.matcher(name).matches()) {
                    return wrong(
                            tuple.getKeyNode(),
                            "'devcontainer." + key + "': '" + name + "' is no variable name "
                                    + "(letters, digits and _, not starting with a digit)");
                }
                if (OWN_ENV.contains(name)) {
                    return wrong(
                            tuple.getKeyNode(),
                            "'devcontainer." + key + "' cannot set " + name + ": ocisi sets "
                                    + "HOME and USER to the host's, so that your home folder, mounted at the same path, is the "
                                    + "container's home");
                }
                Node value = tuple.getValueNode();
                if (value instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag()) && key.equals(REMOTE_ENV)) {
                    env.put(name, null);
                } else if (value instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
                    String text = oneLine(key + "." + name, scalar);
                    if (text == null) {
                        return WRONG;
                    }
                    env.put(name, text);
                } else {
                    return wrong(
                            value,
                            "'devcontainer." + key + "." + name + "' takes a single value, found "
                                    + YamlSource.describe(value));
                }
            }
            return env;
        }

        /** {@code mounts}: Docker's {@code --mount} text, or a mapping of type, source and target. */
        private Object mounts(String key, Node node) {
            List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
            List<Object> mounts = new ArrayList<>();
            for (Node item : items) {
                Map<String, String> parts = new LinkedHashMap<>();
                if (item instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
                    if (oneLine(key, scalar) == null) {
                        return WRONG;
                    }
                    for (String part : scalar.getValue().split(",")) {
                        int equals = part.indexOf('=');
                        parts.put(
                                equals < 0
                                        ? part.strip()
                                        : part.substring(0, equals).strip(),
                                equals < 0 ? "" : part.substring(equals + 1).strip());
                    }
                } else if (item instanceof MappingNode mapping) {
                    for (NodeTuple tuple : mapping.getValue()) {
                        if (tuple.getKeyNode() instanceof ScalarNode k
                                && tuple.getValueNode() instanceof ScalarNode v) {
                            if (oneLine(key + "." + k.getValue(), v) == null) {
                                return WRONG;
                            }
                            parts.put(k.getValue(), v.getValue());
                        } else {
                            return wrong(tuple.getValueNode(), "each value of a mount is a single value");
                        }
                    }
                } else {
                    return wrong(
                            item,
                            "each of 'devcontainer." + key + "' is a mount such as "
                                    + "'type=volume,source=cache,target=/home/me/.cache' or a mapping of type, source and "
                                    + "target, found " + YamlSource.describe(item));
                }
                String target =
                        parts.getOrDefault("target", parts.getOrDefault("dst", parts.getOrDefault("destination", "")));
                String type = parts.getOrDefault("type", "");
                if (!MOUNT_TYPES.contains(type)) {
                    return wrong(
                            item,
                            "a mount of 'devcontainer." + key + "' needs a type of " + MOUNT_TYPES + ", found '" + type
                                    + "'");
                }
                if (!target.startsWith("/") && !target.startsWith("${")) {
                    return wrong(
                            item,
                            "a mount of 'devcontainer." + key + "' needs an absolute target in the "
                                    + "container" + (target.isEmpty() ? ", and has none" : ", found '" + target + "'")
                                    + "; e.g. type=volume,source=cache,target=/var/cache/apt");
                }
                mounts.add(item instanceof ScalarNode scalar ? scalar.getValue() : new LinkedHashMap<>(parts));
            }
            return mounts;
        }

        /** A lifecycle command: a shell line, a command and its arguments, or named commands run in parallel. */
        private Object command(String key, Node node) {
            if (node instanceof ScalarNode scalar
                    && !Tag.NULL.equals(scalar.getTag())
                    && !scalar.getValue().isBlank()) {
                return scalar.getValue();
            }
            if (node instanceof SequenceNode) {
                return orWrong(strings(key, node));
            }
            if (node instanceof MappingNode mapping && !mapping.getValue().isEmpty()) {
                Map<String, Object> named = new LinkedHashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    String name = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
                    Object command = tuple.getValueNode() instanceof MappingNode
                            ? wrong(
                                    tuple.getValueNode(),
                                    "'devcontainer." + key + "." + name + "' is a command: "
                                            + "a line, or a list of the command and its arguments")
                            : command(key + "." + name, tuple.getValueNode());
                    if (command == WRONG) {
                        return WRONG;
                    }
                    named.put(name, command);
                }
                return named;
            }
            return wrong(
                    node,
                    "'devcontainer." + key + "' is a command (run in the container): a line, a list of "
                            + "the command and its arguments, or a mapping of names to commands run in parallel; found "
                            + YamlSource.describe(node));
        }

        private Object word(String key, Node node, List<String> words) {
            if (node instanceof ScalarNode scalar && words.contains(scalar.getValue())) {
                return scalar.getValue();
            }
            String found = node instanceof ScalarNode scalar ? scalar.getValue() : YamlSource.describe(node);
            return wrong(
                    node,
                    "'devcontainer." + key + "' is one of " + String.join(", ", words) + ", found '" + found + "'"
                            + Suggestions.closest(found, words)
                                    .map(s -> "; did you mean '" + s + "'?")
                                    .orElse(""));
        }

        private Object bool(String key, Node node) {
            Boolean known = YamlFields.booleanOf(node);
            if (known != null) {
                return known;
            }
            return wrong(node, "'devcontainer." + key + "' must be true or false, found " + YamlSource.describe(node));
        }

        /** A list of non-empty single values; one value alone is a list of one. Null when wrong (reported). */
        List<String> strings(String key, Node node) {
            List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
            List<String> values = new ArrayList<>();
            for (Node item : items) {
                if (item instanceof ScalarNode scalar
                        && !Tag.NULL.equals(scalar.getTag())
                        && !scalar.getValue().isEmpty()) {
                    String text = oneLine(key, scalar);
                    if (text == null) {
                        return null;
                    }
                    values.add(text);
                } else {
                    wrong(
                            item,
                            "each of 'devcontainer." + key + "' is a single, non-empty value, found "
                                    + YamlSource.describe(item));
                    return null;
                }
            }
            return values;
        }
    }
}
