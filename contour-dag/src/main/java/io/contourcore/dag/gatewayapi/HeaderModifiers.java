package io.contourcore.dag.gatewayapi;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.HeaderPolicies;
import io.contourcore.dag.kernel.HeaderValues;
import io.contourcore.model.GoQuote;
import io.contourcore.model.HTTPRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Upstream's {@code headersPolicyGatewayAPI}: a RequestHeaderModifier or ResponseHeaderModifier filter as a DAG
 * headers policy. Names are canonicalised as Go's {@code http.CanonicalHeaderKey} does; a request filter's
 * {@code Host} becomes the host rewrite; duplicates and invalid names are skipped and reported, the rest is kept.
 *
 * <pre>{@code
 * HeaderModifiers.Result r = HeaderModifiers.policy(filter.requestHeaderModifier(), true);
 * r.policy();          // always usable
 * r.error();           // empty, or upstream's aggregated error text
 * }</pre>
 */
public final class HeaderModifiers {

    private HeaderModifiers() {}

    /** The policy, and the errors met building it as Kubernetes' {@code utilerrors.NewAggregate} prints them. */
    public record Result(Dag.HeadersPolicy policy, Optional<String> error) {}

    public static Result policy(HTTPRoute.HeaderModifier m, boolean request) {
        List<String> errors = new ArrayList<>();
        String[] hostRewrite = {""};
        Map<String, String> set = headers(m.set(), "set", request, hostRewrite, errors);
        Map<String, String> add = headers(m.add(), "add", request, hostRewrite, errors);
        TreeSet<String> remove = new TreeSet<>();
        for (String name : m.remove()) {
            String key = HeaderValues.canonicalHeaderKey(name);
            if (remove.contains(key)) {
                errors.add("duplicate header removal: " + GoQuote.q(key));
                continue;
            }
            Optional<String> bad = HeaderPolicies.headerNameError(key);
            if (bad.isPresent()) {
                errors.add("invalid remove header " + GoQuote.q(key) + ": " + bad.get());
                continue;
            }
            remove.add(key);
        }
        return new Result(new Dag.HeadersPolicy(hostRewrite[0], "", add, set, List.copyOf(remove)), aggregate(errors));
    }

    private static Map<String, String> headers(List<HTTPRoute.Header> headers, String op, boolean request,
            String[] hostRewrite, List<String> errors) {
        Map<String, String> m = new LinkedHashMap<>();
        for (HTTPRoute.Header h : headers) {
            String key = HeaderValues.canonicalHeaderKey(h.name());
            if (m.containsKey(key)) {
                errors.add("duplicate header addition: " + GoQuote.q(key));
                continue;
            }
            if (key.equals("Host") && request) {
                hostRewrite[0] = h.value();
                continue;
            }
            Optional<String> bad = HeaderPolicies.headerNameError(key);
            if (bad.isPresent()) {
                errors.add("invalid " + op + " header " + GoQuote.q(key) + ": " + bad.get());
                continue;
            }
            m.put(key, HeaderValues.escapeHeaderValue(h.value(), Map.of()));
        }
        return m;
    }

    /** Kubernetes' aggregate error text: one message as is, several distinct ones in brackets. */
    static Optional<String> aggregate(List<String> errors) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>(errors);
        if (distinct.isEmpty()) {
            return Optional.empty();
        }
        if (errors.size() == 1 || distinct.size() == 1) {
            return Optional.of(distinct.iterator().next());
        }
        return Optional.of("[" + String.join(", ", distinct) + "]");
    }
}
