package io.contourcore.xds.validate;

/**
 * The well-known string formats of protoc-gen-validate, with the semantics of its Go and C++ runtimes (the C++
 * one is what Envoy runs): hostnames per PGV's hostname routine, IP literals as {@code inet_pton} reads them.
 */
final class WellKnown {

    private WellKnown() {}

    /** PGV's hostname rule: at most 253 characters, dot-separated labels of 1 to 63 of [a-z0-9-], no edge hyphens. */
    static boolean hostname(String host) {
        if (host.length() > 253) {
            return false;
        }
        String s = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        int start = 0;
        while (true) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 ? s.length() : dot;
            if (!label(s, start, end)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    private static boolean label(String s, int from, int to) {
        int len = to - from;
        if (len == 0 || len > 63 || s.charAt(from) == '-' || s.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static boolean ip(String s) {
        return ipv4(s) || ipv6(s);
    }

    /** A dotted quad of decimal octets without leading zeros. */
    static boolean ipv4(String s) {
        int parts = 0;
        int i = 0;
        int n = s.length();
        while (parts < 4) {
            int start = i;
            int value = 0;
            while (i < n && i - start < 4 && Character.isDigit(s.charAt(i)) && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
            parts++;
            if (parts < 4) {
                if (i >= n || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == n;
    }

    /** RFC 4291 text form: eight groups of up to four hex digits, one {@code ::}, an optional dotted-quad tail. */
    static boolean ipv6(String s) {
        int n = s.length();
        if (n < 2) {
            return false;
        }
        int groups = 0;
        boolean compressed = false;
        int i = 0;
        if (s.startsWith("::")) {
            compressed = true;
            i = 2;
            if (i == n) {
                return true;
            }
        } else if (s.charAt(0) == ':') {
            return false;
        }
        while (i < n) {
            int start = i;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 5) {
                i++;
            }
            int digits = i - start;
            if (i < n && s.charAt(i) == '.') {
                // an IPv4 tail takes the room of two groups and must end the address
                if (!ipv4(s.substring(start))) {
                    return false;
                }
                groups += 2;
                i = n;
                break;
            }
            if (digits == 0 || digits > 4) {
                return false;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return false;
            }
        }
        return compressed ? groups < 8 : groups == 8;
    }

    /** PGV's email rule: an address (optionally {@code Name <addr>}), at most 254 characters, local part at most 64. */
    static boolean email(String value) {
        String addr = value;
        if (addr.endsWith(">")) {
            int lt = addr.lastIndexOf('<');
            if (lt < 0) {
                return false;
            }
            addr = addr.substring(lt + 1, addr.length() - 1);
        }
        if (addr.length() > 254) {
            return false;
        }
        int at = addr.lastIndexOf('@');
        if (at <= 0 || at > 64 || at == addr.length() - 1) {
            return false;
        }
        for (int i = 0; i < at; i++) {
            char c = addr.charAt(i);
            if (c <= ' ' || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' || c == ':' || c == '\\'
                    || c == '"' || c == '[' || c == ']' || c == '@' || c >= 0x7F) {
                return false;
            }
        }
        String local = addr.substring(0, at);
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        return hostname(addr.substring(at + 1));
    }

    /** An absolute URI: a scheme, then no spaces or control characters. */
    static boolean uri(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || !Character.isLetter(s.charAt(0)) || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return uriRef(s);
    }

    /** A URI reference: no spaces, control characters or malformed percent escapes. */
    static boolean uriRef(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7F) {
                return false;
            }
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The hyphenated 8-4-4-4-12 hex form, either case. */
    static boolean uuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }
}
