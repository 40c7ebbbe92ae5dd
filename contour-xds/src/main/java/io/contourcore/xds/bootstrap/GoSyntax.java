package io.contourcore.xds.bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * The two Go standard-library rules upstream's bootstrap leans on, so that our output and our refusals match it:
 * {@code net.ParseIP} (decides STATIC versus STRICT_DNS and which admin addresses are refused) and {@code path.Join}
 * (spells the SDS file paths written into the bootstrap).
 *
 * <pre>{@code
 * GoSyntax.isIp("::1");                        // true
 * GoSyntax.isIp("010.0.0.1");                  // false: Go refuses leading zeros
 * GoSyntax.joinPath("res/", "sds", "a.json");  // "res/sds/a.json"
 * }</pre>
 */
final class GoSyntax {

    private GoSyntax() {}

    /**
     * Whether Go's {@code net.ParseIP} accepts {@code s}: dotted-quad IPv4 without leading zeros, or IPv6 text
     * (with at most one {@code ::} and an optional trailing IPv4 part), never with a zone.
     */
    static boolean isIp(String s) {
        if (s.indexOf(':') >= 0) {
            return isIpv6(s);
        }
        return isIpv4(s, 0, s.length());
    }

    private static boolean isIpv4(String s, int from, int to) {
        int fields = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i > start && s.charAt(start) == '0') {
                    return false; // Go: "IPv4 field has octet with leading zero"
                }
                value = value * 10 + (s.charAt(i) - '0');
                if (value > 255) {
                    return false;
                }
                i++;
            }
            if (i == start) {
                return false;
            }
            fields++;
            if (i == to) {
                return fields == 4;
            }
            if (s.charAt(i) != '.' || fields == 4) {
                return false;
            }
            i++;
        }
    }

    private static boolean isIpv6(String s) {
        if (s.indexOf('%') >= 0) {
            return false; // ParseIP refuses zones
        }
        int bytes = 0;
        boolean ellipsis = false;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            ellipsis = true;
            i = 2;
            if (i == n) {
                return true;
            }
        }
        while (bytes < 16) {
            int start = i;
            while (i < n && isHexDigit(s.charAt(i))) {
                if (i - start == 4) {
                    return false; // at most four hex digits a field
                }
                i++;
            }
            if (i == start) {
                return false;
            }
            if (i < n && s.charAt(i) == '.') {
                // the field was the first octet of a trailing IPv4 part, which stands for the last two fields
                if ((!ellipsis && bytes != 12) || bytes + 4 > 16 || !isIpv4(s, start, n)) {
                    return false;
                }
                bytes += 4;
                i = n;
                break;
            }
            bytes += 2;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':' || i + 1 == n) {
                return false;
            }
            i++;
            if (s.charAt(i) == ':') {
                if (ellipsis) {
                    return false;
                }
                ellipsis = true;
                i++;
                if (i == n) {
                    break;
                }
            }
        }
        if (i != n) {
            return false;
        }
        return ellipsis ? bytes < 16 : bytes == 16;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * Go's {@code path.Join}: the non-empty elements joined with {@code /} and cleaned lexically ({@code //},
     * {@code .} and {@code dir/..} removed); empty when every element is empty.
     */
    static String joinPath(String... elements) {
        StringBuilder joined = new StringBuilder();
        for (String e : elements) {
            if (e.isEmpty()) {
                continue;
            }
            if (joined.length() > 0) {
                joined.append('/');
            }
            joined.append(e);
        }
        return joined.length() == 0 ? "" : cleanPath(joined.toString());
    }

    /** Go's {@code path.Clean}. */
    static String cleanPath(String p) {
        if (p.isEmpty()) {
            return ".";
        }
        boolean rooted = p.charAt(0) == '/';
        List<String> kept = new ArrayList<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!kept.isEmpty() && !kept.get(kept.size() - 1).equals("..")) {
                    kept.remove(kept.size() - 1);
                } else if (!rooted) {
                    kept.add(part); // a relative path may climb above its start
                }
                continue;
            }
            kept.add(part);
        }
        String body = String.join("/", kept);
        if (rooted) {
            return "/" + body;
        }
        return body.isEmpty() ? "." : body;
    }
}
