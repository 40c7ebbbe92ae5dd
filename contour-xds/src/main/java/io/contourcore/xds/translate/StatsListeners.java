package io.contourcore.xds.translate;

import com.google.protobuf.BoolValue;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.EnvoyNames;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The listeners upstream's {@code ListenerCache} always serves besides the DAG's (its "static values",
 * {@code internal/envoy/v3/stats.go}): {@code stats-health} (or {@code stats} and {@code health} when their
 * addresses differ) with GET-only {@code /ready}, {@code /stats}, {@code /stats/prometheus} routed to the
 * {@code envoy-admin} cluster, and the read-only {@code envoy-admin} listener on {@code 127.0.0.1:<admin port>}.
 *
 * <pre>{@code
 * List<Listener> l = StatsListeners.of(ContourConfig.DEFAULTS);  // envoy-admin 127.0.0.1:9001, stats-health 0.0.0.0:8002
 * }</pre>
 */
public final class StatsListeners {

    private static final List<String> ADMIN_PATHS = List.of("/certs", "/clusters", "/listeners", "/config_dump", "/memory",
            "/ready", "/runtime", "/server_info", "/stats", "/stats/prometheus", "/stats/recentlookups");

    private StatsListeners() {}

    /** The stats/health listeners and, when the admin port is positive, the admin listener. */
    public static List<Listener> of(ContourConfig config) {
        List<Listener> out = new ArrayList<>(statsListeners(config));
        if (config.network().adminPort() > 0) {
            out.add(adminListener(config.network().adminPort()));
        }
        return out;
    }

    /** {@code stats-health}, or {@code stats} and {@code health} when they do not share address and port. */
    public static List<Listener> statsListeners(ContourConfig config) {
        ContourConfig.ListenerSettings l = config.listener();
        if (l.statsAddress().equals(l.healthAddress()) && l.statsPort() == l.healthPort()) {
            return List.of(listener("stats-health", l.statsAddress(), l.statsPort(), "stats",
                    List.of("/ready", "/stats", "/stats/prometheus")));
        }
        return List.of(
                listener("stats", l.statsAddress(), l.statsPort(), "stats", List.of("/stats", "/stats/prometheus")),
                listener("health", l.healthAddress(), l.healthPort(), "stats", List.of("/ready")));
    }

    /** The read-only admin listener on loopback. */
    public static Listener adminListener(int port) {
        return listener(EnvoyNames.ADMIN_LISTENER, "127.0.0.1", port, "envoy-admin", ADMIN_PATHS);
    }

    private static Listener listener(String name, String address, int port, String statPrefix, List<String> paths) {
        return Listener.newBuilder()
                .setName(name)
                .setAddress(Protos.socketAddress(address, port))
                .addAllSocketOptions(ListenerTranslator.keepaliveSocketOptions(0, 0))
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName(HttpFilterNames.HCM)
                        .setTypedConfig(Protos.any(HttpConnectionManager.newBuilder()
                                .setStatPrefix(statPrefix)
                                .setRouteConfig(adminRoutes(paths))
                                .addHttpFilters(HttpFilter.newBuilder()
                                        .setName(HttpFilterNames.ROUTER_WELL_KNOWN)
                                        .setTypedConfig(Protos.any(Router.getDefaultInstance())))
                                .setNormalizePath(BoolValue.of(true))
                                .build()))))
                .setIgnoreGlobalConnLimit(true)
                .build();
    }

    private static RouteConfiguration adminRoutes(List<String> paths) {
        VirtualHost.Builder vh = VirtualHost.newBuilder().setName("backend").addDomains("*");
        for (String p : paths) {
            vh.addRoutes(Route.newBuilder()
                    .setMatch(RouteMatch.newBuilder().setPath(p).addHeaders(HeaderMatcher.newBuilder()
                            .setName(":method")
                            .setStringMatch(StringMatcher.newBuilder().setIgnoreCase(true).setExact("GET"))))
                    .setRoute(RouteAction.newBuilder().setCluster(EnvoyNames.ADMIN_CLUSTER)));
        }
        return RouteConfiguration.newBuilder().addVirtualHosts(vh).build();
    }
}
