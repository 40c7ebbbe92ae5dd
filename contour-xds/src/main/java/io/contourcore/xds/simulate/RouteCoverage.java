package io.contourcore.xds.simulate;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.contourcore.xds.EnvoyNames;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Route test coverage as Envoy's {@code router_check_tool} defines it. A route is covered by a test that reached it
 * and whose check of a field held; a route with weighted clusters counts once per cluster (each is its own route
 * entry in Envoy). {@link #percent()} is the share of routes covered ({@code router_check_tool}'s default);
 * {@link #comprehensivePercent()} ({@code --covall}) weighs each covered route by the fields its tests checked: of a
 * forwarding route cluster_name, virtual_cluster_name, virtual_host_name, path_rewrite and host_rewrite; of a route
 * Envoy answers itself, path_redirect.
 *
 * <pre>{@code
 * RouteCoverage c = RouteCoverage.of(resources);
 * results.forEach(c::record);
 * c.percent();                 // 50.0 when one of two routes was checked
 * c.missing();                 // the routes no test covers
 * }</pre>
 *
 * <p>The routes counted are those of every RouteConfiguration in the input, by RDS or inline in a listener, except
 * the inline routes of Contour's admin and stats listeners: Envoy's tool reads one route table, Contour programs
 * several (one per TLS virtual host).
 */
public final class RouteCoverage {

    /** One route entry: a route of a virtual host, and for weighted clusters one of its clusters. */
    public record Entry(String routeConfiguration, String virtualHost, int index, String weightedCluster,
            boolean answersDirectly, String match) {

        /** {@code ROUTE_CONFIGURATION / VIRTUAL_HOST / route N [cluster]: match}, for the list of missing tests. */
        @Override
        public String toString() {
            return routeConfiguration + " / " + virtualHost + " / route " + index
                    + (weightedCluster.isEmpty() ? "" : " [" + weightedCluster + "]") + ": " + match;
        }
    }

    private static final Set<String> FORWARD_FIELDS = Set.of("cluster_name", "virtual_cluster_name", "virtual_host_name",
            "path_rewrite", "host_rewrite");
    private static final Set<String> DIRECT_FIELDS = Set.of("path_redirect");

    /**
     * Contour's admin and stats listeners (upstream's envoy-admin, stats-health, or stats and health when their
     * addresses differ): their inline routes serve Envoy's own endpoints, not user traffic, so no test is owed them.
     */
    private static final Set<String> NOT_TRAFFIC = Set.of(EnvoyNames.ADMIN_LISTENER, "stats-health", "stats", "health");

    private final Map<Entry, Set<String>> covered = new LinkedHashMap<>();
    private final List<Entry> entries;

    private RouteCoverage(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Every route entry of {@code resources}' route configurations, none covered yet. */
    public static RouteCoverage of(XdsResources resources) {
        Map<String, RouteConfiguration> configs = new LinkedHashMap<>();
        for (RouteConfiguration rc : resources.routes()) {
            configs.putIfAbsent(rc.getName(), rc);
        }
        for (Listener l : resources.listeners()) {
            if (NOT_TRAFFIC.contains(l.getName())) {
                continue;
            }
            List<FilterChain> chains = new ArrayList<>(l.getFilterChainsList());
            if (l.hasDefaultFilterChain()) {
                chains.add(l.getDefaultFilterChain());
            }
            for (FilterChain fc : chains) {
                for (Filter f : fc.getFiltersList()) {
                    inline(f).ifPresent(rc -> configs.putIfAbsent(rc.getName(), rc));
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (RouteConfiguration rc : configs.values()) {
            for (VirtualHost vh : rc.getVirtualHostsList()) {
                for (int i = 0; i < vh.getRoutesCount(); i++) {
                    Route r = vh.getRoutes(i);
                    String match = Matchers.describe(r.getMatch());
                    boolean direct = r.hasRedirect() || r.hasDirectResponse();
                    if (r.hasRoute() && r.getRoute().hasWeightedClusters()) {
                        for (WeightedCluster.ClusterWeight cw : r.getRoute().getWeightedClusters().getClustersList()) {
                            entries.add(new Entry(rc.getName(), vh.getName(), i, cw.getName(), false, match));
                        }
                    } else {
                        entries.add(new Entry(rc.getName(), vh.getName(), i, "", direct, match));
                    }
                }
            }
        }
        return new RouteCoverage(entries);
    }

    private static java.util.Optional<RouteConfiguration> inline(Filter f) {
        if (!f.hasTypedConfig() || !f.getTypedConfig().getTypeUrl().endsWith("/" + HttpConnectionManager.getDescriptor().getFullName())) {
            return java.util.Optional.empty();
        }
        try {
            Any any = f.getTypedConfig();
            HttpConnectionManager hcm = any.unpack(HttpConnectionManager.class);
            return hcm.hasRouteConfig() ? java.util.Optional.of(hcm.getRouteConfig()) : java.util.Optional.empty();
        } catch (InvalidProtocolBufferException e) {
            return java.util.Optional.empty();
        }
    }

    /** Marks the fields a test checked and that held, on the route entry its request reached. */
    public void record(RouterCheck.Result result) {
        Decision d = result.decision();
        if (d.routeIndex() < 0) {
            return;
        }
        String weighted = d.weightedClusters().stream().filter(Decision.ClusterChoice::selected)
                .map(Decision.ClusterChoice::name).findFirst().orElse("");
        Entry reached = null;
        for (Entry e : entries) {
            if (e.routeConfiguration().equals(d.routeConfiguration()) && e.virtualHost().equals(d.virtualHost())
                    && e.index() == d.routeIndex() && e.weightedCluster().equals(weighted)) {
                reached = e;
                break;
            }
        }
        if (reached == null) {
            return;
        }
        Set<String> failed = new java.util.HashSet<>();
        result.mismatches().forEach(m -> failed.add(m.field()));
        for (String field : result.test().expect().checkedFields()) {
            if (!failed.contains(field)) {
                covered.computeIfAbsent(reached, k -> new java.util.TreeSet<>()).add(field);
            }
        }
    }

    /** Routes covered, as a percentage of all route entries (100 when there are none). */
    public double percent() {
        return entries.isEmpty() ? 100 : 100.0 * covered.size() / entries.size();
    }

    /** {@code --covall}: each covered route weighed by the share of its fields that tests checked. */
    public double comprehensivePercent() {
        if (entries.isEmpty()) {
            return 100;
        }
        double sum = 0;
        for (Map.Entry<Entry, Set<String>> c : covered.entrySet()) {
            Set<String> fields = c.getKey().answersDirectly() ? DIRECT_FIELDS : FORWARD_FIELDS;
            long hit = c.getValue().stream().filter(fields::contains).count();
            sum += (double) hit / fields.size();
        }
        return 100 * sum / entries.size();
    }

    /** The route entries no test covers, in configuration order. */
    public List<Entry> missing() {
        return entries.stream().filter(e -> !covered.containsKey(e)).toList();
    }

    public int routes() {
        return entries.size();
    }
}
