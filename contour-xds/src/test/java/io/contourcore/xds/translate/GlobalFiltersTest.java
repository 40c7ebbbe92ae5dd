package io.contourcore.xds.translate;

import static io.contourcore.xds.translate.Fixtures.cluster;
import static io.contourcore.xds.translate.Fixtures.http;
import static io.contourcore.xds.translate.Fixtures.https;
import static io.contourcore.xds.translate.Fixtures.kuard;
import static io.contourcore.xds.translate.Fixtures.prefix;
import static io.contourcore.xds.translate.Fixtures.secure;
import static io.contourcore.xds.translate.Fixtures.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.contourcore.dag.Dag;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.XdsTranslator;
import io.contourcore.xds.validate.EnvoyValidator;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.ratelimit.v3.RateLimitServiceConfig;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.BufferSettings;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The filters {@code globalExtAuth} and {@code rateLimitService} add to the connection managers. */
class GlobalFiltersTest {

    private final ListenerTranslator translator = new ListenerTranslator(ContourConfig.DEFAULTS);
    private final Dag.Cluster kuard = cluster(kuard());

    private static final Dag.RateLimitService RLS = new Dag.RateLimitService(
            new Dag.ExtensionServiceConfig("projectcontour", "ratelimit", Timeout.of(Duration.ofSeconds(7)), ""),
            "contour", false, true, true);
    private static final Dag.GlobalExternalAuthorization AUTH = globalAuth(false, null);

    private static Dag.GlobalExternalAuthorization globalAuth(boolean failOpen, Dag.AuthorizationServerBufferSettings body) {
        Dag.ExtensionServiceConfig ext = new Dag.ExtensionServiceConfig("auth", "extension", Timeout.of(Duration.ofMinutes(60)), "");
        Dag.ExtensionCluster cluster = new Dag.ExtensionCluster("extension/auth/extension", List.of(), "", null, "", null, null, "",
                null, null, null);
        return new Dag.GlobalExternalAuthorization(ext, new Dag.ExternalAuthorization(Dag.AuthorizationServiceType.GRPC, List.of(),
                List.of(), "", cluster, ext.timeout(), failOpen, body));
    }

    private Dag dag(Dag.RateLimitService rls, Dag.GlobalExternalAuthorization auth, Dag.Listener... listeners) {
        return new Dag(List.of(listeners), List.of(), false, null, rls, auth);
    }

