package io.contourcore.xds.validate;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.contourcore.xds.translate.Protos;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks Envoy makes when it loads configuration beyond the protoc-gen-validate rules: names and addresses
 * that must be unique, references that must resolve, and the HTTP filter chain's shape. Messages follow Envoy's
 * own wording where it has one.
 */
final class EnvoyChecks {

    static final String LISTENER = "envoy.config.listener.v3.Listener";
    static final String ROUTE_CONFIGURATION = "envoy.config.route.v3.RouteConfiguration";
    static final String CLUSTER = "envoy.config.cluster.v3.Cluster";
    static final String LOAD_ASSIGNMENT = "envoy.config.endpoint.v3.ClusterLoadAssignment";
    static final String SECRET = "envoy.extensions.transport_sockets.tls.v3.Secret";

    static final String HCM_TYPE = "type.googleapis.com/" + HttpConnectionManager.getDescriptor().getFullName();
    static final String ROUTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
    static final String ROUTER_NAME = "envoy.filters.http.router";
    static final String DOWNSTREAM_TLS_TYPE = "type.googleapis.com/" + DownstreamTlsContext.getDescriptor().getFullName();
    static final String UPSTREAM_TLS_TYPE = "type.googleapis.com/" + UpstreamTlsContext.getDescriptor().getFullName();

    private EnvoyChecks() {}

    /** Where a finding goes: resource type and name are fixed, the path is relative to the resource. */
    record Scope(String type, String name, List<Violation> out) {
        void add(String path, String rule, String message) {
            out.add(new Violation(type, name, path, rule, message));
        }
    }

    /** One HttpConnectionManager found in a listener, with its path there. */
    record Hcm(String path, HttpConnectionManager config) {}

    // ------------------------------------------------------------ per resource

    static void listener(Listener l, List<Hcm> hcms, List<Violation> out) {
        Scope s = new Scope(LISTENER, l.getName(), out);
        filterChainMatches(l, s);
        for (Hcm h : hcms) {
            httpFilters(h, s);
            if (h.config().hasRouteConfig()) {
                routeConfiguration(h.config().getRouteConfig(), s, h.path() + ".route_config.");
            }
        }
    }

    static void routeConfiguration(RouteConfiguration rc, List<Violation> out) {
        routeConfiguration(rc, new Scope(ROUTE_CONFIGURATION, rc.getName(), out), "");
    }

    /** Envoy's {@code max_direct_response_body_size_bytes} when a route configuration leaves it unset. */
    static final long DEFAULT_MAX_DIRECT_RESPONSE_BODY = 4096;

