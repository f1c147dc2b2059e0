package dev.ocisi.core.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules for the names a user writes: image names, tags, distrobox names, build argument names. */
final class Names {

    /** Podman's and Docker's rule for container names, which distrobox names are. */
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private static final Pattern ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private Names() {}

    /** Why this is no image name of the hierarchy, or empty when it is one. */
    static Optional<String> imageNameProblem(String name) {
        if (ImageReference.PATH_COMPONENT_PATTERN.matcher(name).matches()) {
            return Optional.empty();
        }
        if (name.contains("/")) {
            return Optional.of("image name '" + name + "' must be a single name without '/': ocisi tags it as "
                    + "localhost/<name>:<tag>");
        }
        if (name.contains(":")) {
            return Optional.of("image name '" + name + "' must not hold a tag; write the tag under 'tag:'");
        }
        String suggestion = suggestName(name);
        return Optional.of("'" + name + "' is no valid image name: lower-case letters and digits, separated by "
                + "'.', '_', '__' or dashes" + (suggestion.isEmpty() ? "" : "; try '" + suggestion + "'"));
    }

    static Optional<String> tagProblem(String tag) {
        return ImageReference.TAG_PATTERN.matcher(tag).matches()
                ? Optional.empty()
                : Optional.of("'" + tag + "' is no valid tag: " + ImageReference.TAG_RULE);
    }

    static Optional<String> distroboxProblem(String name) {
        return CONTAINER_NAME.matcher(name).matches()
                ? Optional.empty()
                : Optional.of("'" + name + "' is no valid distrobox name: letters, digits, '_', '.' and '-', "
                        + "starting with a letter or digit");
    }

    static Optional<String> argNameProblem(String name) {
        return ARG_NAME.matcher(name).matches()
                ? Optional.empty()
                : Optional.of("'" + name + "' is no valid build argument name: letters, digits and '_', not starting "
                        + "with a digit");
    }

    /** A label name: engines store {@code name=value}, so a name holds no '=', no space and no control character. */
    static Optional<String> labelNameProblem(String name) {
        return name.isBlank()
                        || name.chars()
                                .anyMatch(c -> Character.isWhitespace(c) || c == '=' || Character.isISOControl(c))
                ? Optional.of("'" + name + "' is no valid label name: write it without spaces or '=', e.g. "
                        + "org.example.team")
                : Optional.empty();
    }

    private static String suggestName(String name) {
        String lower =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[._-]+|[._-]+$", "");
        return ImageReference.PATH_COMPONENT_PATTERN.matcher(lower).matches() ? lower : "";
    }
}
