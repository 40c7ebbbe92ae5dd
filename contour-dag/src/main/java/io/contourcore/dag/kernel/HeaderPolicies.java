package io.contourcore.dag.kernel;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.GoText.Parsed;
import io.contourcore.model.GoQuote;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The header rules every source shares: Kubernetes' header-name check and upstream's {@code headersPolicyService},
 * which merges the configured {@code policy.request-headers}/{@code response-headers} under a route's or service's own
 * policy (internal/dag/policy.go). Each failure is upstream's error text.
 *
 * <pre>{@code
 * Parsed<Dag.HeadersPolicy> p = HeaderPolicies.withDefaults(config.requestHeaders(), null, true, dynamic);
 * }</pre>
 */
public final class HeaderPolicies {

    private HeaderPolicies() {}

    /** A policy that changes nothing. */
    public static final Dag.HeadersPolicy NONE = new Dag.HeadersPolicy("", "", Map.of(), Map.of(), List.of());

    private static final Pattern HTTP_HEADER_NAME = Pattern.compile("^[-A-Za-z0-9]+$");

    /** Kubernetes' {@code validation.IsHTTPHeaderName}, printed as Go prints its {@code []string} of messages. */
    public static Optional<String> headerNameError(String key) {
        if (HTTP_HEADER_NAME.matcher(key).matches()) {
            return Optional.empty();
        }
        return Optional.of("[a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', "
                + "regex used for validation is '[-A-Za-z0-9]+')]");
    }

    /** Envoy's {@code max_bytes} on a header's name and on its value ({@code config.core.v3.HeaderValue}). */
    public static final int ENVOY_MAX_HEADER_BYTES = 16384;

    /**
     * Why Envoy would refuse a header Contour writes ({@code verb} "set" or "add", as upstream's messages name
     * them) because its name or its value (as written to Envoy: escaped, variables substituted) is longer than
     * {@link #ENVOY_MAX_HEADER_BYTES}; empty when it fits. No CRD limit exists and upstream has no check, so the
     * resource Envoy would refuse is reported as upstream reports an invalid header instead.
     */
    public static Optional<String> envoyLengthError(String verb, String key, String value) {
        int nameBytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (nameBytes > ENVOY_MAX_HEADER_BYTES) {
            return Optional.of("invalid " + verb + " header name of " + nameBytes + " bytes: Envoy's limit is "
                    + ENVOY_MAX_HEADER_BYTES);
        }
        int valueBytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (valueBytes > ENVOY_MAX_HEADER_BYTES) {
            return Optional.of("invalid " + verb + " header " + GoQuote.q(key) + ": a value of " + valueBytes
                    + " bytes passes Envoy's limit of " + ENVOY_MAX_HEADER_BYTES);
        }
        return Optional.empty();
    }

    /**
     * Upstream's {@code headersPolicyService}: {@code own} (a route's or service's validated policy, null for none)
     * with the configured defaults filling in what it leaves unset. A default Host becomes the host rewrite unless
     * {@code own} rewrites it; default removals are appended unless {@code own} removes the same header (repeats among
     * the defaults stay, as upstream). With no defaults at all ({@code null}: upstream hands Ingress none unless
     * {@code policy.applyToIngress} is set) the own policy is returned as it is, null included; otherwise never null.
     *
     * @param dynamic the {@code CONTOUR_*} variables substituted into values, in order
     */
    public static Parsed<Dag.HeadersPolicy> withDefaults(ContourConfig.HeaderPolicy defaults, Dag.HeadersPolicy own,
            boolean allowHostRewrite, Map<String, String> dynamic) {
        if (defaults == null) {
            return Parsed.ok(own);
        }
        Dag.HeadersPolicy u = own == null ? NONE : own;
        if (defaults.set().isEmpty() && defaults.remove().isEmpty()) {
            // No configured defaults (the usual case): the own policy is the merge, without copying it.
            return Parsed.ok(u.add().isEmpty() ? u
                    : new Dag.HeadersPolicy(u.hostRewrite(), u.hostRewriteHeader(), Map.of(), u.set(), u.remove()));
        }
        String hostRewrite = u.hostRewrite();
        Map<String, String> set = new TreeMap<>(u.set());
        // Go ranges over the defaults map in random order; the config map is sorted, which makes the first Host win
        // deterministically.
        for (Map.Entry<String, String> e : defaults.set().entrySet()) {
            String key = HeaderValues.canonicalHeaderKey(e.getKey());
            if (key.equals("Host")) {
                if (!allowHostRewrite) {
                    return Parsed.err("rewriting " + GoQuote.q(key) + " header is not supported");
                }
                if (hostRewrite.isEmpty()) {
                    if (!HeaderValues.hostRewriteHeader(e.getValue()).isEmpty()) {
                        return Parsed.err("rewriting " + GoQuote.q(key) + " host header with dynamic value is not supported on service");
                    }
                    hostRewrite = e.getValue();
                }
                continue;
            }
            Optional<String> bad = headerNameError(key);
            if (bad.isPresent()) {
                return Parsed.err("invalid set header " + GoQuote.q(key) + ": " + bad.get());
            }
            if (set.containsKey(key)) {
                continue; // the route's or service's own value wins; the default never reaches Envoy
            }
            String value = HeaderValues.escapeHeaderValue(e.getValue(), dynamic);
            Optional<String> tooLong = envoyLengthError("set", key, value);
            if (tooLong.isPresent()) {
                return Parsed.err(tooLong.get());
            }
            set.put(key, value);
        }
        List<String> remove = new ArrayList<>(u.remove());
        Set<String> ownRemovals = new HashSet<>(u.remove());
        for (String entry : defaults.remove()) {
            String key = HeaderValues.canonicalHeaderKey(entry);
            Optional<String> bad = headerNameError(key);
            if (bad.isPresent()) {
                // upstream's text says "set" for removals too
                return Parsed.err("invalid set header " + GoQuote.q(key) + ": " + bad.get());
            }
            if (!ownRemovals.contains(key)) {
                remove.add(key);
            }
        }
        return Parsed.ok(new Dag.HeadersPolicy(hostRewrite, u.hostRewriteHeader(), Map.of(), set, remove));
    }
}
