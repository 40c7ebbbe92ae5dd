package io.contourcore.xds.translate;

import static io.contourcore.xds.translate.Fixtures.cluster;
import static io.contourcore.xds.translate.Fixtures.dag;
import static io.contourcore.xds.translate.Fixtures.http;
import static io.contourcore.xds.translate.Fixtures.https;
import static io.contourcore.xds.translate.Fixtures.kuard;
import static io.contourcore.xds.translate.Fixtures.port;
import static io.contourcore.xds.translate.Fixtures.prefix;
import static io.contourcore.xds.translate.Fixtures.service;
import static io.contourcore.xds.translate.Fixtures.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimitPerRoute;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Translator-level checks of the HTTPProxy features the DAG records carry (their golden tests come with the processor). */
class HttpProxyFeaturesTest {

    private final Dag.Cluster kuard = cluster(kuard());
    private final Dag.Cluster mirror = cluster(service("default", "mirror", port("http", 80)));

    private static Dag.Route full(Dag.Route base, List<Dag.MirrorPolicy> mirrors, List<Dag.RequestHashPolicy> hashes,
            Dag.InternalRedirectPolicy irp, boolean authDisabled, Map<String, String> authContext, String jwt, Dag.RateLimitPolicy rl,
            Dag.VhRateLimits perRoute) {
        return new Dag.Route(base.pathMatch(), List.of(), List.of(), 0, base.clusters(), false, authDisabled, authContext, false, null, null,
                null, mirrors, null, null, List.of(), rl, perRoute, hashes, null, null, jwt, irp, false, List.of(), base.source());
    }

    private Route onlyRoute(Dag d, String config) {
        return new RouteTranslator().translate(d).stream().filter(r -> r.getName().equals(config)).findFirst().orElseThrow()
                .getVirtualHosts(0).getRoutes(0);
    }

    @Test
    void mirrorsHashPoliciesAndInternalRedirectsMapToTheRouteAction() {
        Dag.Route r = full(prefix("/", kuard), List.of(new Dag.MirrorPolicy(mirror, 100)),
                List.of(new Dag.RequestHashPolicy(true, "X-User", null, null, null, false, null),
                        new Dag.RequestHashPolicy(false, null, "X-Contour-Session-Affinity", Duration.ZERO, "/", false, null),
                        new Dag.RequestHashPolicy(false, null, null, null, null, true, null)),
                new Dag.InternalRedirectPolicy(2, List.of(307), "SafeOnly", true), false, Map.of(), "", null, null);
        RouteAction ra = onlyRoute(dag(http(Dag.VirtualHost.of("*", List.of(r)))), "ingress_http").getRoute();
        assertThat(ra.getRequestMirrorPolicies(0).getCluster()).isEqualTo("default/mirror/80/da39a3ee5e");
        assertThat(ra.getRequestMirrorPolicies(0).getRuntimeFraction().getDefaultValue().getNumerator()).isEqualTo(100);
        assertThat(ra.getHashPolicy(0).getHeader().getHeaderName()).isEqualTo("X-User");
        assertThat(ra.getHashPolicy(0).getTerminal()).isTrue();
        assertThat(ra.getHashPolicy(1).getCookie().getName()).isEqualTo("X-Contour-Session-Affinity");
        assertThat(ra.getHashPolicy(1).getCookie().getPath()).isEqualTo("/");
        assertThat(ra.getHashPolicy(1).getCookie().hasTtl()).isTrue();
        assertThat(ra.getHashPolicy(2).getConnectionProperties().getSourceIp()).isTrue();
        assertThat(ra.getInternalRedirectPolicy().getMaxInternalRedirects().getValue()).isEqualTo(2);
        assertThat(ra.getInternalRedirectPolicy().getAllowCrossSchemeRedirect()).isTrue();
        assertThat(ra.getInternalRedirectPolicy().getPredicatesList()).extracting(p -> p.getName()).containsExactly(
                "envoy.internal_redirect_predicates.safe_cross_scheme", "envoy.internal_redirect_predicates.previous_routes");
    }

    @Test
    void authJwtAndGlobalRateLimitPerRouteSettingsArePerFilterConfig() throws Exception {
        Dag.GlobalRateLimitPolicy global = new Dag.GlobalRateLimitPolicy(List.of(new Dag.RateLimitDescriptor(List.of(
                new Dag.RateLimitDescriptorEntry("generic_key", "apis", null, null, null, false, null, false),
                new Dag.RateLimitDescriptorEntry(null, null, null, null, null, false, null, true)))));
        Dag.Route r = full(prefix("/", kuard), List.of(), List.of(), null, false, Map.of("k", "v"), "provider-1",
                new Dag.RateLimitPolicy(null, global), Dag.VhRateLimits.IGNORE);
        Dag.SecureVirtualHost svh = new Dag.SecureVirtualHost(Dag.VirtualHost.of("a.com", List.of(r)), "", "",
                tlsSecret("default", "s", "c", "k"), null, null, null, null, List.of());
        Route route = onlyRoute(dag(https(svh)), "https/a.com");
        assertThat(route.getTypedPerFilterConfigOrThrow("envoy.filters.http.ext_authz").unpack(ExtAuthzPerRoute.class)
                .getCheckSettings().getContextExtensionsMap()).containsEntry("k", "v");
        assertThat(route.getTypedPerFilterConfigOrThrow("envoy.filters.http.jwt_authn").unpack(PerRouteConfig.class).getRequirementName())
                .isEqualTo("provider-1");
        assertThat(route.getTypedPerFilterConfigOrThrow("envoy.filters.http.ratelimit").unpack(RateLimitPerRoute.class).getVhRateLimits())
                .isEqualTo(RateLimitPerRoute.VhRateLimitsOptions.IGNORE);
        assertThat(route.getRoute().getRateLimits(0).getActionsList()).extracting(a -> a.getActionSpecifierCase().name())
                .containsExactly("GENERIC_KEY", "REMOTE_ADDRESS");
        assertThat(route.getRoute().getRateLimits(0).getActions(0).getGenericKey().getDescriptorValue()).isEqualTo("apis");
    }

