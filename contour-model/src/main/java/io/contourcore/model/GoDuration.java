package io.contourcore.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Go's {@code time.ParseDuration} syntax and {@code Duration.String()} formatting, because upstream Contour reads
 * durations and builds cluster-name hashes with them.
 *
 * <pre>{@code
 * GoDuration.parse("1m30s");                       // PT1M30S
 * GoDuration.format(Duration.ofMillis(1500));      // "1.5s"
 * }</pre>
 */
public final class GoDuration {

    private GoDuration() {}

    /** A duration, or the error text Go's {@code time.ParseDuration} gives for the input. */
    public record Parsed(Duration value, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Parses {@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+}, units ns us µs ms s m h; "0" alone is zero. */
    public static Optional<Duration> parse(String s) {
        if (s == null || s.isEmpty()) {
            return Optional.empty();
        }
        Parsed p = parseWithError(s);
        return p.ok() ? Optional.of(p.value()) : Optional.empty();
    }

    /**
     * Go's {@code time.ParseDuration} with its error texts ({@code time: invalid duration "ten"}, {@code time: missing
     * unit in duration "10"}, {@code time: unknown unit "x" in duration "10x"}), which upstream puts in status messages.
     * Each element's fraction is truncated to whole nanoseconds as Go does; only ASCII digits count.
     *
     * <pre>{@code
     * GoDuration.parseWithError("1m30s").value();   // PT1M30S
     * GoDuration.parseWithError("10").error();      // time: missing unit in duration "10"
     * }</pre>
     */
    public static Parsed parseWithError(String orig) {
        String s = orig;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return new Parsed(Duration.ZERO, null);
        }
        String invalid = "time: invalid duration " + GoQuote.q(orig);
        if (s.isEmpty()) {
            return new Parsed(null, invalid);
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || isDigit(c))) {
                return new Parsed(null, invalid);
            }
            int start = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            boolean pre = i != start;
            String whole = s.substring(start, i);
            String frac = "";
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                post = i != fs;
                frac = s.substring(fs, i);
            }
            if (!pre && !post) {
                return new Parsed(null, invalid);
            }
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (us == i) {
                return new Parsed(null, "time: missing unit in duration " + GoQuote.q(orig));
            }
            String unit = s.substring(us, i);
            long nanos = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> -1L;
            };
            if (nanos < 0) {
                return new Parsed(null, "time: unknown unit " + GoQuote.q(unit) + " in duration " + GoQuote.q(orig));
            }
            BigDecimal v = new BigDecimal((whole.isEmpty() ? "0" : whole) + (frac.isEmpty() ? "" : "." + frac));
            total = total.add(v.multiply(BigDecimal.valueOf(nanos)).setScale(0, java.math.RoundingMode.DOWN));
            if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                return new Parsed(null, invalid);
            }
        }
        Duration d = Duration.ofNanos(total.longValueExact());
        return new Parsed(neg ? d.negated() : d, null);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Formats like Go's {@code Duration.String()}: {@code 2s}, {@code 1m30s}, {@code 1.5s}, {@code 300ms}, {@code 0s}. */
    public static String format(Duration d) {
        long n = d.toNanos();
        if (n == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        boolean neg = n < 0;
        long u = Math.abs(n);
        if (u < 1_000_000_000L) {
            String unit;
            long div;
            if (u < 1_000L) {
                return (neg ? "-" : "") + u + "ns";
            } else if (u < 1_000_000L) {
                unit = "µs";
                div = 1_000L;
            } else {
                unit = "ms";
                div = 1_000_000L;
            }
            sb.append(fraction(u, div)).append(unit);
        } else {
            long h = u / 3_600_000_000_000L;
            long rem = u % 3_600_000_000_000L;
            long m = rem / 60_000_000_000L;
            long sn = rem % 60_000_000_000L;
            if (h > 0) {
                sb.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                sb.append(m).append('m');
            }
            sb.append(fraction(sn, 1_000_000_000L)).append('s');
        }
        return (neg ? "-" : "") + sb;
    }

    private static String fraction(long v, long div) {
        long whole = v / div;
        long frac = v % div;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String f = String.format("%0" + Long.toString(div).length() + "d", frac).substring(1);
        f = f.replaceAll("0+$", "");
        return whole + "." + f;
    }
}
