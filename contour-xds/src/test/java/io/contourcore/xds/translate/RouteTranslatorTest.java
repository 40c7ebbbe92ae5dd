package io.contourcore.xds.translate;

import static io.contourcore.xds.translate.Fixtures.cluster;
import static io.contourcore.xds.translate.Fixtures.dag;
import static io.contourcore.xds.translate.Fixtures.http;
import static io.contourcore.xds.translate.Fixtures.https;
import static io.contourcore.xds.translate.Fixtures.json;
import static io.contourcore.xds.translate.Fixtures.kuard;
import static io.contourcore.xds.translate.Fixtures.port;
import static io.contourcore.xds.translate.Fixtures.prefix;
import static io.contourcore.xds.translate.Fixtures.secure;
import static io.contourcore.xds.translate.Fixtures.service;
import static io.contourcore.xds.translate.Fixtures.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.contourcore.dag.Dag;
import io.contourcore.model.Timeout;
import io.contourcore.xds.render.ProtoText;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTranslatorTest {

    private final RouteTranslator translator = new RouteTranslator();
    private final Dag.Cluster kuard = cluster(kuard());

    private static Metadata ingressMetadata() {
        return Metadata.newBuilder().putFilterMetadata("envoy.access_loggers.file", Struct.newBuilder()
                .putFields("io.projectcontour.kind", Value.newBuilder().setStringValue("Ingress").build())
                .putFields("io.projectcontour.namespace", Value.newBuilder().setStringValue("default").build())
                .putFields("io.projectcontour.name", Value.newBuilder().setStringValue("kuard").build())
                .build()).build();
    }

    private static RouteConfiguration.Builder config(String name) {
        return RouteConfiguration.newBuilder()
                .setName(name)
                .addRequestHeadersToAdd(HeaderValueOption.newBuilder()
                        .setHeader(HeaderValue.newBuilder().setKey("x-request-start").setValue("t=%START_TIME(%s.%3f)%"))
                        .setAppendAction(HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                .setIgnorePortInHostMatching(true);
    }

    private RouteConfiguration only(Dag dag, String name) {
        return translator.translate(dag).stream().filter(r -> r.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anEmptyDagStillHasTheIngressHttpRouteConfiguration() {
        assertThat(translator.translate(Dag.EMPTY)).containsExactly(config("ingress_http").build());
        assertThat(translator.translate(new Dag(List.of(), List.of(), true))).isEmpty();
    }

    @Test
    void aPlainRouteGoesToItsClusterWithSourceMetadata() {
        Dag dag = dag(http(Dag.VirtualHost.of("*", List.of(prefix("/", kuard)))));
        RouteConfiguration want = config("ingress_http").addVirtualHosts(VirtualHost.newBuilder()
                .setName("*").addDomains("*")
                .addRoutes(Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                        .setMetadata(ingressMetadata())
                        .setRoute(RouteAction.newBuilder().setCluster("default/kuard/80/da39a3ee5e"))))
                .build();
        assertThat(json(only(dag, "ingress_http"))).isEqualTo(json(want));
    }

    @Test
    void virtualHostsAreSortedByNameAndLongNamesAreHashed() throws Exception {
        String longHost = "a-very-long-host-name-that-is-more-than-sixty-characters.example.com";
        Dag dag = dag(http(Dag.VirtualHost.of("b.com", List.of(prefix("/", kuard))), Dag.VirtualHost.of(longHost, List.of(prefix("/", kuard))),
                Dag.VirtualHost.of("a.com", List.of(prefix("/", kuard)))));
        List<VirtualHost> vhosts = only(dag, "ingress_http").getVirtualHostsList();
        // One element longer than the limit: upstream's Hashname falls through to the sha256 hex cut to 60.
        String hashed = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(longHost.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 60);
        assertThat(vhosts).extracting(VirtualHost::getName).containsExactly("a.com", "b.com", hashed);
        assertThat(vhosts.get(2).getDomainsList()).containsExactly(longHost);
    }

    @Test
    void aSecureVirtualHostGetsItsOwnRouteConfigAndForceSslRedirectsOnlyOnHttp() {
        Dag.Route r = prefix("/", kuard).toBuilder().httpsUpgrade(true).build();
        Dag.Secret secret = tlsSecret("default", "tls", "cert", "key");
        Dag dag = dag(http(Dag.VirtualHost.of("example.com", List.of(r))), https(secure("example.com", secret, r)));
        assertThat(translator.translate(dag)).extracting(RouteConfiguration::getName).containsExactly("https/example.com", "ingress_http");

        Route insecure = only(dag, "ingress_http").getVirtualHosts(0).getRoutes(0);
        assertThat(json(insecure)).isEqualTo(json(Route.newBuilder()
                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                .setMetadata(ingressMetadata())
                .setRedirect(RedirectAction.newBuilder().setHttpsRedirect(true))
                .putTypedPerFilterConfig("envoy.filters.http.ext_authz", Any.pack(ExtAuthzPerRoute.newBuilder().setDisabled(true).build()))
                .build()));
        Route tls = only(dag, "https/example.com").getVirtualHosts(0).getRoutes(0);
        assertThat(tls.getRoute().getCluster()).isEqualTo("default/kuard/80/da39a3ee5e");
    }

    @Test
    void aWildcardHostKeepsItsDomainAndAuthorityHeaderMatch() {
        Dag.HeaderMatch authority = new Dag.HeaderMatch(":authority", "^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.example\\.com(:[0-9]+)?",
                Dag.HeaderMatchType.REGEX, false, false, false);
        Dag dag = dag(http(Dag.VirtualHost.of("*.example.com", List.of(prefix("/", kuard).toBuilder().headerMatches(List.of(authority)).build()))));
        VirtualHost vh = only(dag, "ingress_http").getVirtualHosts(0);
        assertThat(vh.getDomainsList()).containsExactly("*.example.com");
        assertThat(vh.getRoutes(0).getMatch().getHeaders(0).getStringMatch().getSafeRegex().getRegex())
                .isEqualTo("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.example\\.com(:[0-9]+)?");
    }

    @Test
    void websocketsTimeoutsAndRetriesMapToTheRouteAction() {
        Dag.Route r = prefix("/ws", kuard)
                .toBuilder()
                .websocket(true)
                .timeoutPolicy(new Dag.RouteTimeoutPolicy(Timeout.DISABLED, Timeout.of(Duration.ofSeconds(90))))
                .retryPolicy(new Dag.RetryPolicy("5xx", List.of(503), 6, Timeout.of(Duration.ofMillis(1500))))
                .build();
        RouteAction ra = only(dag(http(Dag.VirtualHost.of("*", List.of(r)))), "ingress_http").getVirtualHosts(0).getRoutes(0).getRoute();
        assertThat(json(ra)).isEqualTo(json(RouteAction.newBuilder()
                .setCluster("default/kuard/80/da39a3ee5e")
                .setTimeout(com.google.protobuf.Duration.getDefaultInstance())
                .setIdleTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(90))
                .setRetryPolicy(io.envoyproxy.envoy.config.route.v3.RetryPolicy.newBuilder()
                        .setRetryOn("5xx").addRetriableStatusCodes(503).setNumRetries(UInt32Value.of(6))
                        .setPerTryTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(1).setNanos(500_000_000)))
                .addUpgradeConfigs(RouteAction.UpgradeConfig.newBuilder().setUpgradeType("websocket"))
                .build()));
    }

    @Test
    void aRetryPolicyWithoutRetryOnIsLeftOutButZeroRetriesAreKept() {
        Dag.Route none = prefix("/", kuard).toBuilder().retryPolicy(new Dag.RetryPolicy("", List.of(), 3, null)).build();
        Dag.Route zero = prefix("/z", kuard).toBuilder().retryPolicy(new Dag.RetryPolicy("5xx", List.of(), 0, null)).build();
        List<Route> routes = only(dag(http(Dag.VirtualHost.of("*", List.of(none, zero)))), "ingress_http").getVirtualHosts(0).getRoutesList();
        assertThat(routes.get(0).getRoute().getRetryPolicy().hasNumRetries()).isTrue();
        assertThat(routes.get(0).getRoute().getRetryPolicy().getNumRetries().getValue()).isZero();
        assertThat(routes.get(1).getRoute().hasRetryPolicy()).isFalse();
    }

    @Test
    void weightedClustersAreSortedAndZeroWeightsBecomeOne() {
        Dag.Cluster b = cluster(service("default", "b", port("", 80)));
        Dag.Cluster a = cluster(service("default", "a", port("", 80)));
        RouteAction ra = only(dag(http(Dag.VirtualHost.of("*", List.of(prefix("/", b, a))))), "ingress_http")
                .getVirtualHosts(0).getRoutes(0).getRoute();
        assertThat(ra.getWeightedClusters().getClustersList())
                .extracting(c -> c.getName() + "=" + c.getWeight().getValue())
                .containsExactly("default/a/80/da39a3ee5e=1", "default/b/80/da39a3ee5e=1");
    }

    @Test
    void headerPoliciesSetOverwriteAddAppendAndHostRewriteIsLiteral() {
        Dag.HeadersPolicy req = new Dag.HeadersPolicy("www.example.com", "", Map.of("X-Add", "1"), Map.of("Z-Set", "z", "A-Set", "a"),
                List.of("X-Remove"));
        Dag.Route r = prefix("/", kuard).toBuilder().requestHeadersPolicy(req).build();
        Route route = only(dag(http(Dag.VirtualHost.of("*", List.of(r)))), "ingress_http").getVirtualHosts(0).getRoutes(0);
        assertThat(route.getRequestHeadersToAddList()).extracting(h -> h.getHeader().getKey() + ":" + h.getAppendAction())
                .containsExactly("A-Set:OVERWRITE_IF_EXISTS_OR_ADD", "Z-Set:OVERWRITE_IF_EXISTS_OR_ADD", "X-Add:APPEND_IF_EXISTS_OR_ADD");
        assertThat(route.getRequestHeadersToRemoveList()).containsExactly("X-Remove");
        assertThat(route.getRoute().getHostRewriteLiteral()).isEqualTo("www.example.com");
        assertThat(route.getRoute().getCluster()).isEqualTo("default/kuard/80/da39a3ee5e");
    }

    @Test
    void clusterHeaderPoliciesForceWeightedClusters() {
        Dag.Cluster c = new Dag.Cluster(kuard(), 0, "", null, "", null, null,
                new Dag.HeadersPolicy("", "", Map.of(), Map.of("X-Svc", "1"), List.of()), null, List.of(), "", "", null,
                Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
        RouteAction ra = only(dag(http(Dag.VirtualHost.of("*", List.of(prefix("/", c))))), "ingress_http").getVirtualHosts(0).getRoutes(0).getRoute();
        assertThat(ra.getWeightedClusters().getClusters(0).getRequestHeadersToAdd(0).getHeader().getKey()).isEqualTo("X-Svc");
        assertThat(ra.getWeightedClusters().getClusters(0).getWeight().getValue()).isEqualTo(1);
    }

    @Test
    void cookieRewritesBecomeLuaPerRouteContextOnWeightedClusters() throws InvalidProtocolBufferException {
        Dag.Route base = prefix("/", kuard);
        Dag.Route r = new Dag.Route(base.pathMatch(), List.of(), List.of(), 0, base.clusters(), false, false, null, false, null, null, null,
                List.of(), null, null, List.of(new Dag.CookieRewritePolicy("session", "/app", null, true, "Strict")), null, null, List.of(),
                null, null, "", null, false, List.of(), base.source());
        RouteConfiguration rc = only(dag(http(Dag.VirtualHost.of("*", List.of(r)))), "ingress_http");
        Any lua = rc.getVirtualHosts(0).getRoutes(0).getRoute().getWeightedClusters().getClusters(0)
                .getTypedPerFilterConfigOrThrow("envoy.filters.http.lua");
        String text = ProtoText.toJson(lua);
        assertThat(text).contains("\"name\": \"cookie_rewrite.lua\"").contains("\"cookie_rewrite_rules\"")
                .contains("\"Path\": \"/app\"").contains("\"Secure\": true").contains("\"SameSite\": \"Strict\"");
        assertThat(Fixtures.roundTrip(rc)).isEqualTo(rc);
    }

    @Test
    void corsRateLimitAndIpFiltersArePerFilterConfigOnTheVirtualHost() throws InvalidProtocolBufferException {
        Dag.CorsPolicy cors = new Dag.CorsPolicy(true, List.of(new Dag.CorsAllowOrigin(Dag.CorsOriginType.EXACT, "https://a.com")),
                List.of("GET", "POST"), List.of("x-a"), List.of(), Timeout.of(Duration.ofMinutes(10)), false);
        Dag.RateLimitPolicy rl = new Dag.RateLimitPolicy(new Dag.LocalRateLimitPolicy(11, 10, Duration.ofSeconds(1), 429, Map.of()), null);
        Dag.VirtualHost vh = new Dag.VirtualHost("*", List.of(prefix("/", kuard)), cors, rl, true,
                List.of(new Dag.IpFilterRule(false, "10.1.2.3"), new Dag.IpFilterRule(true, "2001:db8::1/64")));
        VirtualHost evh = only(dag(http(vh)), "ingress_http").getVirtualHosts(0);
        CorsPolicy cp = evh.getTypedPerFilterConfigOrThrow("envoy.filters.http.cors").unpack(CorsPolicy.class);
        assertThat(cp.getAllowMethods()).isEqualTo("GET,POST");
        assertThat(cp.getMaxAge()).isEqualTo("600");
        assertThat(cp.getAllowCredentials().getValue()).isTrue();
        assertThat(cp.getAllowOriginStringMatch(0).getIgnoreCase()).isTrue();
        RBACPerRoute rbac = evh.getTypedPerFilterConfigOrThrow("envoy.filters.http.rbac").unpack(RBACPerRoute.class);
        var policy = rbac.getRbac().getRules().getPoliciesOrThrow("ip-rules");
        assertThat(policy.getPrincipals(0).getDirectRemoteIp().getAddressPrefix()).isEqualTo("10.1.2.3");
        assertThat(policy.getPrincipals(0).getDirectRemoteIp().getPrefixLen().getValue()).isEqualTo(32);
        assertThat(policy.getPrincipals(1).getRemoteIp().getAddressPrefix()).isEqualTo("2001:db8::");
        assertThat(policy.getPrincipals(1).getRemoteIp().getPrefixLen().getValue()).isEqualTo(64);
        var local = evh.getTypedPerFilterConfigOrThrow("envoy.filters.http.local_ratelimit")
                .unpack(io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit.class);
        assertThat(local.getStatPrefix()).isEqualTo("vhost.*");
        assertThat(local.getTokenBucket().getMaxTokens()).isEqualTo(11);
        assertThat(local.getStatus().getCodeValue()).isEqualTo(429);
    }

    @Test
    void directResponsesAndRedirectsReplaceTheRouteAction() {
        Dag.Route base = prefix("/", kuard);
        Dag.Route direct = new Dag.Route(new Dag.ExactMatch("/gone"), List.of(), List.of(), 0, List.of(), false, false, null, false, null,
                null, null, List.of(), null, null, List.of(), null, null, List.of(), new Dag.DirectResponse(503, ""), null, "", null,
                false, List.of(), base.source());
        Dag.Route redirect = new Dag.Route(new Dag.ExactMatch("/old"), List.of(), List.of(), 0, List.of(), false, false, null, false,
                null, null, null, List.of(), null, null, List.of(), null, null, List.of(), null,
                new Dag.Redirect("new.com", "https", 443, 302, new Dag.PathRewritePolicy("", "/new", "")), "", null, false, List.of(),
                base.source());
        List<Route> routes = only(dag(http(Dag.VirtualHost.of("*", List.of(direct, redirect)))), "ingress_http").getVirtualHosts(0).getRoutesList();
        assertThat(routes.get(0).getMatch().getPath()).isEqualTo("/old");
        assertThat(json(routes.get(0).getRedirect())).isEqualTo(json(RedirectAction.newBuilder().setHostRedirect("new.com")
                .setSchemeRedirect("https").setPortRedirect(443).setPathRedirect("/new")
                .setResponseCode(RedirectAction.RedirectResponseCode.FOUND).build()));
        assertThat(routes.get(1).getDirectResponse().getStatus()).isEqualTo(503);
        assertThat(routes.get(1).getDirectResponse().hasBody()).isFalse();
    }

    @Test
    void segmentPrefixesTrimTheirTrailingSlashAndRegexesAreAnchored() {
        List<Route> routes = only(dag(http(Dag.VirtualHost.of("*", List.of(
                Fixtures.route(new Dag.PrefixMatch("/api/", Dag.PrefixType.SEGMENT), kuard),
                Fixtures.route(new Dag.RegexMatch("/v[0-9]+"), kuard))))), "ingress_http").getVirtualHosts(0).getRoutesList();
        assertThat(routes.get(0).getMatch().getSafeRegex().getRegex()).isEqualTo("^/v[0-9]+");
        assertThat(routes.get(1).getMatch().getPathSeparatedPrefix()).isEqualTo("/api");
    }

    @Test
    void aSegmentPrefixWithAQueryOrFragmentCharacterIsWrittenPercentEncodedAsEnvoyRequires() {
        List<Route> routes = only(dag(http(Dag.VirtualHost.of("*", List.of(
                Fixtures.route(new Dag.PrefixMatch("/a?b/", Dag.PrefixType.SEGMENT), kuard),
                Fixtures.route(new Dag.PrefixMatch("/c#d", Dag.PrefixType.SEGMENT), kuard))))), "ingress_http")
                .getVirtualHosts(0).getRoutesList();
        assertThat(routes).extracting(r -> r.getMatch().getPathSeparatedPrefix()).containsExactlyInAnyOrder("/a%3Fb", "/c%23d");
    }

    @Test
    void weightsWhoseUint32SumWrapsToZeroAllBecomeOneAsUpstreamDoes() {
        Dag.Cluster a = Dag.Cluster.builder(service("default", "a", port("", 80))).weight((int) 2_147_483_648L).build();
        Dag.Cluster b = Dag.Cluster.builder(service("default", "b", port("", 80))).weight((int) 2_147_483_648L).build();
        RouteAction ra = only(dag(http(Dag.VirtualHost.of("*", List.of(prefix("/", a, b))))), "ingress_http")
                .getVirtualHosts(0).getRoutes(0).getRoute();
        assertThat(ra.getWeightedClusters().getClustersList()).extracting(c -> c.getWeight().getValue()).containsExactly(1, 1);
    }

    @Test
    void aRouteConfigurationHoldingADirectResponseBodyOverEnvoysDefaultLimitRaisesTheLimitToFitIt() {
        Dag.Route big = Dag.Route.builder(new Dag.ExactMatch("/big"), Fixtures.KUARD_INGRESS)
                .directResponse(new Dag.DirectResponse(200, "é".repeat(2500))).build();
        RouteConfiguration raised = only(dag(http(Dag.VirtualHost.of("*", List.of(big)))), "ingress_http");
        assertThat(raised.getMaxDirectResponseBodySizeBytes().getValue()).isEqualTo(5000);
        assertThat(io.contourcore.xds.validate.EnvoyValidator.validate(raised)).isEmpty();

        Dag.Route small = Dag.Route.builder(new Dag.ExactMatch("/small"), Fixtures.KUARD_INGRESS)
                .directResponse(new Dag.DirectResponse(200, "x".repeat(4096))).build();
        assertThat(only(dag(http(Dag.VirtualHost.of("*", List.of(small)))), "ingress_http").hasMaxDirectResponseBodySizeBytes())
                .isFalse();
    }

    @Test
    void aFallbackCertificateHostIsAlsoInTheFallbackRouteConfiguration() {
        Dag.Secret secret = tlsSecret("default", "tls", "cert", "key");
        Dag.Secret fallback = tlsSecret("projectcontour", "fallback", "fb", "fbkey");
        Dag.SecureVirtualHost svh = new Dag.SecureVirtualHost(Dag.VirtualHost.of("a.com", List.of(prefix("/", kuard))), "", "", secret,
                fallback, null, null, null, List.of());
        assertThat(translator.translate(dag(https(svh)))).extracting(RouteConfiguration::getName)
                .containsExactly("https/a.com", "ingress_fallbackcert", "ingress_http");
    }
}
