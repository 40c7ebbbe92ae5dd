package io.contourcore.xds.simulate;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import io.contourcore.xds.Translation;
import io.contourcore.xds.translate.ClusterFact;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Whether two renderings route every request alike: the requests that exercise each virtual host and route of
 * either rendering (each route's prefix or path, under and beside it, over http and https) go through the
 * {@link RouteSimulator} on both sides, and what each side does with one is compared. Clusters are compared by the
 * Service they send to (namespace/name/port) and by their policies (load balancing, health checks, upstream TLS),
 * never by name, since names carry a hash that differs between equal policies written differently.
 *
 * <pre>{@code
 * List<RouteEquivalence.Difference> d = RouteEquivalence.compare(before.translation(), after.translation());
 * d.forEach(x -> System.err.println(x.line()));
 * // GET http://app.example.com/api: services: original [default/api/80 weight 90, ...], converted [...]
 * }</pre>
 */
public final class RouteEquivalence {

    private static final String TCP_PROXY = "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";

    private RouteEquivalence() {}

    /** One request the two renderings treat differently in one respect. */
    public record Difference(String request, String aspect, String original, String converted) {
        public Difference {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(aspect, "aspect");
            Objects.requireNonNull(original, "original");
            Objects.requireNonNull(converted, "converted");
        }

        /** {@code GET http://host/path: aspect: original X, converted Y}. */
        public String line() {
            return request + ": " + aspect + ": original " + original + ", converted " + converted;
        }
    }

    /** Every difference, by request (in the order of {@link #requests}) then aspect; empty when equivalent. */
    public static List<Difference> compare(Translation original, Translation converted) {
        Side a = new Side(original);
        Side b = new Side(converted);
        TreeSet<String> lines = new TreeSet<>(requests(original));
        lines.addAll(requests(converted));
        List<Difference> out = new ArrayList<>();
        for (String line : lines) {
            Request r = Request.parse(line);
            Map<String, String> fa = a.facts(r);
            Map<String, String> fb = b.facts(r);
            if (!fa.get("outcome").equals(fb.get("outcome"))) {
                // Everything else follows from a different outcome: one line says what each side does.
                out.add(new Difference(r.line(), "outcome", summary(fa), summary(fb)));
                continue;
            }
            TreeSet<String> aspects = new TreeSet<>(fa.keySet());
            aspects.addAll(fb.keySet());
            for (String aspect : aspects) {
                String va = fa.getOrDefault(aspect, "(none)");
                String vb = fb.getOrDefault(aspect, "(none)");
                if (!va.equals(vb)) {
                    out.add(new Difference(r.line(), aspect, va, vb));
                }
            }
        }
        return out;
    }

    /** An outcome with where it leads: the Services, or the redirect's location. */
    private static String summary(Map<String, String> facts) {
        String where = facts.containsKey("services") ? " to " + facts.get("services")
                : facts.containsKey("redirect") ? " to " + facts.get("redirect") : "";
        return facts.get("outcome") + where;
    }

    /**
     * The requests that exercise one rendering, as {@code GET scheme://host/path} lines, sorted: for every virtual
     * host's domains (a wildcard label made concrete) the root and each route's path, a path under it and a sibling
     * beside it, each over http and https; and the root of every TLS server name a filter chain takes.
     */
    public static List<String> requests(Translation t) {
        TreeSet<String> hostPaths = new TreeSet<>();
        for (RouteConfiguration rc : t.xds().routes()) {
            for (VirtualHost v : rc.getVirtualHostsList()) {
                for (String domain : v.getDomainsList()) {
                    String host = domain.equals("*") ? "unknown.invalid" : domain.replace("*", "wildcard");
                    hostPaths.add(host + "/");
                    for (Route r : v.getRoutesList()) {
                        for (String p : paths(r.getMatch())) {
                            hostPaths.add(host + p);
                        }
                    }
                }
            }
        }
        for (Listener l : t.xds().listeners()) {
            for (FilterChain c : l.getFilterChainsList()) {
                for (String sni : c.getFilterChainMatch().getServerNamesList()) {
                    hostPaths.add(sni.replace("*", "wildcard") + "/");
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String hp : hostPaths) {
            out.add("GET http://" + hp);
            out.add("GET https://" + hp);
        }
        out.sort(null);
        return out;
    }

    private static List<String> paths(RouteMatch m) {
        return switch (m.getPathSpecifierCase()) {
            case PREFIX -> around(m.getPrefix());
            case PATH_SEPARATED_PREFIX -> around(m.getPathSeparatedPrefix());
            case PATH -> List.of(m.getPath(), m.getPath() + "/more");
            default -> List.of();
        };
    }

    /** The prefix itself, a path under it and a sibling that shares its text but not its segment. */
    private static List<String> around(String prefix) {
        if (prefix.isEmpty() || !prefix.startsWith("/")) {
            return List.of();
        }
        if (prefix.endsWith("/")) {
            return List.of(prefix, prefix + "sub");
        }
        return List.of(prefix, prefix + "/sub", prefix + "-sibling");
    }

    /** One rendering, with what is needed to describe what it does with a request in name-free terms. */
    private static final class Side {
        private final Translation t;
        private final RouteSimulator simulator;
        private final Map<String, Cluster> clusters = new LinkedHashMap<>();
        private final Map<String, RouteConfiguration> routeConfigs = new LinkedHashMap<>();
        private final Map<String, Listener> listeners = new LinkedHashMap<>();

        Side(Translation t) {
            this.t = t;
            this.simulator = new RouteSimulator(t.xds());
            t.xds().clusters().forEach(c -> clusters.put(c.getName(), c));
            t.xds().routes().forEach(r -> routeConfigs.put(r.getName(), r));
            t.xds().listeners().forEach(l -> listeners.put(l.getName(), l));
        }

        /** What this side does with {@code r}, aspect by aspect; aspects that do not apply are left out. */
        Map<String, String> facts(Request r) {
            Decision d = simulator.route(r);
            Map<String, String> f = new LinkedHashMap<>();
            f.put("outcome", d.outcome().label() + (d.statusCode() == 0 ? "" : " " + d.statusCode()));
            if (!d.virtualHost().isEmpty()) {
                f.put("virtual host", d.virtualHost());
            }
            if (r.ssl()) {
                tls(d, r).ifPresent(s -> f.put("tls", s));
            }
            if (!d.cluster().isEmpty() || !d.weightedClusters().isEmpty()) {
                f.put("services", services(d));
                f.put("cluster policies", policies(d));
            }
            if (!d.location().isEmpty()) {
                f.put("redirect", d.location());
            }
            if (d.outcome() == Decision.Outcome.DIRECT_RESPONSE) {
                f.put("body", d.body());
            }
            if (d.forwards()) {
                putIfSet(f, "timeout", d.timeout());
                putIfSet(f, "idle timeout", d.idleTimeout());
                putIfSet(f, "retries", d.retryPolicy());
                f.put("upstream request headers", d.requestHeaders().toString());
                if (!d.mirrors().isEmpty()) {
                    f.put("mirrors", d.mirrors().stream().map(this::service).toList().toString());
                }
            }
            route(d).ifPresent(s -> f.put("route", s));
            return f;
        }

        private static void putIfSet(Map<String, String> f, String aspect, String value) {
            if (!value.isEmpty()) {
                f.put(aspect, value);
            }
        }

        /** The Services a request goes to, with their weights when there are several. */
        private String services(Decision d) {
            if (d.weightedClusters().isEmpty()) {
                return "[" + service(d.cluster()) + "]";
            }
            List<String> parts = new ArrayList<>();
            for (Decision.ClusterChoice c : d.weightedClusters()) {
                parts.add(service(c.name()) + " weight " + c.weight());
            }
            parts.sort(null);
            return parts.toString();
        }

        /** Each Service's cluster policies (load balancing, health checks, upstream TLS, ...). */
        private String policies(Decision d) {
            List<String> names = d.weightedClusters().isEmpty() ? List.of(d.cluster())
                    : d.weightedClusters().stream().map(Decision.ClusterChoice::name).toList();
            List<String> parts = new ArrayList<>();
            for (String n : names) {
                parts.add(service(n) + policy(n));
            }
            parts.sort(null);
            return parts.toString();
        }

        /** The Service behind a cluster name, or the name itself for a cluster that is not a Service's. */
        private String service(String cluster) {
            ClusterFact f = t.clusterFacts().get(cluster);
            if (f == null || f.service() == null) {
                return cluster;
            }
            return f.service().namespace() + "/" + f.service().name() + "/" + f.service().port().port();
        }

        /** The cluster's policies: everything but its names. */
        private String policy(String cluster) {
            Cluster c = clusters.get(cluster);
            if (c == null) {
                return " (no such cluster)";
            }
            String p = TextFormat.shortDebugString(c.toBuilder().clearName().clearAltStatName().build());
            return " {" + p + "}";
        }

        /** The matched route without its match and names, clusters replaced by their Services. */
        private java.util.Optional<String> route(Decision d) {
            if (d.routeIndex() < 0) {
                return java.util.Optional.empty();
            }
            RouteConfiguration rc = routeConfigs.get(d.routeConfiguration());
            if (rc == null) {
                return java.util.Optional.empty();
            }
            for (VirtualHost v : rc.getVirtualHostsList()) {
                if (v.getName().equals(d.virtualHost()) && d.routeIndex() < v.getRoutesCount()) {
                    Route route = v.getRoutes(d.routeIndex());
                    Route.Builder b = route.toBuilder().clearMatch().clearName().clearMetadata();
                    if (route.hasRoute()) {
                        b.setRoute(byService(route.getRoute()));
                    }
                    return java.util.Optional.of(TextFormat.shortDebugString(b.build()));
                }
            }
            return java.util.Optional.empty();
        }

        private RouteAction byService(RouteAction a) {
            RouteAction.Builder b = a.toBuilder();
            if (a.hasWeightedClusters()) {
                WeightedCluster.Builder w = a.getWeightedClusters().toBuilder();
                List<WeightedCluster.ClusterWeight> sorted = new ArrayList<>();
                for (WeightedCluster.ClusterWeight c : a.getWeightedClusters().getClustersList()) {
                    sorted.add(c.toBuilder().setName(service(c.getName())).build());
                }
                sorted.sort(java.util.Comparator.comparing(TextFormat::shortDebugString));
                b.setWeightedClusters(w.clearClusters().addAllClusters(sorted));
            } else if (!a.getCluster().isEmpty()) {
                b.setCluster(service(a.getCluster()));
            }
            for (int i = 0; i < a.getRequestMirrorPoliciesCount(); i++) {
                b.setRequestMirrorPolicies(i, a.getRequestMirrorPolicies(i).toBuilder()
                        .setCluster(service(a.getRequestMirrorPolicies(i).getCluster())));
            }
            return b.build();
        }

        /**
         * The downstream TLS of the filter chain the request's server name selects (secret names carry a hash of
         * the certificate, equal for the same Secret), and for a TCP proxy its Services.
         */
        private java.util.Optional<String> tls(Decision d, Request r) {
            Listener l = listeners.get(d.listener());
            if (l == null) {
                return java.util.Optional.empty();
            }
            FilterChain chosen = null;
            for (FilterChain c : l.getFilterChainsList()) {
                if (c.getFilterChainMatch().getServerNamesList().contains(r.host())) {
                    chosen = c;
                    break;
                }
            }
            if (chosen == null) {
                return java.util.Optional.empty();
            }
            StringBuilder s = new StringBuilder();
            Any tls = chosen.getTransportSocket().getTypedConfig();
            try {
                s.append(tls.is(DownstreamTlsContext.class)
                        ? TextFormat.shortDebugString(tls.unpack(DownstreamTlsContext.class))
                        : TextFormat.shortDebugString(chosen.getTransportSocket()));
            } catch (InvalidProtocolBufferException e) {
                s.append("(unreadable TLS context)");
            }
            for (Filter f : chosen.getFiltersList()) {
                Any any = f.getTypedConfig();
                if (any.getTypeUrl().equals(TCP_PROXY)) {
                    try {
                        TcpProxy tcp = any.unpack(TcpProxy.class);
                        s.append(" tcp_proxy idle_timeout ").append(TextFormat.shortDebugString(tcp.getIdleTimeout()));
                    } catch (InvalidProtocolBufferException e) {
                        s.append(" tcp_proxy (unreadable)");
                    }
                }
            }
            return java.util.Optional.of(s.toString());
        }
    }
}
