package io.contourcore.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A timeout setting as upstream Contour reads them: unset (Envoy's default applies and the field is omitted),
 * disabled ({@code infinity}/{@code infinite}, written to Envoy as {@code 0s}), or a duration in Go's syntax
 * ({@code 1h2m3.5s}, {@code 300ms}).
 *
 * <pre>{@code
 * Timeout.parse("90s").orElseThrow().duration();   // PT1M30S
 * Timeout.parse("infinity").orElseThrow().kind();   // DISABLED
 * Timeout.parse("ten").isEmpty();                   // true: not a duration
 * }</pre>
 */
public record Timeout(Kind kind, Duration duration) {

    public enum Kind { UNSET, DISABLED, DURATION }

    public static final Timeout UNSET = new Timeout(Kind.UNSET, Duration.ZERO);
    public static final Timeout DISABLED = new Timeout(Kind.DISABLED, Duration.ZERO);

    public Timeout {
        if (kind == null || duration == null) {
            throw new IllegalArgumentException("kind and duration are required");
        }
        if (kind != Kind.DURATION && !duration.isZero()) {
            throw new IllegalArgumentException("only a DURATION timeout has a duration");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + duration);
        }
    }

    public static Timeout of(Duration d) {
        return new Timeout(Kind.DURATION, d);
    }

    /**
     * Upstream's {@code timeout.Parse}: empty text is UNSET, {@code infinity}/{@code infinite} DISABLED, a zero
     * duration UNSET too (upstream's {@code DurationSetting(0)} means "use the default", not "disable"). Text is not
     * trimmed, as Go's {@code time.ParseDuration} does not trim. An unparseable text or a negative duration gives empty.
     */
    public static Optional<Timeout> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.of(UNSET);
        }
        if (text.equals("infinity") || text.equals("infinite")) {
            return Optional.of(DISABLED);
        }
        return GoDuration.parse(text).filter(d -> !d.isNegative()).map(d -> d.isZero() ? UNSET : Timeout.of(d));
    }

    public boolean isSet() {
        return kind != Kind.UNSET;
    }
}
