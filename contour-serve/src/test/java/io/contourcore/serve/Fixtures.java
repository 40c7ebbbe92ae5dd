package io.contourcore.serve;

import com.google.protobuf.Any;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import java.util.ArrayList;
import java.util.List;

/** Small consistent Envoy configurations shaped like Contour's. */
final class Fixtures {

    static final ConfigSource ADS = ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())
            .setResourceApiVersion(ApiVersion.V3).build();

    private Fixtures() {
    }

    static Cluster edsCluster(String name) {
        return Cluster.newBuilder().setName(name).setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ADS).setServiceName(name))
                .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(2))
                .build();
    }

    static ClusterLoadAssignment cla(String name, int port) {
        return ClusterLoadAssignment.newBuilder().setClusterName(name)
                .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                        .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                                SocketAddress.newBuilder().setAddress("127.0.0.1").setPortValue(port))))))
                .build();
    }

    static RouteConfiguration routes(String name, String... clusters) {
        VirtualHost.Builder vh = VirtualHost.newBuilder().setName("example.com").addDomains("example.com");
        for (String c : clusters) {
            vh.addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/" + c))
                    .setRoute(RouteAction.newBuilder().setCluster(c)));
        }
        return RouteConfiguration.newBuilder().setName(name).addVirtualHosts(vh).build();
    }

    static HttpConnectionManager hcm(String rdsName) {
        return HttpConnectionManager.newBuilder().setStatPrefix(rdsName)
                .setRds(Rds.newBuilder().setRouteConfigName(rdsName).setConfigSource(ADS)).build();
    }

    static Listener listener(String name, int port, String rdsName) {
        return Listener.newBuilder().setName(name)
                .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress("0.0.0.0")
                        .setPortValue(port)))
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName("envoy.filters.network.http_connection_manager")
                        .setTypedConfig(Any.pack(hcm(rdsName)))))
                .build();
    }

    static Listener tlsListener(String name, int port, String rdsName, String secret) {
        DownstreamTlsContext tls = DownstreamTlsContext.newBuilder().setCommonTlsContext(CommonTlsContext.newBuilder()
                .addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder().setName(secret).setSdsConfig(ADS)))
                .build();
        Listener plain = listener(name, port, rdsName);
        return plain.toBuilder().setFilterChains(0, plain.getFilterChains(0).toBuilder().setTransportSocket(
                TransportSocket.newBuilder().setName("envoy.transport_sockets.tls").setTypedConfig(Any.pack(tls))))
                .build();
    }

    static Secret secret(String name) {
        return Secret.newBuilder().setName(name).setTlsCertificate(TlsCertificate.newBuilder()
                .setCertificateChain(DataSource.newBuilder().setInlineString("CERT " + name))
                .setPrivateKey(DataSource.newBuilder().setInlineString("KEY " + name))).build();
    }

    /** One HTTP listener, one HTTPS listener with a secret, one route config to every cluster. */
    static XdsResources config(String... clusters) {
        List<Cluster> cs = new ArrayList<>();
        List<ClusterLoadAssignment> es = new ArrayList<>();
        int port = 9000;
        for (String c : clusters) {
            cs.add(edsCluster(c));
            es.add(cla(c, port++));
        }
        return new XdsResources(
                List.of(listener("ingress_http", 8080, "ingress_http"),
                        tlsListener("ingress_https", 8443, "https/example.com", "default/tls")),
                List.of(routes("ingress_http", clusters), routes("https/example.com", clusters)),
                cs, es, List.of(secret("default/tls")));
    }
}
