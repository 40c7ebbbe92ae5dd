package io.contourcore.dag.kernel;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header names and values as upstream's policy code treats them, shared by the Ingress and HTTPProxy processors so
 * both escape the same way.
 *
 * <pre>{@code
 * HeaderValues.canonicalHeaderKey("x-forwarded-proto");          // "X-Forwarded-Proto"
 * HeaderValues.escapeHeaderValue("100%", Map.of());               // "100%%"
 * HeaderValues.escapeHeaderValue("%DOWNSTREAM_REMOTE_ADDRESS%", Map.of()); // kept as an Envoy variable
 * }</pre>
 */
public final class HeaderValues {

    private HeaderValues() {}

    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";
    private static final Pattern HOST_REWRITE_HEADER = Pattern.compile("%REQ\\(([A-Za-z0-9-]+)\\)%");
    private static final Pattern REQ_VARIABLE = Pattern.compile("%(%REQ\\(:?[\\w-]+(\\?:?[\\w-]+)?\\)(:\\d+)?%)%");

    /** The Envoy command operators upstream v1.33.6 lets through unescaped (internal/dag/policy.go). */
    private static final List<String> ENVOY_VARIABLES = List.of(
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

    /** Go's {@code http.CanonicalHeaderKey}: left alone when it holds a non-token byte. */
    public static String canonicalHeaderKey(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || TOKEN_CHARS.indexOf(c) >= 0))) {
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

    /** The header named by a {@code %REQ(name)%} host value, or empty for a literal host. */
    public static String hostRewriteHeader(String value) {
        Matcher m = HOST_REWRITE_HEADER.matcher(value);
        return m.find() ? m.group(1).trim() : "";
    }

    /**
     * Envoy reads {@code %...%} in header values as variables, so every {@code %} is doubled except around the
     * allowed Envoy variables, {@code %REQ(header)%}, and Contour's own {@code %CONTOUR_*%} values (substituted
     * from {@code dynamic}, in its order).
     */
    public static String escapeHeaderValue(String value, Map<String, String> dynamic) {
        if (!value.contains("%")) {
            return value;
        }
        String escaped = value.replace("%", "%%");
        for (Map.Entry<String, String> e : dynamic.entrySet()) {
            escaped = escaped.replace("%%" + e.getKey() + "%%", e.getValue());
        }
        for (String v : ENVOY_VARIABLES) {
            escaped = escaped.replace("%%" + v + "%%", "%" + v + "%");
        }
        return REQ_VARIABLE.matcher(escaped).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }
}