    /** Domains, weighted-cluster totals and direct-response bodies, which Envoy checks as it builds the route table. */
    static void routeConfiguration(RouteConfiguration rc, Scope s, String prefix) {
        long maxBody = rc.hasMaxDirectResponseBodySizeBytes()
                ? Integer.toUnsignedLong(rc.getMaxDirectResponseBodySizeBytes().getValue()) : DEFAULT_MAX_DIRECT_RESPONSE_BODY;
        boolean catchAll = false;
        Map<String, Integer> exact = new HashMap<>();
        Map<String, Integer> suffixes = new HashMap<>();
        Map<String, Integer> prefixes = new HashMap<>();
        for (int v = 0; v < rc.getVirtualHostsCount(); v++) {
            VirtualHost vh = rc.getVirtualHosts(v);
            for (int d = 0; d < vh.getDomainsCount(); d++) {
                String domain = vh.getDomains(d);
                boolean duplicate;
                if (domain.equals("*")) {
                    duplicate = catchAll;
                    catchAll = true;
                    if (duplicate) {
                        s.add(domainPath(prefix, v, d), "envoy.virtual_host.unique_domain",
                                "Only a single wildcard domain is permitted in route " + rc.getName());
                        continue;
                    }
                } else if (domain.startsWith("*")) {
                    duplicate = suffixes.putIfAbsent(domain.substring(1), v) != null;
                } else if (domain.endsWith("*")) {
                    duplicate = prefixes.putIfAbsent(domain.substring(0, domain.length() - 1), v) != null;
                } else {
                    duplicate = exact.putIfAbsent(domain, v) != null;
                }
                if (duplicate) {
                    s.add(domainPath(prefix, v, d), "envoy.virtual_host.unique_domain",
                            "Only unique values for domains are permitted. Duplicate entry of domain "
                            + domain + " in route " + rc.getName());
                }
                // A '*' strictly inside the domain, found without a copy of the inside (thousands of hosts a change).
                int star = domain.indexOf('*', 1);
                boolean innerStar = star >= 0 && star < domain.length() - 1;
                if (domain.length() > 1 && (innerStar || (domain.startsWith("*") && domain.endsWith("*")))) {
                    s.add(domainPath(prefix, v, d), "envoy.virtual_host.wildcard_domain", "domain " + Rules.quote(domain)
                            + " has a '*' that is not a single leading or trailing wildcard; Envoy would match it literally");
                }
            }
            for (int r = 0; r < vh.getRoutesCount(); r++) {
                Route route = vh.getRoutes(r);
                if (route.hasDirectResponse() && route.getDirectResponse().hasBody()) {
                    long size = bodySize(route.getDirectResponse().getBody());
                    if (size > maxBody) {
                        s.add(prefix + "virtual_hosts[" + v + "].routes[" + r + "].direct_response.body",
                                "envoy.direct_response.body_size", "response body size is " + size + " bytes; maximum is "
                                        + maxBody);
                    }
                }
                if (route.hasRoute() && route.getRoute().hasWeightedClusters()) {
                    long total = 0;
                    for (WeightedCluster.ClusterWeight cw : route.getRoute().getWeightedClusters().getClustersList()) {
                        total += Integer.toUnsignedLong(cw.getWeight().getValue());
                    }
                    String path = prefix + "virtual_hosts[" + v + "].routes[" + r + "].route.weighted_clusters";
                    if (total == 0) {
                        s.add(path, "envoy.weighted_clusters.total_weight", "Sum of weights in the weighted_cluster must be greater than 0.");
                    } else if (total > 0xFFFFFFFFL) {
                        s.add(path, "envoy.weighted_clusters.total_weight", "The sum of weights of all weighted clusters of route "
                                + route.getName() + " exceeds 4294967295");
                    }
                }
            }
        }
    }

    /** A domain's path, spelled out only for a finding: most domains have none. */
    private static String domainPath(String prefix, int v, int d) {
        return prefix + "virtual_hosts[" + v + "].domains[" + d + "]";
    }

    /** The bytes of an inline body; a file or environment body is read by Envoy at load and not known here (0). */
    private static long bodySize(io.envoyproxy.envoy.config.core.v3.DataSource body) {
        return switch (body.getSpecifierCase()) {
            case INLINE_STRING -> body.getInlineStringBytes().size();
            case INLINE_BYTES -> body.getInlineBytes().size();
            default -> 0;
        };
    }

    /** Envoy refuses a listener two of whose filter chains would match the same connection. */
    private static void filterChainMatches(Listener l, Scope s) {
        if (l.hasFilterChainMatcher()) {
            return; // the matcher API replaces filter_chain_match and allows any overlap
        }
        Map<String, Integer> owner = new HashMap<>();
        for (int i = 0; i < l.getFilterChainsCount(); i++) {
            FilterChain fc = l.getFilterChains(i);
            for (String key : matchKeys(fc.getFilterChainMatch())) {
                Integer first = owner.putIfAbsent(key, i);
                if (first != null) {
                    s.add("filter_chains[" + i + "].filter_chain_match", "envoy.filter_chain.unique_match",
                            "filter chain " + chainName(fc, i) + " has the same matching rules defined as "
                                    + chainName(l.getFilterChains(first), first));
                    break;
                }
            }
        }
    }