    private static List<HttpFilter> filters(Listener l, int chain) throws InvalidProtocolBufferException {
        return l.getFilterChains(chain).getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class).getHttpFiltersList();
    }

    private static Listener named(List<Listener> all, String name) {
        return all.stream().filter(l -> l.getName().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> tail(List<HttpFilter> f, int n) {
        return f.subList(f.size() - n, f.size()).stream().map(HttpFilter::getName).toList();
    }

    @Test
    void theRateLimitFilterIsUpstreamsGlobalRateLimitFilter() throws Exception {
        List<HttpFilter> f = filters(named(translator.translate(dag(RLS, null, http(Dag.VirtualHost.of("*",
                List.of(prefix("/", kuard)))))), "ingress_http"), 0);
        assertThat(tail(f, 2)).containsExactly("envoy.filters.http.ratelimit", "router");
        RateLimit got = f.get(f.size() - 2).getTypedConfig().unpack(RateLimit.class);
        assertThat(got).isEqualTo(RateLimit.newBuilder()
                .setDomain("contour")
                .setFailureModeDeny(true)
                .setTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(7))
                .setRateLimitService(RateLimitServiceConfig.newBuilder()
                        .setGrpcService(GrpcService.newBuilder().setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder()
                                .setClusterName("extension/projectcontour/ratelimit")
                                .setAuthority("extension.projectcontour.ratelimit")))
                        .setTransportApiVersion(ApiVersion.V3))
                .setEnableXRatelimitHeaders(RateLimit.XRateLimitHeadersRFCVersion.DRAFT_VERSION_03)
                .setRateLimitedAsResourceExhausted(true)
                .build());
    }

    @Test
    void failOpenClearsFailureModeDenyAndASubjectNameBecomesTheAuthority() throws Exception {
        Dag.RateLimitService open = new Dag.RateLimitService(
                new Dag.ExtensionServiceConfig("projectcontour", "ratelimit", Timeout.UNSET, "rls.example.com"), "d", true, false, false);
        List<HttpFilter> f = filters(named(translator.translate(dag(open, null, http(Dag.VirtualHost.of("*",
                List.of(prefix("/", kuard)))))), "ingress_http"), 0);
        RateLimit got = f.get(f.size() - 2).getTypedConfig().unpack(RateLimit.class);
        assertThat(got.getFailureModeDeny()).isFalse();
        assertThat(got.hasTimeout()).isFalse();
        assertThat(got.getEnableXRatelimitHeaders()).isEqualTo(RateLimit.XRateLimitHeadersRFCVersion.OFF);
        assertThat(got.getRateLimitService().getGrpcService().getEnvoyGrpc().getAuthority()).isEqualTo("rls.example.com");
    }

    @Test
    void thePlainHttpListenerAuthorizesWithTheExtensionServiceTimeoutBeforeRateLimiting() throws Exception {
        Dag.GlobalExternalAuthorization auth = globalAuth(true, new Dag.AuthorizationServerBufferSettings(512, true, true));
        List<HttpFilter> f = filters(named(translator.translate(dag(RLS, auth, http(Dag.VirtualHost.of("*",
                List.of(prefix("/", kuard)))))), "ingress_http"), 0);
        assertThat(tail(f, 3)).containsExactly("envoy.filters.http.ext_authz", "envoy.filters.http.ratelimit", "router");
        ExtAuthz got = f.get(f.size() - 3).getTypedConfig().unpack(ExtAuthz.class);
        assertThat(got.getGrpcService().getEnvoyGrpc().getClusterName()).isEqualTo("extension/auth/extension");
        assertThat(got.getGrpcService().getEnvoyGrpc().getAuthority()).isEqualTo("extension.auth.extension");
        assertThat(got.getGrpcService().getTimeout().getSeconds()).isEqualTo(3600);
        assertThat(got.getFailureModeAllow()).isTrue();
        assertThat(got.getWithRequestBody()).isEqualTo(BufferSettings.newBuilder()
                .setMaxRequestBytes(512).setAllowPartialMessage(true).setPackAsBytes(true).build());
        assertThat(got.getClearRouteCache()).isTrue();
        assertThat(got.getIncludePeerCertificate()).isTrue();
    }

    @Test
    void tlsVirtualHostsUseTheirOwnAuthorizationAndTheFallbackChainGetsBothFilters() throws Exception {
        Dag.ExtensionCluster own = new Dag.ExtensionCluster("extension/auth/custom", List.of(), "h2", null, "", null, null, "",
                null, null, null);
        Dag.ExternalAuthorization vhostAuth = new Dag.ExternalAuthorization(Dag.AuthorizationServiceType.GRPC, List.of(), List.of(),
                "", own, Timeout.of(Duration.ofSeconds(1)), false, null);
        Dag.Secret secret = tlsSecret("default", "secret", "cert", "key");
        Dag.SecureVirtualHost plain = secure("example.com", secret, prefix("/", kuard));
        Dag.SecureVirtualHost svh = new Dag.SecureVirtualHost(plain.virtualHost(), "", "", secret, secret, null, null, vhostAuth,
                List.of());
        Listener l = named(translator.translate(dag(RLS, AUTH, https(svh))), "ingress_https");
        assertThat(l.getFilterChainsCount()).isEqualTo(2);
        for (int chain = 0; chain < 2; chain++) {
            List<HttpFilter> f = filters(l, chain);
            assertThat(tail(f, 3)).containsExactly("envoy.filters.http.ext_authz", "envoy.filters.http.ratelimit", "router");
            assertThat(f.get(f.size() - 3).getTypedConfig().unpack(ExtAuthz.class).getGrpcService().getEnvoyGrpc().getClusterName())
                    .isEqualTo("extension/auth/custom");
        }
    }

    @Test
    void aTlsVirtualHostWithoutAuthorizationHasNoExtAuthzEvenWithGlobalAuth() throws Exception {
        Listener l = named(translator.translate(dag(null, AUTH, https(secure("example.com",
                tlsSecret("default", "secret", "cert", "key"), prefix("/", kuard))))), "ingress_https");
        assertThat(filters(l, 0)).extracting(HttpFilter::getName).doesNotContain("envoy.filters.http.ext_authz", "envoy.filters.http.ratelimit");
    }

    @Test
    void envoysRulesAcceptTheGlobalFilters() {
        Dag d = dag(RLS, AUTH, http(Dag.VirtualHost.of("*", List.of(prefix("/", kuard)))));
        XdsResources r = XdsTranslator.translate(d, ResourceSet.of(List.of()), ContourConfig.DEFAULTS).xds();
        assertThat(EnvoyValidator.validate(r)).isEmpty();
    }
}
