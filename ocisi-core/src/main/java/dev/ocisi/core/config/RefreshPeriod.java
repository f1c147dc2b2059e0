package dev.ocisi.core.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How old an image may grow before it is built again without the build cache for its own steps, so that its package
 * installs run against the archives as they are now: the {@code refresh:} key and {@code -Docisi.refresh}, a whole
 * number and a unit, {@code 12h}, {@code 1d}, {@code 2w}.
 */
public final class RefreshPeriod {

    private static final Pattern FORM = Pattern.compile("([0-9]{1,4})([mhdw])");

    private RefreshPeriod() {}

    /** The period the text names, or why it names none. */
    public static Duration parse(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        Matcher m = FORM.matcher(text.strip());
        m.matches();
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }

    public static Optional<String> problem(String text) {
        String form = "; write a whole number and a unit: m (minutes), h (hours), d (days) or w (weeks), e.g. 1d";
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.of("refresh '" + text + "' is not a period" + form);
        }
        if (Long.parseLong(m.group(1)) == 0) {
            return Optional.of("refresh '" + text + "' is no period: an image would be built again on every run"
                    + "; use -Docisi.force for that, or give a longer period, e.g. 1d");
        }
        return Optional.empty();
    }

    /** {@code 1d} style, for messages. */
    public static String describe(Duration period) {
        long minutes = period.toMinutes();
        if (minutes % (7 * 24 * 60) == 0) {
            return minutes / (7 * 24 * 60) + "w";
        }
        if (minutes % (24 * 60) == 0) {
            return minutes / (24 * 60) + "d";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }
}