    private static String chainName(FilterChain fc, int i) {
        return fc.getName().isEmpty() ? "filter_chains[" + i + "]" : "'" + fc.getName() + "'";
    }

    /** Every combination of the match's criteria, as Envoy's matching trie would hold them. */
    static List<String> matchKeys(FilterChainMatch m) {
        List<String> keys = new ArrayList<>();
        keys.add((m.hasDestinationPort() ? m.getDestinationPort().getValue() : 0) + "|" + m.getTransportProtocol()
                + "|" + m.getSourceType().getNumber());
        keys = cross(keys, cidrs(m.getPrefixRangesList()));
        keys = cross(keys, m.getServerNamesList());
        keys = cross(keys, m.getApplicationProtocolsList());
        keys = cross(keys, cidrs(m.getDirectSourcePrefixRangesList()));
        keys = cross(keys, cidrs(m.getSourcePrefixRangesList()));
        keys = cross(keys, m.getSourcePortsList().stream().map(String::valueOf).toList());
        return keys;
    }

    private static List<String> cidrs(List<CidrRange> ranges) {
        return ranges.stream().map(c -> c.getAddressPrefix() + "/" + (c.hasPrefixLen() ? c.getPrefixLen().getValue() : -1)).toList();
    }

    private static List<String> cross(List<String> keys, List<String> values) {
        if (values.isEmpty()) {
            return keys.stream().map(k -> k + "|*").toList();
        }
        if ((long) keys.size() * values.size() > 100_000) {
            // a pathological product; compare the lists as a whole instead of every combination
            return keys.stream().map(k -> k + "|" + String.join(",", values)).toList();
        }
        List<String> out = new ArrayList<>(keys.size() * values.size());
        for (String k : keys) {
            for (String v : values) {
                out.add(k + "|" + v);
            }
        }
        return out;
    }

    /** The router must be the last HTTP filter, and there must be exactly one. */
    private static void httpFilters(Hcm h, Scope s) {
        List<HttpFilter> filters = h.config().getHttpFiltersList();
        int routers = 0;
        for (int i = 0; i < filters.size(); i++) {
            HttpFilter f = filters.get(i);
            if (isRouter(f)) {
                routers++;
                if (i != filters.size() - 1) {
                    s.add(h.path() + ".http_filters[" + i + "]", "envoy.http_filters.router_last", "terminal filter named " + f.getName()
                            + " of type " + ROUTER_NAME + " must be the last filter in a http filter chain.");
                }
            }
        }
        if (routers == 0 && (filters.isEmpty() || !isRouter(filters.get(filters.size() - 1)))) {
            String path = filters.isEmpty() ? h.path() + ".http_filters" : h.path() + ".http_filters[" + (filters.size() - 1) + "]";
            String message = filters.isEmpty() ? "the HTTP filter chain is empty; the router (" + ROUTER_NAME + ") must end it"
                    : "non-terminal filter named " + filters.get(filters.size() - 1).getName() + " is the last filter in a http filter chain.";
            s.add(path, "envoy.http_filters.router_last", message);
        }
        if (routers > 1) {
            s.add(h.path() + ".http_filters", "envoy.http_filters.router_once", "the router filter appears " + routers + " times; it must appear once");
        }
    }

    private static boolean isRouter(HttpFilter f) {
        if (f.hasTypedConfig()) {
            return f.getTypedConfig().getTypeUrl().equals(ROUTER_TYPE);
        }
        return f.getName().equals(ROUTER_NAME);
    }

    // ------------------------------------------------------------ walking listeners and clusters

    static List<Hcm> hcms(Listener l) {
        List<Hcm> out = new ArrayList<>();
        for (int i = 0; i < l.getFilterChainsCount(); i++) {
            hcms(l.getFilterChains(i), "filter_chains[" + i + "]", out);
        }
        if (l.hasDefaultFilterChain()) {
            hcms(l.getDefaultFilterChain(), "default_filter_chain", out);
        }
        return out;
    }

