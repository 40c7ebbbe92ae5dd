package io.contourcore.dag.ingress;

import io.contourcore.dag.Dag;
import io.contourcore.model.GoQuote;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The global {@code policy.request-headers}/{@code response-headers} as upstream applies them to Ingress clusters
 * ({@code headersPolicyService} with no per-route policy), including {@code %}-escaping and the dynamic
 * {@code %CONTOUR_*%} variables.
 */
final class HeaderPolicies {

    private HeaderPolicies() {}

    /** Upstream's error, as text. */
    static final class PolicyException extends Exception {
        PolicyException(String message) {
            super(message);
        }
    }

    private static final String HEADER_NAME_MSG = "[a valid HTTP header must consist of alphanumeric characters or '-' "
            + "(e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')]";
    private static final Pattern HEADER_NAME = Pattern.compile("^[-A-Za-z0-9]+$");
    private static final Pattern HOST_REWRITE_HEADER = Pattern.compile("%REQ\\(([A-Za-z0-9-]+)\\)%");
    private static final Pattern REQ_VAR = Pattern.compile("%(%REQ\\(:?[\\w-]+(\\?:?[\\w-]+)?\\)(:\\d+)?%)%");

    /** The Envoy command operators upstream v1.33 lets through unescaped. */
    private static final List<String> ENVOY_VARS = List.of(
            "DOWNSTREAM_REMOTE_ADDRESS",
            "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT",
            "DOWNSTREAM_LOCAL_ADDRESS",
            "DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT",
            "DOWNSTREAM_LOCAL_PORT",
            "DOWNSTREAM_LOCAL_URI_SAN",
            "DOWNSTREAM_PEER_URI_SAN",
            "DOWNSTREAM_LOCAL_SUBJECT",
            "DOWNSTREAM_PEER_SUBJECT",
            "DOWNSTREAM_PEER_ISSUER",
            "DOWNSTREAM_TLS_SESSION_ID",
            "DOWNSTREAM_TLS_CIPHER",
            "DOWNSTREAM_TLS_VERSION",
            "DOWNSTREAM_PEER_FINGERPRINT_256",
            "DOWNSTREAM_PEER_FINGERPRINT_1",
            "DOWNSTREAM_PEER_SERIAL",
            "DOWNSTREAM_PEER_CERT",
            "DOWNSTREAM_PEER_CERT_V_START",
            "DOWNSTREAM_PEER_CERT_V_END",
            "HOSTNAME",
            "PROTOCOL",
            "UPSTREAM_REMOTE_ADDRESS",
            "RESPONSE_FLAGS",
            "RESPONSE_CODE_DETAILS");

    /**
     * The cluster headers policy from the global one; null when it changes nothing (upstream then has an empty
     * policy, which Envoy output does not distinguish from none).
     *
     * @param dynamic the {@code CONTOUR_*} variables, in the order they are substituted
     */
    static Dag.HeadersPolicy fromGlobal(ContourConfig.HeaderPolicy global, boolean allowHostRewrite,
            Map<String, String> dynamic) throws PolicyException {
        Map<String, String> set = new TreeMap<>();
        String hostRewrite = "";
        // Go ranges over the map in random order; the config map is sorted, which makes the first-wins rule below
        // deterministic.
        for (Map.Entry<String, String> e : global.set().entrySet()) {
            String key = canonicalHeaderKey(e.getKey());
            if (key.equals("Host")) {
                if (!allowHostRewrite) {
                    throw new PolicyException("rewriting " + GoQuote.q(key) + " header is not supported");
                }
                if (hostRewrite.isEmpty()) {
                    if (!hostRewriteHeader(e.getValue()).isEmpty()) {
                        throw new PolicyException("rewriting " + GoQuote.q(key)
                                + " host header with dynamic value is not supported on service");
                    }
                    hostRewrite = e.getValue();
                }
                continue;
            }
            if (!HEADER_NAME.matcher(key).matches()) {
                throw new PolicyException("invalid set header " + GoQuote.q(key) + ": " + HEADER_NAME_MSG);
            }
            set.putIfAbsent(key, escapeHeaderValue(e.getValue(), dynamic));
        }
        List<String> remove = new ArrayList<>();
        for (String entry : global.remove()) {
            String key = canonicalHeaderKey(entry);
            if (!HEADER_NAME.matcher(key).matches()) {
                // upstream's text says "set" here too
                throw new PolicyException("invalid set header " + GoQuote.q(key) + ": " + HEADER_NAME_MSG);
            }
            // upstream only de-duplicates against the (absent) per-route removals, so repeats stay
            remove.add(key);
        }
        if (set.isEmpty() && remove.isEmpty() && hostRewrite.isEmpty()) {
            return null;
        }
        return new Dag.HeadersPolicy(hostRewrite, "", Map.of(), set, remove);
    }

    /** Upstream's {@code escapeHeaderValue}: literal {@code %} doubled, known variables let through. */
    static String escapeHeaderValue(String value, Map<String, String> dynamic) {
        if (!value.contains("%")) {
            return value;
        }
        String escaped = value.replace("%", "%%");
        for (Map.Entry<String, String> d : dynamic.entrySet()) {
            escaped = escaped.replace("%%" + d.getKey() + "%%", d.getValue());
        }
        for (String v : ENVOY_VARS) {
            escaped = escaped.replace("%%" + v + "%%", "%" + v + "%");
        }
        return REQ_VAR.matcher(escaped).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }

    static String hostRewriteHeader(String s) {
        Matcher m = HOST_REWRITE_HEADER.matcher(s);
        return m.find() ? m.group(1).trim() : "";
    }

    /** Go's {@code http.CanonicalHeaderKey}: {@code x-foo-bar} becomes {@code X-Foo-Bar}; invalid keys are unchanged. */
    static String canonicalHeaderKey(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!tokenChar(s.charAt(i))) {
                return s;
            }
        }
        StringBuilder b = new StringBuilder(s.length());
        boolean upper = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (upper && c >= 'a' && c <= 'z') {
                c = (char) (c - 32);
            } else if (!upper && c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            b.append(c);
            upper = c == '-';
        }
        return b.toString();
    }

    private static boolean tokenChar(char c) {
        if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
