package io.contourcore.xds.translate;

import static io.contourcore.xds.translate.Fixtures.json;
import static io.contourcore.xds.translate.Fixtures.port;
import static io.contourcore.xds.translate.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import io.contourcore.dag.Dag;
import io.contourcore.model.Bytes;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.ExplicitHttpConfig;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.Percent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cases of upstream's envoy/v3 cluster_test, built from DAG records, with upstream's expected protos. */
class ClusterTranslatorTest {

    private final ClusterTranslator translator = new ClusterTranslator(ContourConfig.DEFAULTS);
    private final Dag.Service s1 = service("default", "kuard", port("http", 443));

    private static ConfigSource edsConfig() {
        return ConfigSource.newBuilder()
                .setResourceApiVersion(ApiVersion.V3)
                .setApiConfigSource(ApiConfigSource.newBuilder()
                        .setApiType(ApiConfigSource.ApiType.GRPC)
                        .setTransportApiVersion(ApiVersion.V3)
                        .addGrpcServices(GrpcService.newBuilder().setEnvoyGrpc(
                                GrpcService.EnvoyGrpc.newBuilder().setClusterName("contour").setAuthority("contour"))))
                .build();
    }

    /** upstream's clusterDefaults() plus the fields every Service cluster has. */
    private static Cluster.Builder expected(String name) {
        return Cluster.newBuilder()
                .setName(name)
                .setAltStatName("default_kuard_443")
                .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(2))
                .setCommonLbConfig(Cluster.CommonLbConfig.newBuilder().setHealthyPanicThreshold(Percent.newBuilder()));
    }

    private static Cluster.Builder eds(String name) {
        return expected(name).setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(edsConfig()).setServiceName("default/kuard/http"));
    }

    private static Dag.Cluster cluster(Dag.Service s, String protocol) {
        return new Dag.Cluster(s, 0, protocol, null, "", null, null, null, null, List.of(), "", "", null,
                Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
    }

    private static Any http2Options() {
        return Any.pack(io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.newBuilder()
                .setExplicitHttpConfig(ExplicitHttpConfig.newBuilder().setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
                .build());
    }

    private static TransportSocket tls(UpstreamTlsContext ctx) {
        return TransportSocket.newBuilder().setName("envoy.transport_sockets.tls").setTypedConfig(Any.pack(ctx)).build();
    }

    private static Address address(String host, int port) {
        return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress(host).setPortValue(port)).build();
    }

    private void assertTranslates(Dag.Cluster c, Cluster want) {
        assertThat(json(translator.cluster(c))).isEqualTo(json(want));
    }

    @Test
    void aSimpleServiceIsAnEdsClusterWithUpstreamsDefaults() {
        assertTranslates(Dag.Cluster.of(s1), eds("default/kuard/443/da39a3ee5e").build());
    }

    @Test
    void anH2cUpstreamGetsExplicitHttp2() {
        assertTranslates(cluster(s1, "h2c"), eds("default/kuard/443/f4f94965ec")
                .putTypedExtensionProtocolOptions("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", http2Options()).build());
    }

    @Test
    void anH2UpstreamGetsTlsWithH2Alpn() {
        assertTranslates(cluster(s1, "h2"), eds("default/kuard/443/bf1c365741")
                .setTransportSocket(tls(UpstreamTlsContext.newBuilder()
                        .setCommonTlsContext(CommonTlsContext.newBuilder().addAlpnProtocols("h2")).build()))
                .putTypedExtensionProtocolOptions("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", http2Options()).build());
    }

    @Test
    void aTlsUpstreamWithValidationGetsTheCaInlineAndSanMatcher() {
        Dag.Secret ca = new Dag.Secret(new ObjectRef(Kind.SECRET, "default", "secret"), Map.of("ca.crt", Bytes.utf8("cacert")));
        Dag.Cluster c = new Dag.Cluster(s1, 0, "tls",
                new Dag.PeerValidationContext(List.of(ca), List.of("foo.bar.io"), false, null, null, false, false), "", null, null,
                null, null, List.of(), "", "", null, Dag.ClusterTimeoutPolicy.NONE, null, 0, 0,
                new Dag.UpstreamTls("1.3", "1.3", List.of(), List.of()));
        assertTranslates(c, eds("default/kuard/443/62d1f9ad02")
                .setTransportSocket(tls(UpstreamTlsContext.newBuilder().setCommonTlsContext(CommonTlsContext.newBuilder()
                        .setTlsParams(TlsParameters.newBuilder()
                                .setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3)
                                .setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3))
                        .setValidationContext(CertificateValidationContext.newBuilder()
                                .setTrustedCa(DataSource.newBuilder().setInlineBytes(com.google.protobuf.ByteString.copyFromUtf8("cacert")))
                                .addMatchTypedSubjectAltNames(SubjectAltNameMatcher.newBuilder()
                                        .setSanType(SubjectAltNameMatcher.SanType.DNS)
                                        .setMatcher(StringMatcher.newBuilder().setExact("foo.bar.io"))))).build()))
                .build());
    }

    @Test
    void aClientCertificateIsReferencedOverSds() {
        Dag.Secret client = Fixtures.tlsSecret("default", "clientcertsecret", "cert", "key");
        Dag.Cluster c = new Dag.Cluster(s1, 0, "tls", null, "", null, null, null, null, List.of(), "", "", client,
                Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
        assertTranslates(c, eds("default/kuard/443/4929fca9d4")
                .setTransportSocket(tls(UpstreamTlsContext.newBuilder().setCommonTlsContext(CommonTlsContext.newBuilder()
                        .addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder()
                                .setName("default/clientcertsecret/cd1b506996").setSdsConfig(edsConfig()))).build()))
                .build());
    }

    @Test
    void anExternalNameServiceIsAStrictDnsClusterWithItsTargetAsEndpoint() {
        Dag.Service ext = new Dag.Service(s1.weighted(), "", Dag.CircuitBreakers.NONE, "foo.io");
        ClusterLoadAssignment cla = ClusterLoadAssignment.newBuilder().setClusterName("default/kuard/http")
                .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                        .setEndpoint(Endpoint.newBuilder().setAddress(address("foo.io", 443))))).build();
        assertTranslates(Dag.Cluster.of(ext), expected("default/kuard/443/da39a3ee5e")
                .setType(Cluster.DiscoveryType.STRICT_DNS).setLoadAssignment(cla).build());
        Dag.Cluster all = new Dag.Cluster(ext, 0, "", null, "", null, null, null, null, List.of(), "", "all", null,
                Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
        assertTranslates(all, expected("default/kuard/443/da39a3ee5e").setType(Cluster.DiscoveryType.LOGICAL_DNS)
                .setDnsLookupFamily(Cluster.DnsLookupFamily.ALL).setLoadAssignment(cla).build());
    }

    @Test
    void anExternalNameHealthPortIsSetOnTheEndpoint() {
        Dag.Service ext = new Dag.Service(new Dag.WeightedService(1, "default", "kuard", port("http", 443), port("health-check", 8998)),
                "", Dag.CircuitBreakers.NONE, "foo.io");
        Cluster c = translator.cluster(Dag.Cluster.of(ext));
        assertThat(c.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getHealthCheckConfig().getPortValue())
                .isEqualTo(8998);
    }

    @Test
    void circuitBreakersSetOnlyTheGivenThresholdsAndTrackRemaining() {
        Dag.Service s = new Dag.Service(s1.weighted(), "", new Dag.CircuitBreakers(9000, 0, 0, 0, 45), "");
        assertTranslates(Dag.Cluster.of(s), eds("default/kuard/443/da39a3ee5e")
                .setCircuitBreakers(CircuitBreakers.newBuilder()
                        .addThresholds(CircuitBreakers.Thresholds.newBuilder().setMaxConnections(UInt32Value.of(9000)).setTrackRemaining(true))
                        .addPerHostThresholds(CircuitBreakers.Thresholds.newBuilder().setMaxConnections(UInt32Value.of(45)).setTrackRemaining(true)))
                .build());
    }

    @Test
    void globalCircuitBreakerDefaultsFillUnsetThresholds() {
        ContourConfig cfg = ContourConfig.DEFAULTS.toBuilder()
                .cluster(new ContourConfig.ClusterSettings("auto", 0, 0, new ContourConfig.CircuitBreakers(0, 0, 0, 7, 0), "", "", List.of()))
                .build();
        Dag.Service s = new Dag.Service(s1.weighted(), "", new Dag.CircuitBreakers(9000, 0, 0, 0, 0), "");
        Cluster c = new ClusterTranslator(cfg).cluster(Dag.Cluster.of(s));
        assertThat(c.getCircuitBreakers().getThresholds(0).getMaxConnections().getValue()).isEqualTo(9000);
        assertThat(c.getCircuitBreakers().getThresholds(0).getMaxRetries().getValue()).isEqualTo(7);
    }

    @Test
    void aTcpHealthCheckUsesUpstreamsDefaultsAndIgnoresHealthOnRemoval() {
        Dag.Cluster c = new Dag.Cluster(s1, 0, "", null, "", null, new Dag.TcpHealthCheckPolicy(null, null, 0, 0), null, null,
                List.of(), "", "", null, Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
        assertTranslates(c, eds("default/kuard/443/da39a3ee5e")
                .setIgnoreHealthOnHostRemoval(true)
                .addHealthChecks(HealthCheck.newBuilder()
                        .setTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(2))
                        .setInterval(com.google.protobuf.Duration.newBuilder().setSeconds(10))
                        .setUnhealthyThreshold(UInt32Value.of(3))
                        .setHealthyThreshold(UInt32Value.of(2))
                        .setTcpHealthCheck(HealthCheck.TcpHealthCheck.getDefaultInstance()))
                .build());
    }

    @Test
    void anHttpHealthCheckDefaultsItsHostAndUsesHttp2ForH2c() {
        Dag.Cluster c = new Dag.Cluster(s1, 0, "h2c", null, "",
                new Dag.HttpHealthCheckPolicy("/healthz", "", null, null, 0, 0, List.of(new Dag.HttpStatusRange(200, 300))), null, null,
                null, List.of(), "", "", null, Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
        HealthCheck hc = translator.cluster(c).getHealthChecks(0);
        assertThat(hc.getHttpHealthCheck().getHost()).isEqualTo("contour-envoy-healthcheck");
        assertThat(hc.getHttpHealthCheck().getPath()).isEqualTo("/healthz");
        assertThat(hc.getHttpHealthCheck().getCodecClientType()).isEqualTo(io.envoyproxy.envoy.type.v3.CodecClientType.HTTP2);
        assertThat(hc.getHttpHealthCheck().getExpectedStatuses(0).getEnd()).isEqualTo(300);
    }

    @Test
    void timeoutsAndSlowStartFollowUpstream() {
        Dag.Cluster connect = new Dag.Cluster(s1, 0, "", null, "", null, null, null, null, List.of(), "", "", null,
                new Dag.ClusterTimeoutPolicy(Timeout.UNSET, Duration.ofSeconds(10)), null, 0, 0, null);
        assertTranslates(connect, eds("default/kuard/443/da39a3ee5e")
                .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(10)).build());

        Dag.Cluster idle = new Dag.Cluster(s1, 0, "", null, "", null, null, null, null, List.of(), "", "", null,
                new Dag.ClusterTimeoutPolicy(Timeout.of(Duration.ofSeconds(10)), Duration.ZERO), null, 0, 0, null);
        assertTranslates(idle, eds("default/kuard/443/357c84df09")
                .putTypedExtensionProtocolOptions("envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
                        Any.pack(io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.newBuilder()
                                .setCommonHttpProtocolOptions(HttpProtocolOptions.newBuilder()
                                        .setIdleTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(10)))
                                .setExplicitHttpConfig(ExplicitHttpConfig.newBuilder().setHttpProtocolOptions(
                                        io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions.getDefaultInstance()))
                                .build()))
                .build());

        Dag.Cluster slow = new Dag.Cluster(s1, 0, "", null, "WeightedLeastRequest", null, null, null, null, List.of(), "", "", null,
                Dag.ClusterTimeoutPolicy.NONE, new Dag.SlowStartConfig(Duration.ofSeconds(10), 1.0, 10), 0, 0, null);
        assertTranslates(slow, eds("default/kuard/443/0b01a6912a")
                .setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST)
                .setLeastRequestLbConfig(Cluster.LeastRequestLbConfig.newBuilder().setSlowStartConfig(Cluster.SlowStartConfig.newBuilder()
                        .setSlowStartWindow(com.google.protobuf.Duration.newBuilder().setSeconds(10))
                        .setAggression(io.envoyproxy.envoy.config.core.v3.RuntimeDouble.newBuilder()
                                .setDefaultValue(1.0).setRuntimeKey("contour.slowstart.aggression"))
                        .setMinWeightPercent(Percent.newBuilder().setValue(10))))
                .build());
    }

    @Test
    void clustersAreDeduplicatedByNameAndSorted() {
        Dag.Cluster a = Dag.Cluster.of(s1);
        Dag.Cluster b = Dag.Cluster.of(service("default", "alpha", port("", 80)));
        Dag dag = Fixtures.dag(Fixtures.http(Dag.VirtualHost.of("a.com", List.of(Fixtures.prefix("/", a), Fixtures.prefix("/b", b))),
                Dag.VirtualHost.of("b.com", List.of(Fixtures.prefix("/", a)))));
        assertThat(translator.translate(dag).clusters()).extracting(Cluster::getName)
                .containsExactly("default/alpha/80/da39a3ee5e", "default/kuard/443/da39a3ee5e");
        assertThat(translator.translate(dag).clusters().get(0).getEdsClusterConfig().getServiceName()).isEqualTo("default/alpha");
    }

    @Test
    void whichOfTwoSameNamedClustersWinsDoesNotDependOnInputOrder() {
        Dag.Cluster small = Dag.Cluster.of(new Dag.Service(s1.weighted(), "", new Dag.CircuitBreakers(1, 0, 0, 0, 0), ""));
        Dag.Cluster big = Dag.Cluster.of(new Dag.Service(s1.weighted(), "", new Dag.CircuitBreakers(2, 0, 0, 0, 0), ""));
        Dag one = Fixtures.dag(Fixtures.http(Dag.VirtualHost.of("a.com", List.of(Fixtures.prefix("/a", small), Fixtures.prefix("/b", big)))));
        Dag other = Fixtures.dag(Fixtures.http(Dag.VirtualHost.of("a.com", List.of(Fixtures.prefix("/b", big), Fixtures.prefix("/a", small)))));
        assertThat(translator.translate(one)).isEqualTo(translator.translate(other));
        assertThat(translator.translate(one).clusters()).hasSize(1);
    }

    @Test
    void everyClusterKeepsTheFactOfWhatTheDagBuiltItFrom() {
        Dag.ExtensionCluster ec = new Dag.ExtensionCluster("extension/projectcontour/ratelimit", List.of(
                new Dag.WeightedService(1, "projectcontour", "ratelimit", port("grpc", 8081), null)), "h2c", null,
                "", null, null, "", null, null, null);
        Dag rich = RichDag.dag(0);
        ClusterTranslator.Clusters built = translator.translate(new Dag(rich.listeners(), List.of(ec), false));
        assertThat(built.facts().keySet()).containsExactlyInAnyOrderElementsOf(built.clusters().stream().map(Cluster::getName).toList());
        ClusterFact api = built.facts().get("default/api/8080/da39a3ee5e");
        assertThat(api.kind()).isEqualTo(ClusterFact.Kind.SERVICE);
        assertThat(List.of(api.service().namespace(), api.service().name())).containsExactly("default", "api");
        assertThat(api.service().port().port()).isEqualTo(8080);
        assertThat(built.facts().get("default/external/443/4929fca9d4").kind()).isEqualTo(ClusterFact.Kind.EXTERNAL_NAME);
        assertThat(built.facts().get("extension/projectcontour/ratelimit")).isEqualTo(new ClusterFact(ClusterFact.Kind.EXTENSION_SERVICE, null));
    }

    @Test
    void aFactHasAServiceExactlyWhenItIsAServicesCluster() {
        assertThatThrownBy(() -> new ClusterFact(ClusterFact.Kind.SERVICE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClusterFact(ClusterFact.Kind.DNS_NAME, s1)).isInstanceOf(IllegalArgumentException.class);
    }
}
