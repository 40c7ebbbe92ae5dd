package io.contourcore.dag.kernel;

import io.contourcore.model.GoDuration;
import io.contourcore.model.GoQuote;
import io.contourcore.model.Timeout;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Go standard-library parsers whose error texts end up in upstream's status messages: {@code time.ParseDuration},
 * {@code strconv.ParseFloat}, {@code net.ParseCIDR}, the scheme/host/port part of {@code url.Parse}, and Contour's
 * {@code timeout.Parse}. Each returns a value or the error text Go would print.
 *
 * <pre>{@code
 * GoText.parseDuration("90s").value();     // PT1M30S
 * GoText.parseDuration("ten").error();     // time: invalid duration "ten"
 * }</pre>
 */
public final class GoText {

    private GoText() {}

    /** A parsed value or Go's error text. */
    public record Parsed<T>(T value, String error) {
        public static <T> Parsed<T> ok(T v) {
            return new Parsed<>(v, null);
        }

        public static <T> Parsed<T> err(String e) {
            return new Parsed<>(null, e);
        }

        public boolean ok() {
            return error == null;
        }
    }

    // ---------------------------------------------------------------- time.ParseDuration

    public static Parsed<Duration> parseDuration(String orig) {
        GoDuration.Parsed d = GoDuration.parseWithError(orig);
        return d.ok() ? Parsed.ok(d.value()) : Parsed.err(d.error());
    }

    /**
     * Contour's {@code timeout.Parse}: empty is the default, {@code infinity}/{@code infinite} disable, zero is the
     * default, anything else must be a duration.
     */
    public static Parsed<Timeout> parseTimeout(String s) {
        if (s.isEmpty()) {
            return Parsed.ok(Timeout.UNSET);
        }
        if (s.equals("infinity") || s.equals("infinite")) {
            return Parsed.ok(Timeout.DISABLED);
        }
        Parsed<Duration> d = parseDuration(s);
        if (!d.ok()) {
            return Parsed.err("unable to parse timeout string " + GoQuote.q(s) + ": " + d.error());
        }
        if (d.value().isZero()) {
            return Parsed.ok(Timeout.UNSET);
        }
        if (d.value().isNegative()) {
            // the CRD pattern admits no sign; Envoy cannot take a negative timeout
            return Parsed.err("unable to parse timeout string " + GoQuote.q(s) + ": negative duration");
        }
        return Parsed.ok(Timeout.of(d.value()));
    }

    /** Contour's {@code timeout.ParseMaxAge}: zero disables rather than defaults. Negative values are returned as is. */
    public static Parsed<Duration> parseMaxAge(String s) {
        Parsed<Duration> d = parseDuration(s);
        if (!d.ok()) {
            return Parsed.err("unable to parse timeout string " + GoQuote.q(s) + ": " + d.error());
        }
        return d;
    }

    // ---------------------------------------------------------------- strconv.ParseFloat

    // RE2 (linear, no recursion) as Go itself: java.util.regex recurses per repeated group, so a long number would
    // overflow the stack.
    private static final io.contourcore.re2j.Pattern GO_FLOAT = io.contourcore.re2j.Pattern.compile(
            "[+-]?((\\d(_?\\d)*)?\\.?\\d(_?\\d)*([eE][+-]?\\d+)?|\\d+\\.([eE][+-]?\\d+)?|(?i:inf|infinity|nan))");

