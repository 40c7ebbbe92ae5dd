package io.contourcore.xds.simulate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;

/** Small hand-made configurations shaped like Contour's output: ingress_http on 8080, ingress_https on 8443. */
final class Fixtures {

    static final String KUARD = "default/kuard/80/da39a3ee5e";
    static final String API = "default/api/80/da39a3ee5e";
    static final String WEB = "default/web/80/da39a3ee5e";

    private Fixtures() {}

    static Address address(int port) {
        return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress("0.0.0.0").setPortValue(port)).build();
    }

    static Filter hcm(String rds) {
        HttpConnectionManager h = HttpConnectionManager.newBuilder()
                .setStatPrefix(rds.startsWith("https") ? "ingress_https" : "ingress_http")
                .setRds(Rds.newBuilder().setRouteConfigName(rds))
                .setNormalizePath(BoolValue.of(true))
                .setMergeSlashes(true)
                .build();
        return Filter.newBuilder().setName("envoy.filters.network.http_connection_manager").setTypedConfig(Any.pack(h)).build();
    }

    static Listener ingressHttp() {
        return Listener.newBuilder().setName("ingress_http").setAddress(address(8080))
                .addFilterChains(FilterChain.newBuilder().addFilters(hcm("ingress_http")))
                .build();
    }

    static FilterChain tlsChain(String fqdn) {
        return FilterChain.newBuilder()
                .setFilterChainMatch(FilterChainMatch.newBuilder().addServerNames(fqdn))
                .setTransportSocket(tls())
                .addFilters(hcm("https/" + fqdn))
                .build();
    }

    static TransportSocket tls() {
        return TransportSocket.newBuilder().setName("envoy.transport_sockets.tls")
                .setTypedConfig(Any.pack(DownstreamTlsContext.getDefaultInstance())).build();
    }

    static Listener ingressHttps(FilterChain... chains) {
        return Listener.newBuilder().setName("ingress_https").setAddress(address(8443))
                .addListenerFilters(ListenerFilter.newBuilder().setName("envoy.filters.listener.tls_inspector")
                        .setTypedConfig(Any.pack(TlsInspector.getDefaultInstance())))
                .addAllFilterChains(List.of(chains))
                .build();
    }

    static FilterChain tcpProxyChain(String fqdn, String cluster) {
        TcpProxy tcp = TcpProxy.newBuilder().setStatPrefix("ingress_https").setCluster(cluster).build();
        return FilterChain.newBuilder()
                .setFilterChainMatch(FilterChainMatch.newBuilder().addServerNames(fqdn))
                .addFilters(Filter.newBuilder().setName("envoy.filters.network.tcp_proxy").setTypedConfig(Any.pack(tcp)))
                .build();
    }

    static RouteConfiguration routeConfig(String name, VirtualHost... vhosts) {
        return RouteConfiguration.newBuilder().setName(name).setIgnorePortInHostMatching(true)
                .addAllVirtualHosts(List.of(vhosts)).build();
    }

    static VirtualHost vhost(String domain, Route... routes) {
        return VirtualHost.newBuilder().setName(domain).addDomains(domain).addAllRoutes(List.of(routes)).build();
    }

    static RouteMatch prefix(String p) {
        return RouteMatch.newBuilder().setPrefix(p).build();
    }

    static RouteMatch path(String p) {
        return RouteMatch.newBuilder().setPath(p).build();
    }

    static RouteMatch regex(String r) {
        return RouteMatch.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(r)).build();
    }

    static Route to(RouteMatch match, String cluster) {
        return Route.newBuilder().setMatch(match).setRoute(RouteAction.newBuilder().setCluster(cluster)).build();
    }

    static Route weighted(RouteMatch match, Object... nameWeight) {
        WeightedCluster.Builder wc = WeightedCluster.newBuilder();
        for (int i = 0; i < nameWeight.length; i += 2) {
            wc.addClusters(WeightedCluster.ClusterWeight.newBuilder().setName((String) nameWeight[i])
                    .setWeight(UInt32Value.of((Integer) nameWeight[i + 1])));
        }
        return Route.newBuilder().setMatch(match).setRoute(RouteAction.newBuilder().setWeightedClusters(wc)).build();
    }

    static HeaderMatcher header(String name, StringMatcher m) {
        return HeaderMatcher.newBuilder().setName(name).setStringMatch(m).build();
    }

    static StringMatcher exact(String v) {
        return StringMatcher.newBuilder().setExact(v).build();
    }

    static HeaderValueOption add(String name, String value, HeaderValueOption.HeaderAppendAction action) {
        return HeaderValueOption.newBuilder().setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
                .setAppendAction(action).build();
    }

    static Cluster cluster(String name) {
        return Cluster.newBuilder().setName(name).build();
    }

    /** Contour-shaped resources: ingress_http with the given vhosts, plus clusters kuard, api and web. */
    static XdsResources http(VirtualHost... vhosts) {
        return new XdsResources(List.of(ingressHttp()), List.of(routeConfig("ingress_http", vhosts)),
                List.of(cluster(KUARD), cluster(API), cluster(WEB)), List.of(), List.of());
    }

    static RouteSimulator sim(VirtualHost... vhosts) {
        return new RouteSimulator(http(vhosts));
    }

    static Decision get(RouteSimulator sim, String url, String... headers) {
        List<Header> hs = new ArrayList<>();
        for (String h : headers) {
            hs.add(Header.parse(h));
        }
        return sim.route(Request.parse("GET " + url).withHeaders(hs));
    }
}
