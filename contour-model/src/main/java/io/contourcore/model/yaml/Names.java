package io.contourcore.model.yaml;

/**
 * The name and address checks the Kubernetes API server applies, so that input it would refuse is refused here too.
 *
 * <pre>{@code
 * Names.dns1123Subdomain("web.example"); // null: valid
 * Names.dns1123Label("Web_App");         // "a lowercase RFC 1123 label must ..."
 * }</pre>
 */
final class Names {

    private Names() {}

    // The API server's patterns, checked by hand: every object's name and every endpoint address goes through them,
    // and a regular expression machine per check was a twentieth of reading a large input. NamesTest holds each to
    // its pattern:
    //   label      [a-z0-9]([-a-z0-9]*[a-z0-9])?            subdomain  label(\.label)*
    //   DNS-1035   [a-z]([-a-z0-9]*[a-z0-9])?                config key [-._a-zA-Z0-9]+
    //   IPv4       (25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}

    /** Whether {@code s[from, to)} is a lowercase RFC 1123 label (a DNS-1035 one when {@code letterFirst}). */
    private static boolean label(String s, int from, int to, boolean letterFirst) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean letter = c >= 'a' && c <= 'z';
            boolean digit = c >= '0' && c <= '9';
            if (!letter && !digit && (c != '-' || i == from || i == to - 1) || i == from && letterFirst && !letter) {
                return false;
            }
        }
        return true;
    }

    /** Null when valid, else why not. */
    static String dns1123Label(String s) {
        if (s.length() > 63) {
            return "must be no more than 63 characters";
        }
        return label(s, 0, s.length(), false) ? null
                : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    }

    static String dns1123Subdomain(String s) {
        if (s.length() > 253) {
            return "must be no more than 253 characters";
        }
        return subdomain(s) ? null
                : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    }

    static String dns1035Label(String s) {
        if (s.length() > 63) {
            return "must be no more than 63 characters";
        }
        return label(s, 0, s.length(), true) ? null
                : "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    }

    /** A host name as an Ingress rule takes it: a DNS subdomain, optionally {@code *.} in front, never an IP. */
    static String ingressHost(String s) {
        if (isIPv4(s) || isIPv6(s)) {
            return "must be a DNS name, not an IP address";
        }
        if (s.startsWith("*.")) {
            String rest = dns1123Subdomain(s.substring(2));
            return rest == null ? null
                    : "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
        }
        return dns1123Subdomain(s);
    }

    /** A Secret data key: {@code [-._a-zA-Z0-9]+}. */
    static String configKey(String s) {
        if (s.length() > 253) {
            return "must be no more than 253 characters";
        }
        return configKeyChars(s) ? null : "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
    }

    /** A named port (IANA service name): at most 15 lowercase letters, digits and single inner hyphens, one letter. */
    static String ianaServiceName(String s) {
        if (s.length() > 15) {
            return "must be no more than 15 characters";
        }
        boolean letter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            letter |= c >= 'a' && c <= 'z';
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return "must contain only alphanumeric characters (a-z, 0-9), and hyphens (-)";
            }
        }
        if (s.isEmpty()) {
            return "must contain only alphanumeric characters (a-z, 0-9), and hyphens (-)";
        }
        if (s.contains("--")) {
            return "must not contain consecutive hyphens";
        }
        if (!letter) {
            return "must contain at least one letter (a-z)";
        }
        if (s.startsWith("-") || s.endsWith("-")) {
            return "hyphens cannot be the first or last character";
        }
        return null;
    }

    private static boolean subdomain(String s) {
        int from = 0;
        while (true) {
            int dot = s.indexOf('.', from);
            int to = dot < 0 ? s.length() : dot;
            if (!label(s, from, to, false)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            from = dot + 1;
        }
    }

    private static boolean configKeyChars(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Four decimal parts of 0-255 without leading zeros, separated by dots. */
    static boolean isIPv4(String s) {
        int n = s.length();
        int i = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= n || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + s.charAt(i) - '0';
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || digits > 1 && s.charAt(start) == '0' || value > 255) {
                return false;
            }
        }
        return i == n;
    }

    /**
     * The API server's ValidateEndpointIP for Endpoints and EndpointSlice addresses: the reason a valid IP address
     * may not be an endpoint (unspecified, loopback, link-local or link-local multicast, which would reach the node
     * itself, Envoy's admin listener on 127.0.0.1 or the cloud metadata service), or null when it may.
     */
    static String endpointIpError(String ip) {
        java.net.InetAddress a;
        try {
            a = java.net.InetAddress.getByName(ip); // a validated literal: no name lookup happens
        } catch (java.net.UnknownHostException e) {
            return null;
        }
        if (a.isAnyLocalAddress()) {
            return "may not be unspecified (" + ip + ")";
        }
        if (a.isLoopbackAddress()) {
            return "may not be in the loopback range (127.0.0.0/8, ::1/128)";
        }
        if (a.isLinkLocalAddress()) {
            return "may not be in the link-local range (169.254.0.0/16, fe80::/10)";
        }
        if (a.isMCLinkLocal()) {
            return "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)";
        }
        return null;
    }

    /** A textual IPv6 address (with at most one "::", hex groups, an optional dotted IPv4 tail). */
    static boolean isIPv6(String s) {
        if (!s.contains(":") || s.indexOf("::") != s.lastIndexOf("::")) {
            return false;
        }
        String body = s;
        int groupsFromTail = 0;
        int lastColon = s.lastIndexOf(':');
        if (s.substring(lastColon + 1).contains(".")) {
            if (!isIPv4(s.substring(lastColon + 1))) {
                return false;
            }
            body = s.substring(0, lastColon + 1) + "0";
            groupsFromTail = 1;
        }
        boolean compressed = body.contains("::");
        String[] halves = body.split("::", -1);
        int groups = 0;
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String g : half.split(":", -1)) {
                if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return false;
                }
                groups++;
            }
        }
        groups += groupsFromTail;
        return compressed ? groups <= 7 : groups == 8;
    }
}
