package io.contourcore.xds.validate;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.util.List;

/** Contour-shaped Envoy resources that Envoy accepts, to break one rule at a time in tests. */
final class Fixtures {

    private Fixtures() {}

    static final String CLUSTER = "default/kuard/80/da39a3ee5e";
    static final String SERVICE = "default/kuard";
    static final String SECRET = "default/tls-cert/68621186db";

    static ConfigSource contourSource() {
        return ConfigSource.newBuilder()
                .setApiConfigSource(ApiConfigSource.newBuilder()
                        .setApiType(ApiConfigSource.ApiType.GRPC)
                        .setTransportApiVersion(ApiVersion.V3)
                        .addGrpcServices(GrpcService.newBuilder().setEnvoyGrpc(
                                GrpcService.EnvoyGrpc.newBuilder().setClusterName("contour").setAuthority("contour"))))
                .setResourceApiVersion(ApiVersion.V3)
                .build();
    }

    static HttpFilter router() {
        return HttpFilter.newBuilder().setName("envoy.filters.http.router").setTypedConfig(Any.pack(Router.getDefaultInstance())).build();
    }

    static HttpConnectionManager.Builder hcm(String statPrefix) {
        return HttpConnectionManager.newBuilder()
                .setStatPrefix(statPrefix)
                .setCodecType(HttpConnectionManager.CodecType.AUTO)
                .setRds(Rds.newBuilder().setRouteConfigName("ingress_http").setConfigSource(contourSource()))
                .addHttpFilters(router());
    }

    static Filter hcmFilter(HttpConnectionManager hcm) {
        return Filter.newBuilder().setName("envoy.filters.network.http_connection_manager").setTypedConfig(Any.pack(hcm)).build();
    }

    static Address address(String ip, int port) {
        return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress(ip).setPortValue(port)).build();
    }

    static Listener.Builder listener() {
        return Listener.newBuilder()
                .setName("ingress_http")
                .setAddress(address("0.0.0.0", 8080))
                .addFilterChains(FilterChain.newBuilder().addFilters(hcmFilter(hcm("ingress_http").build())));
    }

    static Listener httpsListener() {
        DownstreamTlsContext tls = DownstreamTlsContext.newBuilder()
                .setCommonTlsContext(CommonTlsContext.newBuilder()
                        .addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder().setName(SECRET).setSdsConfig(contourSource()))
                        .addAlpnProtocols("h2").addAlpnProtocols("http/1.1"))
                .build();
        return Listener.newBuilder()
                .setName("ingress_https")
                .setAddress(address("0.0.0.0", 8443))
                .addFilterChains(FilterChain.newBuilder()
                        .setFilterChainMatch(FilterChainMatch.newBuilder().addServerNames("kuard.example.com"))
                        .setTransportSocket(TransportSocket.newBuilder().setName("envoy.transport_sockets.tls").setTypedConfig(Any.pack(tls)))
                        .addFilters(hcmFilter(hcm("ingress_https").setRds(
                                Rds.newBuilder().setRouteConfigName("https/kuard.example.com").setConfigSource(contourSource())).build())))
                .build();
    }

    static Route.Builder route(String prefix, String cluster) {
        return Route.newBuilder()
                .setMatch(RouteMatch.newBuilder().setPrefix(prefix))
                .setRoute(RouteAction.newBuilder().setCluster(cluster));
    }

    static RouteConfiguration.Builder routes(String name, String domain) {
        return RouteConfiguration.newBuilder()
                .setName(name)
                .addVirtualHosts(VirtualHost.newBuilder().setName(domain).addDomains(domain).addRoutes(route("/", CLUSTER)));
    }

    static Cluster.Builder edsCluster() {
        return Cluster.newBuilder()
                .setName(CLUSTER)
                .setAltStatName("default_kuard_80")
                .setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(contourSource()).setServiceName(SERVICE))
                .setConnectTimeout(Duration.newBuilder().setSeconds(2));
    }

    static ClusterLoadAssignment.Builder cla(String name) {
        return ClusterLoadAssignment.newBuilder()
                .setClusterName(name)
                .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                        .setEndpoint(Endpoint.newBuilder().setAddress(address("10.0.0.1", 8080)))));
    }

    static Secret secret() {
        return Secret.newBuilder()
                .setName(SECRET)
                .setTlsCertificate(TlsCertificate.newBuilder()
                        .setCertificateChain(DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8("-----BEGIN CERTIFICATE-----")))
                        .setPrivateKey(DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8("-----BEGIN PRIVATE KEY-----"))))
                .build();
    }

    static XdsResources resources() {
        return new XdsResources(
                List.of(listener().build(), httpsListener()),
                List.of(routes("ingress_http", "*").build(), routes("https/kuard.example.com", "kuard.example.com").build()),
                List.of(edsCluster().build()),
                List.of(cla(SERVICE).build()),
                List.of(secret()));
    }

    /** A static bootstrap as {@code contour render --format static} shapes it: inline routes, inline endpoints. */
    static Bootstrap.Builder bootstrap() {
        RouteConfiguration inline = routes("ingress_http", "*").build();
        HttpConnectionManager hcm = hcm("ingress_http").clearRds().setRouteConfig(inline).build();
        Cluster cluster = Cluster.newBuilder()
                .setName(CLUSTER)
                .setType(Cluster.DiscoveryType.STRICT_DNS)
                .setConnectTimeout(Duration.newBuilder().setSeconds(2))
                .setLoadAssignment(cla(CLUSTER).clearEndpoints().addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(
                        LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(address("kuard.default.svc.cluster.local", 80))))))
                .build();
        return Bootstrap.newBuilder()
                .setStaticResources(Bootstrap.StaticResources.newBuilder()
                        .addListeners(Listener.newBuilder().setName("ingress_http").setAddress(address("0.0.0.0", 8080))
                                .addFilterChains(FilterChain.newBuilder().addFilters(hcmFilter(hcm))))
                        .addClusters(cluster));
    }

    static UInt32Value u32(int v) {
        return UInt32Value.of(v);
    }
}
