package io.contourcore.dag.kernel;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.GoText.Parsed;
import io.contourcore.model.Timeout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * Route rules HTTPProxy and IngressRoute share, so that the same routing written in either API programs the same
 * Envoy route: the retry arithmetic, the load-balancer strategies Envoy is told about (and the cookie hash a
 * {@code Cookie} strategy needs), and the {@code /foo} / {@code /foo/} expansion of prefix rewrites.
 *
 * <pre>{@code
 * Dag.RetryPolicy r = RoutePolicies.retryPolicy(3, "150ms", List.of(), List.of()); // 5xx, 3 retries, 150ms per try
 * String lb = RoutePolicies.loadBalancerStrategy("Random");                          // "Random"
 * List<Dag.Route.Builder> all = RoutePolicies.expandPrefixMatches(routes);
 * }</pre>
 */
public final class RoutePolicies {

    private RoutePolicies() {}

    public static final String LB_ROUND_ROBIN = "RoundRobin";
    public static final String LB_WEIGHTED_LEAST_REQUEST = "WeightedLeastRequest";
    public static final String LB_RANDOM = "Random";
    public static final String LB_COOKIE = "Cookie";
    public static final String LB_REQUEST_HASH = "RequestHash";

    /** The hash policy of cookie session affinity: Envoy generates the cookie, session-long, for the whole site. */
    public static final Dag.RequestHashPolicy COOKIE_AFFINITY = new Dag.RequestHashPolicy(false, null,
            "X-Contour-Session-Affinity", Duration.ZERO, "/", false, null);

    /**
     * A retry policy: {@code count} -1 means no retries, 0 or 1 mean one; an unparseable {@code perTryTimeout}
     * leaves Envoy's default; {@code retryOn} defaults to {@code 5xx}.
     */
    public static Dag.RetryPolicy retryPolicy(long count, String perTryTimeout, List<String> retryOn,
            List<Integer> retriableStatusCodes) {
        Timeout perTry = Timeout.UNSET;
        Parsed<Duration> d = GoText.parseDuration(perTryTimeout);
        if (d.ok() && !d.value().isNegative()) {
            perTry = Timeout.of(d.value());
        }
        int retries = count == -1 ? 0 : (count == 0 || count == 1) ? 1 : (int) Math.min(count, 0xffffffffL);
        String on = retryOn.isEmpty() ? "5xx" : String.join(",", retryOn);
        return new Dag.RetryPolicy(on, List.copyOf(retriableStatusCodes), retries, perTry);
    }

    /** The strategy when it is one Envoy needs told about; RoundRobin and unknown values are the default (empty). */
    public static String loadBalancerStrategy(String strategy) {
        return switch (strategy) {
            case LB_WEIGHTED_LEAST_REQUEST, LB_RANDOM, LB_COOKIE, LB_REQUEST_HASH -> strategy;
            default -> "";
        };
    }

    /**
     * Upstream's prefix-rewrite expansion: a lone {@code /foo} route with a replacement also gets a {@code /foo/}
     * twin, so that {@code /foo/bar} and {@code /foosball} both rewrite sensibly. Expanding twice changes nothing.
     */
    public static List<Dag.Route.Builder> expandPrefixMatches(List<Dag.Route.Builder> routes) {
        List<Dag.Route.Builder> expanded = new ArrayList<>();
        Map<String, List<Dag.Route.Builder>> byPrefix = new LinkedHashMap<>();
        for (Dag.Route.Builder r : routes) {
            if (!(r.pathMatch() instanceof Dag.PrefixMatch pm)) {
                expanded.add(r);
                continue;
            }
            String key = pm.prefix().equals("/") ? "/" : trimRightSlash(pm.prefix());
            byPrefix.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Dag.Route.Builder>> e : byPrefix.entrySet()) {
            List<Dag.Route.Builder> group = e.getValue();
            expanded.addAll(group);
            if (group.size() != 1) {
                continue;
            }
            Dag.Route.Builder r0 = group.get(0);
            if (r0.pathRewritePolicy() == null || ((Dag.PrefixMatch) r0.pathMatch()).prefix().equals("/")) {
                continue;
            }
            Dag.Route.Builder twin = r0.copy();
            String trimmed = trimRightSlash(r0.pathRewritePolicy().prefixRewrite());
            r0.pathMatch(new Dag.PrefixMatch(e.getKey(), Dag.PrefixType.STRING));
            twin.pathRewritePolicy(new Dag.PathRewritePolicy(trimmed + "/", "", ""));
            twin.pathMatch(new Dag.PrefixMatch(e.getKey() + "/", Dag.PrefixType.STRING));
            r0.pathRewritePolicy(new Dag.PathRewritePolicy(trimmed.isEmpty() ? "/" : trimmed, "", ""));
            expanded.add(twin);
        }
        return expanded;
    }

    private static String trimRightSlash(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * Envoy refuses a route whose weighted clusters' weights add up past 4,294,967,295. Upstream adds them in a
     * uint32 and, only when that wraps to exactly 0, gives every cluster weight 1 (which Envoy takes, and which the
     * translation mirrors); any other sum past the limit is programmed as written and refused, so it is reported here.
     */
    public static Optional<String> weightSumError(long sum) {
        if (sum <= 0xffffffffL || (sum & 0xffffffffL) == 0) {
            return Optional.empty();
        }
        return Optional.of("the services' weights add up to " + sum + ", more than Envoy allows for a route (4294967295)");
    }
}