    private static void hcms(FilterChain fc, String path, List<Hcm> out) {
        for (int j = 0; j < fc.getFiltersCount(); j++) {
            Filter f = fc.getFilters(j);
            if (f.hasTypedConfig() && f.getTypedConfig().getTypeUrl().equals(HCM_TYPE)) {
                HttpConnectionManager hcm = unpack(f.getTypedConfig(), HttpConnectionManager.class);
                if (hcm != null) {
                    out.add(new Hcm(path + ".filters[" + j + "].typed_config", hcm));
                }
            }
        }
    }

    /** A secret reference and where it sits. */
    record SecretRef(String path, SdsSecretConfig config) {}

    static List<SecretRef> secretRefs(Listener l) {
        List<SecretRef> out = new ArrayList<>();
        for (int i = 0; i < l.getFilterChainsCount(); i++) {
            FilterChain fc = l.getFilterChains(i);
            if (fc.hasTransportSocket()) {
                secretRefs(fc.getTransportSocket(), "filter_chains[" + i + "].transport_socket", out);
            }
        }
        if (l.hasDefaultFilterChain() && l.getDefaultFilterChain().hasTransportSocket()) {
            secretRefs(l.getDefaultFilterChain().getTransportSocket(), "default_filter_chain.transport_socket", out);
        }
        return out;
    }

    static List<SecretRef> secretRefs(Cluster c) {
        List<SecretRef> out = new ArrayList<>();
        if (c.hasTransportSocket()) {
            secretRefs(c.getTransportSocket(), "transport_socket", out);
        }
        for (int i = 0; i < c.getTransportSocketMatchesCount(); i++) {
            Cluster.TransportSocketMatch m = c.getTransportSocketMatches(i);
            if (m.hasTransportSocket()) {
                secretRefs(m.getTransportSocket(), "transport_socket_matches[" + i + "].transport_socket", out);
            }
        }
        return out;
    }

    private static void secretRefs(TransportSocket ts, String path, List<SecretRef> out) {
        if (!ts.hasTypedConfig()) {
            return;
        }
        String url = ts.getTypedConfig().getTypeUrl();
        CommonTlsContext common;
        if (url.equals(DOWNSTREAM_TLS_TYPE)) {
            DownstreamTlsContext d = unpack(ts.getTypedConfig(), DownstreamTlsContext.class);
            common = d == null ? null : d.getCommonTlsContext();
        } else if (url.equals(UPSTREAM_TLS_TYPE)) {
            UpstreamTlsContext u = unpack(ts.getTypedConfig(), UpstreamTlsContext.class);
            common = u == null ? null : u.getCommonTlsContext();
        } else {
            return;
        }
        if (common == null) {
            return;
        }
        String base = path + ".typed_config.common_tls_context.";
        for (int i = 0; i < common.getTlsCertificateSdsSecretConfigsCount(); i++) {
            out.add(new SecretRef(base + "tls_certificate_sds_secret_configs[" + i + "]", common.getTlsCertificateSdsSecretConfigs(i)));
        }
        if (common.hasValidationContextSdsSecretConfig()) {
            out.add(new SecretRef(base + "validation_context_sds_secret_config", common.getValidationContextSdsSecretConfig()));
        }
        if (common.hasCombinedValidationContext() && common.getCombinedValidationContext().hasValidationContextSdsSecretConfig()) {
            out.add(new SecretRef(base + "combined_validation_context.validation_context_sds_secret_config",
                    common.getCombinedValidationContext().getValidationContextSdsSecretConfig()));
        }
    }

    /** Every cluster a route configuration names, with its path. */
    static void clusterRefs(RouteConfiguration rc, String prefix, java.util.function.Predicate<String> known,
            ClusterRefSink sink) {
        for (int v = 0; v < rc.getVirtualHostsCount(); v++) {
            clusterRefs(rc.getVirtualHosts(v), v, prefix, known, sink);
        }
    }

