package io.contourcore.dag.ingress;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.HeaderValues;
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
            String key = HeaderValues.canonicalHeaderKey(e.getKey());
            if (key.equals("Host")) {
                if (!allowHostRewrite) {
                    throw new PolicyException("rewriting " + GoQuote.q(key) + " header is not supported");
                }
                if (hostRewrite.isEmpty()) {
                    if (!HeaderValues.hostRewriteHeader(e.getValue()).isEmpty()) {
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
            set.putIfAbsent(key, HeaderValues.escapeHeaderValue(e.getValue(), dynamic));
        }
        List<String> remove = new ArrayList<>();
        for (String entry : global.remove()) {
            String key = HeaderValues.canonicalHeaderKey(entry);
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

}
