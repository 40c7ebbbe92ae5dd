package io.contourcore.model.yaml;

import java.util.Locale;

/**
 * What a field the API's schema does not have does to a load, as kubectl's {@code --validate} decides it: the
 * default {@link #STRICT} refuses the object (bad input), {@link #WARN} warns at the field and counts it for
 * {@code --strict}, {@link #IGNORE} says nothing (the API server would prune the field).
 *
 * <pre>{@code
 * Validation v = Validation.parse("warn");   // Validation.WARN; "true" is STRICT and "false" IGNORE, as in kubectl
 * }</pre>
 */
public enum Validation {
    STRICT, WARN, IGNORE;

    /**
     * The mode for a {@code --validate} value: {@code strict}, {@code warn}, {@code ignore}, and kubectl's legacy
     * {@code true} (strict) and {@code false} (ignore).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Validation parse(String value) {
        return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
            case "strict", "true" -> STRICT;
            case "warn" -> WARN;
            case "ignore", "false" -> IGNORE;
            default -> throw new IllegalArgumentException("invalid --validate value " + Node.quote(String.valueOf(value))
                    + ": use strict, warn or ignore (or kubectl's true/false)");
        };
    }
}