    @Test
    void remoteJwksGetsADnsClusterAndTheProviderPointsAtIt() throws Exception {
        Dag.DnsNameCluster jwks = new Dag.DnsNameCluster("jwt.example.com", "https", 443, "v4", null, null);
        Dag.JwtProvider p = new Dag.JwtProvider("provider-1", "issuer", List.of(),
                new Dag.RemoteJwks("https://jwt.example.com/jwks.json", Duration.ofSeconds(1), jwks, Duration.ofMinutes(5)), null, true, true);
        Dag.SecureVirtualHost svh = new Dag.SecureVirtualHost(Dag.VirtualHost.of("a.com", List.of(prefix("/", kuard))), "", "",
                tlsSecret("default", "s", "c", "k"), null, null, null, null, List.of(p));
        Dag d = dag(https(svh));
        Cluster c = new ClusterTranslator(ContourConfig.DEFAULTS).translate(d).clusters().stream()
                .filter(x -> x.getName().equals("dnsname/https/jwt.example.com")).findFirst().orElseThrow();
        assertThat(c.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
        assertThat(c.getDnsLookupFamily()).isEqualTo(Cluster.DnsLookupFamily.V4_ONLY);
        assertThat(c.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class).getSni()).isEqualTo("jwt.example.com");
        assertThat(c.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getPortValue())
                .isEqualTo(443);
        var listener = new ListenerTranslator(ContourConfig.DEFAULTS).translate(d).stream()
                .filter(l -> l.getName().equals("ingress_https")).findFirst().orElseThrow();
        var cm = listener.getFilterChains(0).getFilters(0).getTypedConfig()
                .unpack(io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.class);
        JwtAuthentication jwt = cm.getHttpFiltersList().stream().filter(f -> f.getName().equals("envoy.filters.http.jwt_authn")).findFirst()
                .orElseThrow().getTypedConfig().unpack(JwtAuthentication.class);
        var provider = jwt.getProvidersOrThrow("provider-1");
        assertThat(provider.getRemoteJwks().getHttpUri().getCluster()).isEqualTo("dnsname/https/jwt.example.com");
        assertThat(provider.getRemoteJwks().getCacheDuration().getSeconds()).isEqualTo(300);
        assertThat(provider.getForward()).isTrue();
        assertThat(jwt.getRequirementMapOrThrow("provider-1").getProviderName()).isEqualTo("provider-1");
    }

    @Test
    void anHttpAuthorizationServerUsesTheDummyUriAndAllowedHeaders() throws Exception {
        Dag.ExtensionCluster auth = new Dag.ExtensionCluster("extension/auth/http", List.of(), "http/1.1", null, "", null, null, "", null,
                null, null);
        Dag.ExternalAuthorization ea = new Dag.ExternalAuthorization(Dag.AuthorizationServiceType.HTTP,
                List.of(new Dag.HeaderNameMatch("exact", "authorization", true)), List.of(new Dag.HeaderNameMatch("prefix", "x-auth-", false)),
                "/check", auth, Timeout.UNSET, false, new Dag.AuthorizationServerBufferSettings(1024, true, false));
        ExtAuthz ext = ListenerTranslator.extAuthz(ea).getTypedConfig().unpack(ExtAuthz.class);
        assertThat(ext.getHttpService().getServerUri().getUri()).isEqualTo("http://dummy/");
        assertThat(ext.getHttpService().getServerUri().getCluster()).isEqualTo("extension/auth/http");
        assertThat(ext.getHttpService().getServerUri().getTimeout().getSeconds()).isZero();
        assertThat(ext.getHttpService().getPathPrefix()).isEqualTo("/check");
        assertThat(ext.getAllowedHeaders().getPatterns(0).getExact()).isEqualTo("authorization");
        assertThat(ext.getHttpService().getAuthorizationResponse().getAllowedUpstreamHeaders().getPatterns(0).getPrefix()).isEqualTo("x-auth-");
        assertThat(ext.getWithRequestBody().getMaxRequestBytes()).isEqualTo(1024);
        assertThat(ext.getStatusOnError().getCode()).isEqualTo(io.envoyproxy.envoy.type.v3.StatusCode.Forbidden);
    }

    @Test
    void extensionClustersAreEdsClustersNamedAfterTheExtensionService() {
        Dag.ExtensionCluster ec = new Dag.ExtensionCluster("extension/projectcontour/ratelimit", List.of(
                new Dag.WeightedService(1, "projectcontour", "ratelimit", port("grpc", 8081), port("grpc", 8081))), "h2c", null,
                "Random", null, new Dag.ClusterTimeoutPolicy(Timeout.UNSET, Duration.ofSeconds(5)), "", null, null, null);
        Cluster c = new ClusterTranslator(ContourConfig.DEFAULTS).extensionCluster(ec);
        assertThat(c.getAltStatName()).isEqualTo("extension_projectcontour_ratelimit");
        assertThat(c.getEdsClusterConfig().getServiceName()).isEqualTo("extension/projectcontour/ratelimit");
        assertThat(c.getLbPolicy()).isEqualTo(Cluster.LbPolicy.RANDOM);
        assertThat(c.getConnectTimeout().getSeconds()).isEqualTo(5);
        assertThat(c.getTypedExtensionProtocolOptionsMap()).containsKey("envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
    }
}
