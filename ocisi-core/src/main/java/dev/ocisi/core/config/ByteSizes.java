package dev.ocisi.core.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes written as QEMU and {@code qemu-img} take them: a number and a binary unit, {@code 512M}, {@code 4G}. */
final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT])(?:i?B)?", Pattern.CASE_INSENSITIVE);

    private ByteSizes() {}

    /** The size in bytes, or empty when the text is not a size with a unit. */
    static Optional<Long> parse(String text) {
        Matcher matcher = SIZE.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int shift = switch (matcher.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 40;
        };
        try {
            long number = Long.parseLong(matcher.group(1));
            return number > (Long.MAX_VALUE >> shift) ? Optional.empty() : Optional.of(number << shift);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
