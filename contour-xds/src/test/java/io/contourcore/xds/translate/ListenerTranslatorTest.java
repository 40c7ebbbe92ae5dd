package io.contourcore.xds.translate;

import static io.contourcore.xds.translate.Fixtures.cluster;
import static io.contourcore.xds.translate.Fixtures.dag;
import static io.contourcore.xds.translate.Fixtures.http;
import static io.contourcore.xds.translate.Fixtures.https;
import static io.contourcore.xds.translate.Fixtures.json;
import static io.contourcore.xds.translate.Fixtures.kuard;
import static io.contourcore.xds.translate.Fixtures.prefix;
import static io.contourcore.xds.translate.Fixtures.secure;
import static io.contourcore.xds.translate.Fixtures.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.InvalidProtocolBufferException;
import io.contourcore.dag.Dag;
import io.contourcore.model.Bytes;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.config.ContourConfig;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerTranslatorTest {

    private final ListenerTranslator translator = new ListenerTranslator(ContourConfig.DEFAULTS);
    private final Dag.Cluster kuard = cluster(kuard());
    private final Dag.Secret secret = tlsSecret("default", "secret", "cert", "key");

    private static HttpConnectionManager hcm(Listener l, int chain) throws InvalidProtocolBufferException {
        return l.getFilterChains(chain).getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
    }

    private static DownstreamTlsContext tls(FilterChain fc) throws InvalidProtocolBufferException {
        return fc.getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
    }

    private Listener named(List<Listener> all, String name) {
        return all.stream().filter(l -> l.getName().equals(name)).findFirst().orElseThrow();
    }

    private static ConfigSource contour() {
        return ConfigSource.newBuilder().setResourceApiVersion(ApiVersion.V3).setApiConfigSource(ApiConfigSource.newBuilder()
                .setApiType(ApiConfigSource.ApiType.GRPC).setTransportApiVersion(ApiVersion.V3)
                .addGrpcServices(GrpcService.newBuilder().setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder()
                        .setClusterName("contour").setAuthority("contour")))).build();
    }

    @Test
    void theInsecureListenerHasUpstreamsConnectionManagerSettings() throws Exception {
        Listener l = named(translator.translate(dag(http(Dag.VirtualHost.of("*", List.of(prefix("/", kuard)))))), "ingress_http");
        assertThat(l.getAddress().getSocketAddress().getAddress()).isEqualTo("0.0.0.0");
        assertThat(l.getAddress().getSocketAddress().getPortValue()).isEqualTo(8080);
        assertThat(l.getListenerFiltersList()).isEmpty();
        assertThat(l.getSocketOptionsList()).extracting(o -> o.getLevel() + "/" + o.getName() + "=" + o.getIntValue() + ":" + o.getState())
                .containsExactly("1/9=1:STATE_LISTENING", "6/4=45:STATE_LISTENING", "6/5=5:STATE_LISTENING", "6/6=9:STATE_LISTENING");
        assertThat(l.getFilterChains(0).getFilters(0).getName()).isEqualTo("envoy.filters.network.http_connection_manager");

        HttpConnectionManager got = hcm(l, 0);
        HttpConnectionManager want = HttpConnectionManager.newBuilder()
                .setStatPrefix("ingress_http")
                .setRds(Rds.newBuilder().setRouteConfigName("ingress_http").setConfigSource(contour()))
                .addAllHttpFilters(got.getHttpFiltersList())
                .setCommonHttpProtocolOptions(HttpProtocolOptions.newBuilder().setIdleTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(60)))
                .setHttpProtocolOptions(Http1ProtocolOptions.newBuilder().setAcceptHttp10(true).setAllowChunkedLength(true))
                .setUseRemoteAddress(BoolValue.of(true))
                .setNormalizePath(BoolValue.of(true))
                .setPreserveExternalRequestId(true)
                .setMergeSlashes(true)
                .addAccessLog(AccessLog.newBuilder().setName("envoy.access_loggers.file")
                        .setTypedConfig(Any.pack(FileAccessLog.newBuilder().setPath("/dev/stdout").build())))
                .build();
        assertThat(json(got)).isEqualTo(json(want));
        assertThat(got.getHttpFiltersList()).extracting(HttpFilter::getName).containsExactly(
                "envoy.filters.http.compressor", "envoy.filters.http.grpc_web", "envoy.filters.http.grpc_stats",
                "envoy.filters.http.cors", "envoy.filters.http.local_ratelimit", "envoy.filters.http.lua",
                "envoy.filters.http.rbac", "router");
        assertThat(got.getHttpFilters(7).getTypedConfig().getTypeUrl())
                .isEqualTo("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router");
        Lua lua = got.getHttpFilters(5).getTypedConfig().unpack(Lua.class);
        assertThat(lua.getSourceCodesOrThrow("cookie_rewrite.lua").getInlineString())
                .startsWith("\nfunction envoy_on_response(response_handle)\n").endsWith("\nend\n");
        assertThat(json(got.getHttpFilters(0))).contains("\"name\": \"gzip\"").contains("application/grpc-web-text+thrift");
    }

    @Test
    void withNoVirtualHostsOnlyTheStaticListenersRemain() {
        assertThat(translator.translate(Dag.EMPTY)).extracting(Listener::getName).containsExactly("envoy-admin", "stats-health");
    }

    @Test
    void theStaticListenersMatchUpstreamsStatsGo() throws Exception {
        List<Listener> all = translator.translate(Dag.EMPTY);
        Listener stats = named(all, "stats-health");
        assertThat(stats.getAddress().getSocketAddress().getPortValue()).isEqualTo(8002);
        assertThat(stats.getIgnoreGlobalConnLimit()).isTrue();
        HttpConnectionManager cm = hcm(stats, 0);
        assertThat(cm.getStatPrefix()).isEqualTo("stats");
        assertThat(cm.getHttpFilters(0).getName()).isEqualTo("envoy.filters.http.router");
        assertThat(cm.getRouteConfig().getVirtualHosts(0).getRoutesList()).extracting(r -> r.getMatch().getPath() + "->" + r.getRoute().getCluster())
                .containsExactly("/ready->envoy-admin", "/stats->envoy-admin", "/stats/prometheus->envoy-admin");
        assertThat(cm.getRouteConfig().getVirtualHosts(0).getRoutes(0).getMatch().getHeaders(0).getStringMatch().getExact()).isEqualTo("GET");
        Listener admin = named(all, "envoy-admin");
        assertThat(admin.getAddress().getSocketAddress().getAddress()).isEqualTo("127.0.0.1");
        assertThat(admin.getAddress().getSocketAddress().getPortValue()).isEqualTo(9001);
        assertThat(hcm(admin, 0).getStatPrefix()).isEqualTo("envoy-admin");
        assertThat(hcm(admin, 0).getRouteConfig().getVirtualHosts(0).getRoutesCount()).isEqualTo(11);
    }

    @Test
    void aSecureVirtualHostGetsAnSniFilterChainWithDefaultTlsAndAMisdirectedRequestCheck() throws Exception {
        Listener l = named(translator.translate(dag(https(secure("www.example.com", secret, prefix("/", kuard))))), "ingress_https");
        assertThat(l.getListenerFiltersList()).extracting(f -> f.getName()).containsExactly("envoy.filters.listener.tls_inspector");
        FilterChain fc = l.getFilterChains(0);
        assertThat(fc.getFilterChainMatch().getServerNamesList()).containsExactly("www.example.com");
        DownstreamTlsContext ctx = tls(fc);
        assertThat(json(ctx)).isEqualTo(json(DownstreamTlsContext.newBuilder().setCommonTlsContext(
                io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext.newBuilder()
                        .setTlsParams(TlsParameters.newBuilder()
                                .setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_2)
                                .setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3)
                                .addCipherSuites("[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]")
                                .addCipherSuites("[ECDHE-RSA-AES128-GCM-SHA256|ECDHE-RSA-CHACHA20-POLY1305]")
                                .addCipherSuites("ECDHE-ECDSA-AES256-GCM-SHA384")
                                .addCipherSuites("ECDHE-RSA-AES256-GCM-SHA384"))
                        .addTlsCertificateSdsSecretConfigs(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig.newBuilder()
                                .setName("default/secret/cd1b506996").setSdsConfig(contour()))
                        .addAlpnProtocols("h2").addAlpnProtocols("http/1.1"))
                .build()));
        HttpConnectionManager cm = hcm(l, 0);
        assertThat(cm.getStatPrefix()).isEqualTo("ingress_https");
        assertThat(cm.getRds().getRouteConfigName()).isEqualTo("https/www.example.com");
        assertThat(cm.getHttpFiltersList()).extracting(HttpFilter::getName).containsExactly("envoy.filters.http.lua",
                "envoy.filters.http.compressor", "envoy.filters.http.grpc_web", "envoy.filters.http.grpc_stats",
                "envoy.filters.http.cors", "envoy.filters.http.local_ratelimit", "envoy.filters.http.lua",
                "envoy.filters.http.rbac", "router");
        String code = cm.getHttpFilters(0).getTypedConfig().unpack(Lua.class).getDefaultSourceCode().getInlineString();
        assertThat(code).startsWith("\nfunction envoy_on_request(request_handle)\n")
                .contains("string.format(\"misdirected request to %%q\", host)")
                .contains("{[\":status\"] = \"421\"}")
                .endsWith("end\nend\n\t");
    }

    @Test
    void filterChainsAreSortedByServerNameWithTheCatchAllLast() {
        Listener l = named(translator.translate(dag(https(secure("b.com", secret, prefix("/", kuard)), secure("*", secret, prefix("/", kuard)),
                secure("a.com", secret, prefix("/", kuard))))), "ingress_https");
        assertThat(l.getFilterChainsList()).extracting(fc -> fc.getFilterChainMatch().getServerNamesList().isEmpty()
                ? "tls:" + fc.getFilterChainMatch().getTransportProtocol() : fc.getFilterChainMatch().getServerNames(0))
                .containsExactly("a.com", "b.com", "tls:tls");
    }

    @Test
    void vhostTlsVersionsAreClampedToTheGlobalRange() throws Exception {
        Dag.SecureVirtualHost svh = new Dag.SecureVirtualHost(Dag.VirtualHost.of("a.com", List.of(prefix("/", kuard))), "1.3", "", secret,
                null, null, null, null, List.of());
        TlsParameters p = tls(named(translator.translate(dag(https(svh))), "ingress_https").getFilterChains(0)).getCommonTlsContext().getTlsParams();
        assertThat(p.getTlsMinimumProtocolVersion()).isEqualTo(TlsParameters.TlsProtocol.TLSv1_3);
        assertThat(p.getTlsMaximumProtocolVersion()).isEqualTo(TlsParameters.TlsProtocol.TLSv1_3);
    }

    @Test
    void passthroughIsATcpProxyChainWithoutTransportSocket() throws Exception {
        Dag.Cluster b = cluster(Fixtures.service("default", "backend", Fixtures.port("https", 443)));
        Dag.SecureVirtualHost svh = new Dag.SecureVirtualHost(Dag.VirtualHost.of("pass.com", List.of()), "", "", null, null,
                new Dag.TcpProxy(List.of(b)), null, null, List.of());
        FilterChain fc = named(translator.translate(dag(https(svh))), "ingress_https").getFilterChains(0);
        assertThat(fc.hasTransportSocket()).isFalse();
        assertThat(fc.getFilters(0).getName()).isEqualTo("envoy.filters.network.tcp_proxy");
        TcpProxy tp = fc.getFilters(0).getTypedConfig().unpack(TcpProxy.class);
        assertThat(tp.getStatPrefix()).isEqualTo("ingress_https");
        assertThat(tp.getCluster()).isEqualTo("default/backend/443/da39a3ee5e");
        assertThat(tp.getIdleTimeout().getSeconds()).isEqualTo(9001);
        assertThat(tp.getAccessLogCount()).isEqualTo(1);
    }

    @Test
    void tlsTerminationWithTcpProxyHasNoAlpn() throws Exception {
        Dag.SecureVirtualHost svh = new Dag.SecureVirtualHost(Dag.VirtualHost.of("tcp.com", List.of()), "", "", secret, null,
                new Dag.TcpProxy(List.of(kuard, cluster(Fixtures.service("default", "a", Fixtures.port("", 80))))), null, null, List.of());
        FilterChain fc = named(translator.translate(dag(https(svh))), "ingress_https").getFilterChains(0);
        assertThat(tls(fc).getCommonTlsContext().getAlpnProtocolsList()).isEmpty();
        TcpProxy tp = fc.getFilters(0).getTypedConfig().unpack(TcpProxy.class);
        assertThat(tp.getWeightedClusters().getClustersList()).extracting(c -> c.getName() + "=" + c.getWeight())
                .containsExactly("default/a/80/da39a3ee5e=1", "default/kuard/80/da39a3ee5e=1");
    }

    @Test
    void theFallbackCertificateAddsOneCatchAllChainWithItsOwnRouteConfig() throws Exception {
        Dag.Secret fallback = tlsSecret("projectcontour", "fallback", "fb", "fbkey");
        Dag.SecureVirtualHost a = new Dag.SecureVirtualHost(Dag.VirtualHost.of("a.com", List.of(prefix("/", kuard))), "", "", secret,
                fallback, null, null, null, List.of());
        Dag.SecureVirtualHost b = new Dag.SecureVirtualHost(Dag.VirtualHost.of("b.com", List.of(prefix("/", kuard))), "", "", secret,
                fallback, null, null, null, List.of());
        Listener l = named(translator.translate(dag(https(a, b))), "ingress_https");
        assertThat(l.getFilterChainsList()).extracting(FilterChain::getName).containsExactly("", "", "fallback-certificate");
        FilterChain fb = l.getFilterChains(2);
        assertThat(fb.getFilterChainMatch().getTransportProtocol()).isEqualTo("tls");
        HttpConnectionManager cm = hcm(l, 2);
        assertThat(cm.getRds().getRouteConfigName()).isEqualTo("ingress_fallbackcert");
        assertThat(cm.getHttpFilters(0).getName()).isEqualTo("envoy.filters.http.compressor");
        assertThat(tls(fb).getCommonTlsContext().getTlsCertificateSdsSecretConfigs(0).getName()).startsWith("projectcontour/fallback/");
    }

    @Test
    void clientValidationAddsAValidationContextAndForwardsClientCertDetails() throws Exception {
        Dag.Secret ca = new Dag.Secret(new ObjectRef(Kind.SECRET, "default", "ca"), Map.of("ca.crt", Bytes.utf8("CA")));
        Dag.PeerValidationContext pvc = new Dag.PeerValidationContext(List.of(ca), List.of(), false,
                new Dag.ClientCertificateDetails(true, true, false, true, false), null, false, true);
        Dag.SecureVirtualHost svh = new Dag.SecureVirtualHost(Dag.VirtualHost.of("a.com", List.of(prefix("/", kuard))), "", "", secret,
                null, null, pvc, null, List.of());
        Listener l = named(translator.translate(dag(https(svh))), "ingress_https");
        DownstreamTlsContext ctx = tls(l.getFilterChains(0));
        assertThat(ctx.getRequireClientCertificate().getValue()).isFalse();
        assertThat(ctx.getCommonTlsContext().getValidationContext().getTrustedCa().getInlineBytes().toStringUtf8()).isEqualTo("CA");
        HttpConnectionManager cm = hcm(l, 0);
        assertThat(cm.getForwardClientCertDetails()).isEqualTo(HttpConnectionManager.ForwardClientCertDetails.SANITIZE_SET);
        assertThat(cm.getSetCurrentClientCertDetails().getSubject().getValue()).isTrue();
        assertThat(cm.getSetCurrentClientCertDetails().getDns()).isTrue();
    }

    @Test
    void jwtAndExtAuthzFiltersGoBeforeTheRouter() throws Exception {
        Dag.JwtProvider p = new Dag.JwtProvider("provider-1", "issuer.com", List.of("aud"), null, Bytes.utf8("{\"keys\":[1]}"), false, true);
        Dag.ExtensionCluster auth = new Dag.ExtensionCluster("extension/auth/authz", List.of(), "h2", null, "", null, null, "", null, null,
                null);
        Dag.ExternalAuthorization ea = new Dag.ExternalAuthorization(Dag.AuthorizationServiceType.GRPC, List.of(), List.of(), "", auth,
                io.contourcore.model.Timeout.of(java.time.Duration.ofSeconds(1)), true, null);
        Dag.SecureVirtualHost svh = new Dag.SecureVirtualHost(Dag.VirtualHost.of("a.com", List.of(prefix("/", kuard))), "", "", secret,
                null, null, null, ea, List.of(p));
        HttpConnectionManager cm = hcm(named(translator.translate(dag(https(svh))), "ingress_https"), 0);
        assertThat(cm.getHttpFiltersList()).extracting(HttpFilter::getName).endsWith("envoy.filters.http.rbac",
                "envoy.filters.http.jwt_authn", "envoy.filters.http.ext_authz", "router");
        String authz = json(cm.getHttpFilters(cm.getHttpFiltersCount() - 2));
        assertThat(authz).contains("\"cluster_name\": \"extension/auth/authz\"").contains("\"authority\": \"extension.auth.authz\"")
                .contains("\"failure_mode_allow\": true").contains("\"timeout\": \"1s\"");
    }

    @Test
    void jsonAccessLogsAndLevelsFollowTheConfiguration() throws Exception {
        ContourConfig json = ContourConfig.DEFAULTS.toBuilder()
                .accessLog(new ContourConfig.AccessLog("json", "", List.of("@timestamp", "method", "custom=%REQ_WITHOUT_QUERY(X-PATH)%"), "critical"))
                .build();
        AccessLog log = new ListenerTranslator(json).accessLog("/dev/stdout").get(0);
        String text = Fixtures.json(log);
        assertThat(text).contains("\"@timestamp\": \"%START_TIME%\"").contains("\"method\": \"%REQ(:METHOD)%\"")
                .contains("\"custom\": \"%REQ_WITHOUT_QUERY(X-PATH)%\"").contains("\"omit_empty_values\": true")
                .contains("envoy.formatter.req_without_query").contains("\"default_value\": 500");
        ContourConfig off = ContourConfig.DEFAULTS.toBuilder().accessLog(new ContourConfig.AccessLog("envoy", "", List.of(), "disabled")).build();
        assertThat(new ListenerTranslator(off).accessLog("/dev/stdout")).isEmpty();
    }

    @Test
    void theDefaultJsonFieldsMapToUpstreamsOperators() {
        ContourConfig json = ContourConfig.DEFAULTS.toBuilder().accessLog(new ContourConfig.AccessLog("json", "", List.of(), "info")).build();
        Map<String, String> m = new ListenerTranslator(json).jsonFieldMap();
        assertThat(m).hasSize(23).containsEntry("bytes_received", "%BYTES_RECEIVED%").containsEntry("path", "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%")
                .containsEntry("grpc_status_number", "%GRPC_STATUS_NUMBER%").containsEntry("upstream_service_time",
                        "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%");
    }

    @Test
    void connectionManagerSettingsFollowTheConfiguration() throws Exception {
        ContourConfig d = ContourConfig.DEFAULTS;
        ContourConfig cfg = new ContourConfig(List.of(), List.of(), "", false, false, true, true, "pass_through", List.of("HTTP/2"),
                new ContourConfig.AccessLog("envoy", "%REQ(:METHOD)% %METADATA(ROUTE:envoy.access_loggers.file:io.projectcontour.kind)%\n",
                        List.of(), "error"),
                d.tls(),
                new ContourConfig.Timeouts(io.contourcore.model.Timeout.of(java.time.Duration.ofSeconds(30)), io.contourcore.model.Timeout.DISABLED,
                        io.contourcore.model.Timeout.of(java.time.Duration.ofMinutes(5)), io.contourcore.model.Timeout.of(java.time.Duration.ofHours(1)),
                        io.contourcore.model.Timeout.UNSET, io.contourcore.model.Timeout.of(java.time.Duration.ofSeconds(10)),
                        d.timeouts().connectTimeout()),
                null, null, false, d.cluster(), new ContourConfig.Network(2, 9001, true),
                new ContourConfig.ListenerSettings(true, "exact", 0, 0, 64, 0, 0, 100, 0, "0.0.0.0", 8080, "/dev/stdout", "0.0.0.0", 8443,
                        "/dev/stdout", "0.0.0.0", 8002, "0.0.0.0", 8002),
                "brotli", null);
        Dag dg = dag(http(Dag.VirtualHost.of("*", List.of(prefix("/", kuard)))), https(secure("a.com", secret, prefix("/", kuard))));
        List<Listener> all = new ListenerTranslator(cfg).translate(dg);
        Listener l = named(all, "ingress_http");
        assertThat(l.getListenerFiltersList()).extracting(f -> f.getName()).containsExactly("envoy.filters.listener.proxy_protocol");
        assertThat(l.getSocketOptionsList()).hasSize(5);
        assertThat(l.getSocketOptions(4).getIntValue()).isEqualTo(64);
        assertThat(l.getConnectionBalanceConfig().hasExactBalance()).isTrue();
        HttpConnectionManager cm = hcm(l, 0);
        assertThat(cm.getCodecType()).isEqualTo(HttpConnectionManager.CodecType.HTTP2);
        assertThat(cm.getServerHeaderTransformation()).isEqualTo(HttpConnectionManager.ServerHeaderTransformation.PASS_THROUGH);
        assertThat(cm.getMergeSlashes()).isFalse();
        assertThat(cm.getHttpProtocolOptions().getAllowChunkedLength()).isFalse();
        assertThat(cm.getXffNumTrustedHops()).isEqualTo(2);
        assertThat(cm.getStripTrailingHostDot()).isTrue();
        assertThat(cm.getRequestTimeout().getSeconds()).isEqualTo(30);
        assertThat(cm.getCommonHttpProtocolOptions().hasIdleTimeout()).isTrue();
        assertThat(cm.getCommonHttpProtocolOptions().getIdleTimeout().getSeconds()).isZero();
        assertThat(cm.getCommonHttpProtocolOptions().getMaxConnectionDuration().getSeconds()).isEqualTo(3600);
        assertThat(cm.getStreamIdleTimeout().getSeconds()).isEqualTo(300);
        assertThat(cm.hasDelayedCloseTimeout()).isFalse();
        assertThat(cm.getDrainTimeout().getSeconds()).isEqualTo(10);
        assertThat(cm.getHttp2ProtocolOptions().getMaxConcurrentStreams().getValue()).isEqualTo(100);
        assertThat(Fixtures.json(cm.getHttpFilters(0))).contains("\"name\": \"brotli\"");
        String log = Fixtures.json(cm.getAccessLog(0));
        assertThat(log).contains("\"inline_string\": \"%REQ(:METHOD)% %METADATA(").contains("envoy.formatter.metadata")
                .doesNotContain("req_without_query").contains("\"default_value\": 300");
        Listener tlsListener = named(all, "ingress_https");
        assertThat(tlsListener.getListenerFiltersList()).extracting(f -> f.getName())
                .containsExactly("envoy.filters.listener.proxy_protocol", "envoy.filters.listener.tls_inspector");
        assertThat(tls(tlsListener.getFilterChains(0)).getCommonTlsContext().getAlpnProtocolsList()).containsExactly("h2");
    }
}