    /** A decimal as Go's ParseFloat reads it (no hex floats), or empty. */
    public static java.util.OptionalDouble parseFloat(String s) {
        if (!GO_FLOAT.matcher(s).matches()) {
            return java.util.OptionalDouble.empty();
        }
        String t = s.replace("_", "").toLowerCase(Locale.ROOT);
        if (t.endsWith("nan")) {
            return java.util.OptionalDouble.of(Double.NaN);
        }
        if (t.contains("inf")) {
            return java.util.OptionalDouble.of(t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        try {
            return java.util.OptionalDouble.of(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            return java.util.OptionalDouble.empty();
        }
    }

    // ---------------------------------------------------------------- net.ParseCIDR

    /** A CIDR masked to its network and printed as Go's {@code IPNet.String()}, or Go's error. */
    public static Parsed<String> parseCidr(String s) {
        String invalid = "invalid CIDR address: " + s;
        int slash = s.indexOf('/');
        if (slash < 0) {
            return Parsed.err(invalid);
        }
        String addr = s.substring(0, slash);
        String bits = s.substring(slash + 1);
        byte[] ip = addr.contains(":") ? parseIpv6(addr) : parseIpv4(addr);
        if (ip == null || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')
                || (bits.length() > 1 && bits.charAt(0) == '0')) {
            return Parsed.err(invalid);
        }
        int n = Integer.parseInt(bits);
        if (n > ip.length * 8) {
            return Parsed.err(invalid);
        }
        for (int i = 0; i < ip.length; i++) {
            int keep = Math.max(0, Math.min(8, n - i * 8));
            ip[i] = (byte) (ip[i] & (0xff << (8 - keep)));
        }
        return Parsed.ok((ip.length == 4 ? formatIpv4(ip) : formatIpv6(ip)) + "/" + n);
    }

    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseIpv6(String s) {
        if (!s.matches("[0-9a-fA-F:.]+") || s.contains(":::")) {
            return null;
        }
        String head = s;
        byte[] v4 = null;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.', lastColon) > 0) {
            v4 = parseIpv4(s.substring(lastColon + 1));
            if (v4 == null) {
                return null;
            }
            head = s.substring(0, lastColon + 1) + "0:0";
        }
        int dbl = head.indexOf("::");
        if (dbl >= 0 && head.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String[] left;
        String[] right;
        if (dbl >= 0) {
            String l = head.substring(0, dbl);
            String r = head.substring(dbl + 2);
            left = l.isEmpty() ? new String[0] : l.split(":", -1);
            right = r.isEmpty() ? new String[0] : r.split(":", -1);
            if (left.length + right.length > 7) {
                return null;
            }
        } else {
            left = head.split(":", -1);
            right = new String[0];
            if (left.length != 8) {
                return null;
            }
        }
        int[] groups = new int[8];
        for (int i = 0; i < left.length; i++) {
            Integer g = group(left[i]);
            if (g == null) {
                return null;
            }
            groups[i] = g;
        }
        for (int i = 0; i < right.length; i++) {
            Integer g = group(right[i]);
            if (g == null) {
                return null;
            }
            groups[8 - right.length + i] = g;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (groups[i] >> 8);
            out[2 * i + 1] = (byte) groups[i];
        }
        if (v4 != null) {
            System.arraycopy(v4, 0, out, 12, 4);
        }
        return out;
    }

    private static Integer group(String g) {
        if (g.isEmpty() || g.length() > 4) {
            return null;
        }
        return Integer.parseInt(g, 16);
    }

    private static String formatIpv4(byte[] ip) {
        return (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff);
    }

    /** RFC 5952 text, as Go prints IPv6 (IPv4-mapped addresses print as dotted quads, as Go does). */
    private static String formatIpv6(byte[] ip) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= ip[i] == 0;
        }
        mapped &= (ip[10] & 0xff) == 0xff && (ip[11] & 0xff) == 0xff;
        if (mapped) {
            return formatIpv4(new byte[] {ip[12], ip[13], ip[14], ip[15]});
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((ip[2 * i] & 0xff) << 8) | (ip[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- url.Parse (the parts Contour reads)

    /** Scheme (lower-cased), host name and port text of an absolute URL. */
    public record Url(String scheme, String hostname, String port) {}

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$", Pattern.DOTALL);

    /** Go's {@code url.Parse} errors for the cases users hit, wrapped as {@code parse "<url>": ...}. */
    public static Parsed<Url> parseUrl(String raw) {
        String wrap = "parse " + GoQuote.q(raw) + ": ";
        for (char c : raw.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                return Parsed.err(wrap + "net/url: invalid control character in URL");
            }
        }
        if (raw.startsWith(":")) {
            return Parsed.err(wrap + "missing protocol scheme");
        }
        Matcher m = SCHEME.matcher(raw);
        if (!m.matches()) {
            int colon = raw.indexOf(':');
            int slash = raw.indexOf('/');
            if (colon >= 0 && (slash < 0 || colon < slash)) {
                return Parsed.err(wrap + "first path segment in URL cannot contain colon");
            }
            return Parsed.ok(new Url("", "", ""));
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String rest = m.group(2);
        int q = indexOfAny(rest, "?#");
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        if (!rest.startsWith("//")) {
            return Parsed.ok(new Url(scheme, "", ""));
        }
        String authority = rest.substring(2);
        int end = authority.indexOf('/');
        if (end >= 0) {
            authority = authority.substring(0, end);
        }
        int at = authority.lastIndexOf('@');
        String host = at >= 0 ? authority.substring(at + 1) : authority;
        String hostname = host;
        String port = "";
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                return Parsed.err(wrap + "missing ']' in host");
            }
            hostname = host.substring(1, close);
            String after = host.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":") || !after.substring(1).chars().allMatch(Character::isDigit)) {
                    return Parsed.err(wrap + "invalid port " + GoQuote.q(after) + " after host");
                }
                port = after.substring(1);
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                String p = host.substring(colon);
                if (!p.substring(1).chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return Parsed.err(wrap + "invalid port " + GoQuote.q(p) + " after host");
                }
                hostname = host.substring(0, colon);
                port = p.substring(1);
            }
        }
        return Parsed.ok(new Url(scheme, hostname, port));
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- regexp.QuoteMeta

    /** Go's {@code regexp.QuoteMeta}: a regex that matches {@code s} literally. */
    public static String quoteMeta(String s) {
        StringBuilder b = new StringBuilder(s.length() * 2);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
