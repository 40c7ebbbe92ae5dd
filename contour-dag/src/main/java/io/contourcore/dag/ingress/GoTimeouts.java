package io.contourcore.dag.ingress;

import io.contourcore.model.GoDuration;
import io.contourcore.model.GoQuote;
import io.contourcore.model.Timeout;
import java.util.Optional;

/**
 * Upstream's {@code timeout.Parse} with Go's error texts, so that a status message says what upstream's log says.
 */
final class GoTimeouts {

    private GoTimeouts() {}

    /** A parsed timeout, or the error upstream would log. */
    record Parsed(Timeout value, String error) {
        boolean ok() {
            return value != null;
        }
    }

    static Parsed parse(String text) {
        Optional<Timeout> t = Timeout.parse(text);
        if (t.isPresent()) {
            return new Parsed(t.get(), null);
        }
        return new Parsed(null, "unable to parse timeout string " + GoQuote.q(text) + ": " + durationError(text));
    }

    /**
     * Why Go's {@code time.ParseDuration} rejects {@code s}. Negative durations parse in Go, but a negative timeout
     * cannot be programmed into Envoy, so we report it instead.
     */
    static String durationError(String s) {
        String orig = GoQuote.q(s);
        String invalid = "time: invalid duration " + orig;
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            i++;
        }
        if (s.substring(i).equals("0")) {
            return invalid;
        }
        if (i == s.length()) {
            return invalid;
        }
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                return invalid;
            }
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            boolean pre = i != start;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                post = i != fs;
            }
            if (!pre && !post) {
                return invalid;
            }
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
                i++;
            }
            if (us == i) {
                return "time: missing unit in duration " + orig;
            }
            String unit = s.substring(us, i);
            switch (unit) {
                case "ns", "us", "µs", "μs", "ms", "s", "m", "h" -> { }
                default -> {
                    return "time: unknown unit " + GoQuote.q(unit) + " in duration " + orig;
                }
            }
        }
        return GoDuration.parse(s).map(d -> d.isNegative() ? "negative durations are not supported: " + orig : invalid)
                .orElse(invalid);
    }
}