    /** Every cluster the routes of one virtual host (host {@code v} of its route configuration) name, with its path. */
    static void clusterRefs(VirtualHost vh, int v, String prefix, java.util.function.Predicate<String> known,
            ClusterRefSink sink) {
        // A route's path is spelled out only for a cluster that is not known: most routes name one that is.
        for (int r = 0; r < vh.getRoutesCount(); r++) {
            Route route = vh.getRoutes(r);
            if (!route.hasRoute()) {
                continue;
            }
            RouteAction a = route.getRoute();
            switch (a.getClusterSpecifierCase()) {
                case CLUSTER -> {
                    if (!known.test(a.getCluster())) {
                        sink.accept(routePath(prefix, v, r) + "cluster", a.getCluster(), "route: unknown cluster '%s'");
                    }
                }
                case WEIGHTED_CLUSTERS -> {
                    List<WeightedCluster.ClusterWeight> cws = a.getWeightedClusters().getClustersList();
                    for (int i = 0; i < cws.size(); i++) {
                        if (!cws.get(i).getName().isEmpty() && !known.test(cws.get(i).getName())) {
                            sink.accept(routePath(prefix, v, r) + "weighted_clusters.clusters[" + i + "].name",
                                    cws.get(i).getName(), "route: unknown weighted cluster '%s'");
                        }
                    }
                }
                default -> { }
            }
            for (int i = 0; i < a.getRequestMirrorPoliciesCount(); i++) {
                String c = a.getRequestMirrorPolicies(i).getCluster();
                if (!c.isEmpty() && !known.test(c)) {
                    sink.accept(routePath(prefix, v, r) + "request_mirror_policies[" + i + "].cluster", c,
                            "route: unknown mirror cluster '%s'");
                }
            }
        }
    }

    private static String routePath(String prefix, int v, int r) {
        return prefix + "virtual_hosts[" + v + "].routes[" + r + "].route.";
    }

    interface ClusterRefSink {
        void accept(String path, String cluster, String messageFormat);
    }

    /** Whether Envoy checks this route configuration's clusters: unless {@code validate_clusters} says false. */
    static boolean validatesClusters(RouteConfiguration rc) {
        return !rc.hasValidateClusters() || rc.getValidateClusters().getValue();
    }

    /** The key Envoy's duplicate-address check compares, or null for a listener without a bound address. */
    static String addressKey(Listener l) {
        if (!l.hasAddress()) {
            return null;
        }
        Address a = l.getAddress();
        return switch (a.getAddressCase()) {
            case SOCKET_ADDRESS -> {
                var sa = a.getSocketAddress();
                String port = sa.getPortSpecifierCase() == io.envoyproxy.envoy.config.core.v3.SocketAddress.PortSpecifierCase.NAMED_PORT
                        ? sa.getNamedPort() : Integer.toString(sa.getPortValue());
                yield sa.getProtocol().name() + " " + (sa.getAddress().contains(":") ? "[" + sa.getAddress() + "]" : sa.getAddress()) + ":" + port;
            }
            case PIPE -> "pipe " + a.getPipe().getPath();
            case ENVOY_INTERNAL_ADDRESS -> "internal " + a.getEnvoyInternalAddress().getServerListenerName();
            default -> null;
        };
    }

    static <T extends Message> T unpack(Any any, Class<T> type) {
        try {
            return Protos.unpack(any, type);
        } catch (InvalidProtocolBufferException e) {
            return null; // the rule walk already reports an Any that does not parse
        }
    }

    /** Reports each name seen before, as Envoy does when the same name is added twice. */
    static <T> void uniqueNames(List<T> items, java.util.function.Function<T, String> name, String type, String field, String rule,
            String messageFormat, List<Violation> out) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (T item : items) {
            String n = name.apply(item);
            if (seen.merge(n, 1, Integer::sum) == 2) {
                out.add(new Violation(type, n, field, rule, String.format(messageFormat, n)));
            }
        }
    }
}
