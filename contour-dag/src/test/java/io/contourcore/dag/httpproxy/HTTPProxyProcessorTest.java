package io.contourcore.dag.httpproxy;

import static io.contourcore.dag.httpproxy.ProxyFixtures.build;
import static io.contourcore.dag.httpproxy.ProxyFixtures.caSecret;
import static io.contourcore.dag.httpproxy.ProxyFixtures.child;
import static io.contourcore.dag.httpproxy.ProxyFixtures.crlSecret;
import static io.contourcore.dag.httpproxy.ProxyFixtures.delegation;
import static io.contourcore.dag.httpproxy.ProxyFixtures.include;
import static io.contourcore.dag.httpproxy.ProxyFixtures.opaque;
import static io.contourcore.dag.httpproxy.ProxyFixtures.prefixOf;
import static io.contourcore.dag.httpproxy.ProxyFixtures.root;
import static io.contourcore.dag.httpproxy.ProxyFixtures.route;
import static io.contourcore.dag.httpproxy.ProxyFixtures.routeAll;
import static io.contourcore.dag.httpproxy.ProxyFixtures.routeFor;
import static io.contourcore.dag.httpproxy.ProxyFixtures.routes;
import static io.contourcore.dag.httpproxy.ProxyFixtures.secureVhost;
import static io.contourcore.dag.httpproxy.ProxyFixtures.service;
import static io.contourcore.dag.httpproxy.ProxyFixtures.status;
import static io.contourcore.dag.httpproxy.ProxyFixtures.svc;
import static io.contourcore.dag.httpproxy.ProxyFixtures.tlsSecret;
import static io.contourcore.dag.httpproxy.ProxyFixtures.vhost;
import static io.contourcore.dag.httpproxy.ProxyFixtures.withIncludes;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.httpproxy.ProxyFixtures.RouteSpec;
import io.contourcore.model.ExtensionService;
import io.contourcore.model.HTTPProxy.HeaderMatchCondition;
import io.contourcore.model.HTTPProxy.MatchCondition;
import io.contourcore.model.HTTPProxy.QueryParameterMatchCondition;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.IntOrString;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.Service;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What HTTPProxies become in the DAG: roots, includes, conditions, services, policies, TLS and TCP proxying. */
class HTTPProxyProcessorTest {

    private static final Service HOME = service("default", "home", 80, 8080);

    private static Dag.Route only(BuildResult r, String host) {
        assertThat(routes(r, host)).hasSize(1);
        return routes(r, host).get(0);
    }

    private static Dag.Route built(RouteSpec spec, Object... more) {
        HTTPProxy p = root("default", "p", "example.com", spec.build());
        List<Object> all = new java.util.ArrayList<>(List.of(p, HOME));
        all.addAll(List.of(more));
        BuildResult r = build(all.toArray());
        assertThat(status(r, p).currentStatus()).as(status(r, p).toString()).isEqualTo("valid");
        return only(r, "example.com");
    }

    private static RouteSpec home() {
        return RouteSpec.prefix("/").to(svc("home", 80));
    }

    // ---------------------------------------------------------------- roots and includes

    @Test
    void aRootBecomesAnInsecureVirtualHostWithOneClusterPerService() {
        HTTPProxy p = root("default", "p", "example.com", route("/", svc("home", 80)));
        BuildResult r = build(p, HOME);
        Dag.Route route = only(r, "example.com");
        assertThat(route.pathMatch()).isEqualTo(new Dag.PrefixMatch("/", Dag.PrefixType.STRING));
        assertThat(route.clusters()).hasSize(1);
        Dag.Cluster c = route.clusters().get(0);
        assertThat(c.upstream().name()).isEqualTo("home");
        assertThat(c.upstream().port().port()).isEqualTo(80);
        assertThat(c.timeoutPolicy().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.dnsLookupFamily()).isEqualTo("auto");
        assertThat(c.upstreamTls().minimumProtocolVersion()).isEqualTo("1.2");
        assertThat(route.source()).isEqualTo(p.ref());
        assertThat(route.httpsUpgrade()).isFalse();
        assertThat(secureVhost(r, "example.com")).isEmpty();
    }

    @Test
    void includesConcatenateConditionsAndCollapseDoubleSlashes() {
        HTTPProxy root = withIncludes(root("default", "root", "example.com"), include("team", "api", MatchCondition.prefix("/api/"),
                MatchCondition.header(HeaderMatchCondition.present("x-team"))));
        HTTPProxy api = withIncludes(child("team", "api", route("/v1", svc("api", 80))),
                include("", "deep", MatchCondition.prefix("/deep")));
        HTTPProxy deep = child("team", "deep", route("/leaf", svc("api", 80)));
        BuildResult r = build(root, api, deep, service("team", "api", 80));
        assertThat(routes(r, "example.com")).extracting(ProxyFixtures::prefixOf)
                .containsExactlyInAnyOrder("/api/v1", "/api/deep/leaf");
        Dag.Route v1 = routeFor(r, "example.com", "/api/v1");
        assertThat(v1.headerMatches()).containsExactly(new Dag.HeaderMatch("x-team", "", Dag.HeaderMatchType.PRESENT, false, false, false));
        assertThat(v1.clusters().get(0).upstream().namespace()).isEqualTo("team");
        assertThat(v1.source()).isEqualTo(api.ref());
        assertThat(status(r, deep).currentStatus()).isEqualTo("valid");
    }

    @Test
    void anExactLeafUnderAnIncludeIsAnExactMatchAndAnyRegexMakesARegex() {
        HTTPProxy root = withIncludes(root("default", "root", "example.com"), include("default", "c", MatchCondition.prefix("/api")));
        HTTPProxy c = child("default", "c", route(List.of(MatchCondition.exact("/exact")), svc("home", 80)),
                route(List.of(MatchCondition.regex("/re.*")), svc("home", 80)));
        BuildResult r = build(root, c, HOME);
        assertThat(routes(r, "example.com")).extracting(ProxyFixtures::prefixOf)
                .containsExactlyInAnyOrder("=/api/exact", "~/api/re.*");
    }

    @Test
    void aWildcardFqdnAddsAnAuthorityRegexForOneLabel() {
        HTTPProxy p = root("default", "p", "*.example.com", route("/", svc("home", 80)));
        Dag.Route route = only(build(p, HOME), "*.example.com");
        assertThat(route.headerMatches()).containsExactly(new Dag.HeaderMatch(":authority",
                "^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.example\\.com(:[0-9]+)?", Dag.HeaderMatchType.REGEX, false, false, false));
    }

    @Test
    void laterRoutesWithTheSameConditionsReplaceEarlierOnes() {
        HTTPProxy p = root("default", "p", "example.com", route("/", svc("home", 80)), route("/", svc("other", 80)));
        Dag.Route route = only(build(p, HOME, service("default", "other", 80)), "example.com");
        assertThat(route.clusters().get(0).upstream().name()).isEqualTo("other");
    }

    // ---------------------------------------------------------------- conditions

    @Test
    void everyHeaderConditionFormBecomesItsDagMatch() {
        RouteSpec s = home();
        s.conditions = List.of(
                MatchCondition.header(new HeaderMatchCondition("a", true, false, "", "", false, "", "", "", false)),
                MatchCondition.header(new HeaderMatchCondition("b", false, true, "", "", false, "", "", "", false)),
                MatchCondition.header(new HeaderMatchCondition("c", false, false, "x", "", true, "", "", "", false)),
                MatchCondition.header(new HeaderMatchCondition("d", false, false, "", "x", true, "", "", "", true)),
                MatchCondition.header(new HeaderMatchCondition("e", false, false, "", "", true, "x", "", "", false)),
                MatchCondition.header(new HeaderMatchCondition("f", false, false, "", "", false, "", "x", "", true)),
                MatchCondition.header(new HeaderMatchCondition("g", false, false, "", "", true, "", "", "x.*", false)));
        assertThat(built(s).headerMatches()).containsExactly(
                new Dag.HeaderMatch("a", "", Dag.HeaderMatchType.PRESENT, false, false, false),
                new Dag.HeaderMatch("b", "", Dag.HeaderMatchType.PRESENT, true, false, false),
                new Dag.HeaderMatch("c", "x", Dag.HeaderMatchType.CONTAINS, false, true, false),
                new Dag.HeaderMatch("d", "x", Dag.HeaderMatchType.CONTAINS, true, true, true),
                new Dag.HeaderMatch("e", "x", Dag.HeaderMatchType.EXACT, false, true, false),
                new Dag.HeaderMatch("f", "x", Dag.HeaderMatchType.EXACT, true, false, true),
                new Dag.HeaderMatch("g", "x.*", Dag.HeaderMatchType.REGEX, false, false, false));
    }

    @Test
    void everyQueryParameterFormBecomesItsDagMatch() {
        RouteSpec s = home();
        s.conditions = List.of(
                MatchCondition.queryParameter(new QueryParameterMatchCondition("a", "x", "", "", "", "", true, false)),
                MatchCondition.queryParameter(new QueryParameterMatchCondition("b", "", "x", "", "", "", false, false)),
                MatchCondition.queryParameter(new QueryParameterMatchCondition("c", "", "", "x", "", "", false, false)),
                MatchCondition.queryParameter(new QueryParameterMatchCondition("d", "", "", "", "x.*", "", true, false)),
                MatchCondition.queryParameter(new QueryParameterMatchCondition("e", "", "", "", "", "x", true, false)),
                MatchCondition.queryParameter(new QueryParameterMatchCondition("f", "", "", "", "", "", false, true)));
        assertThat(built(s).queryParamMatches()).containsExactly(
                new Dag.QueryParamMatch("a", "x", Dag.QueryMatchType.EXACT, true),
                new Dag.QueryParamMatch("b", "x", Dag.QueryMatchType.PREFIX, false),
                new Dag.QueryParamMatch("c", "x", Dag.QueryMatchType.SUFFIX, false),
                new Dag.QueryParamMatch("d", "x.*", Dag.QueryMatchType.REGEX, false),
                new Dag.QueryParamMatch("e", "x", Dag.QueryMatchType.CONTAINS, true),
                new Dag.QueryParamMatch("f", "", Dag.QueryMatchType.PRESENT, false));
    }

    // ---------------------------------------------------------------- services

    @Test
    void weightsProtocolsAndHealthPortsAreCarriedToClusters() {
        HTTPProxy.Service a = new HTTPProxy.Service("home", 80, 8080, "h2c", 90, null, false, null, null, List.of(), null);
        RouteSpec s = RouteSpec.prefix("/").to(a, HTTPProxy.Service.weighted("home", 8080, 10));
        s.healthCheckPolicy = new HTTPProxy.HttpHealthCheckPolicy("/hc", "", 5, 2, 3, 1, List.of());
        Dag.Route route = built(s);
        assertThat(route.clusters()).extracting(Dag.Cluster::weight).containsExactly(90, 10);
        assertThat(route.clusters().get(0).protocol()).isEqualTo("h2c");
        assertThat(route.clusters().get(0).upstream().weighted().healthPort().port()).isEqualTo(8080);
        assertThat(route.clusters().get(0).httpHealthCheckPolicy()).isEqualTo(new Dag.HttpHealthCheckPolicy("/hc", "",
                Duration.ofSeconds(5), Duration.ofSeconds(2), 3, 1, List.of()));
    }

    @Test
    void theServiceAnnotationProtocolIsUsedWhenTheProxyNamesNone() {
        Service tls = new Service(ObjectMeta.of("default", "secure").withAnnotation("projectcontour.io/upstream-protocol.tls", "443"),
                "ClusterIP", null, List.of(new Service.Port("https", "TCP", 443, IntOrString.of(8443), null)));
        HTTPProxy p = root("default", "p", "example.com", route("/", svc("secure", 443)));
        assertThat(only(build(p, tls), "example.com").clusters().get(0).protocol()).isEqualTo("tls");
    }

    @Test
    void upstreamValidationCarriesTheCaAndSubjectNamesAndCanUseADelegatedCa() {
        HTTPProxy.Service s = new HTTPProxy.Service("home", 80, 0, "tls", 0, new HTTPProxy.UpstreamValidation("certs/ca", "a.example",
                List.of("a.example", "b.example")), false, null, null, List.of(), null);
        Dag.Route route = built(RouteSpec.prefix("/").to(s), caSecret("certs", "ca"), delegation("certs", "ca", "default"));
        Dag.PeerValidationContext uv = route.clusters().get(0).upstreamValidation();
        assertThat(uv.caCertificates()).extracting(c -> c.ref().namespacedName()).containsExactly("certs/ca");
        assertThat(uv.subjectNames()).containsExactly("a.example", "b.example");
    }

    @Test
    void aMirrorServiceBecomesAMirrorPolicyWithFullWeightByDefault() {
        HTTPProxy.Service m = new HTTPProxy.Service("home", 8080, 0, null, 0, null, true, null, null, List.of(), null);
        Dag.Route route = built(RouteSpec.prefix("/").to(svc("home", 80), m));
        assertThat(route.clusters()).hasSize(1);
        assertThat(route.mirrorPolicies()).hasSize(1);
        assertThat(route.mirrorPolicies().get(0).weight()).isEqualTo(100);
        assertThat(route.mirrorPolicies().get(0).cluster().upstream().port().port()).isEqualTo(8080);
    }

    @Test
    void aSlowStartPolicyIsParsedWithDefaultAggression() {
        HTTPProxy.Service s = new HTTPProxy.Service("home", 80, 0, null, 0, null, false, null, null, List.of(),
                new HTTPProxy.SlowStartPolicy("1m30s", "", 25));
        assertThat(built(RouteSpec.prefix("/").to(s)).clusters().get(0).slowStartConfig())
                .isEqualTo(new Dag.SlowStartConfig(Duration.ofSeconds(90), 1.0, 25));
    }

    @Test
    void globalCircuitBreakersFillOnlyUnsetServiceThresholds() {
        Service annotated = new Service(ObjectMeta.of("default", "cb").withAnnotation("projectcontour.io/max-connections", "7"),
                "ClusterIP", null, List.of(new Service.Port("http", "TCP", 80, null, null)));
        ContourConfig c = new ContourConfig(List.of(), List.of(), null, false, false, false, false, null, List.of(),
                ContourConfig.DEFAULTS.accessLog(), ContourConfig.DEFAULTS.tls(), ContourConfig.DEFAULTS.timeouts(), null, null, false,
                new ContourConfig.ClusterSettings("auto", 0, 0, new ContourConfig.CircuitBreakers(100, 200, 0, 0, 0), "", "", List.of()),
                ContourConfig.DEFAULTS.network(), ContourConfig.DEFAULTS.listener(), null, Map.of());
        HTTPProxy p = root("default", "p", "example.com", route("/", svc("cb", 80)));
        assertThat(only(build(c, p, annotated), "example.com").clusters().get(0).upstream().circuitBreakers())
                .isEqualTo(new Dag.CircuitBreakers(7, 200, 0, 0, 0));
    }

    // ---------------------------------------------------------------- header policies

    @Test
    void headerValuesEscapePercentExceptEnvoyAndContourVariables() {
        RouteSpec s = home();
        s.requestHeaders = new HTTPProxy.HeadersPolicy(List.of(
                new HTTPProxy.HeaderValue("x-literal", "100%"),
                new HTTPProxy.HeaderValue("x-hostname", "%HOSTNAME%"),
                new HTTPProxy.HeaderValue("x-req", "%REQ(X-Foo)%"),
                new HTTPProxy.HeaderValue("x-ns", "%CONTOUR_NAMESPACE%"),
                new HTTPProxy.HeaderValue("x-unknown", "%UNKNOWN%"),
                new HTTPProxy.HeaderValue("x-lua", "\"]]os.execute('rm')--%")), List.of("x-drop", "X-Another"));
        Dag.HeadersPolicy hp = built(s).requestHeadersPolicy();
        assertThat(hp.set()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "X-Literal", "100%%",
                "X-Hostname", "%HOSTNAME%",
                "X-Req", "%REQ(X-Foo)%",
                "X-Ns", "default",
                "X-Unknown", "%%UNKNOWN%%",
                "X-Lua", "\"]]os.execute('rm')--%%"));
        assertThat(hp.remove()).containsExactly("X-Another", "X-Drop");
    }

    @Test
    void serviceHeadersSeeTheServiceNameAndPortAndTheConfiguredDefaults() {
        HTTPProxy.Service s = new HTTPProxy.Service("home", 80, 0, null, 0, null, false,
                new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("x-svc", "%CONTOUR_SERVICE_NAME%:%CONTOUR_SERVICE_PORT%")),
                        List.of()), null, List.of(), null);
        ContourConfig c = new ContourConfig(List.of(), List.of(), null, false, false, false, false, null, List.of(),
                ContourConfig.DEFAULTS.accessLog(), ContourConfig.DEFAULTS.tls(), ContourConfig.DEFAULTS.timeouts(),
                new ContourConfig.HeaderPolicy(Map.of("x-global", "g", "x-svc", "ignored"), List.of("x-gone")), null, false,
                ContourConfig.DEFAULTS.cluster(), ContourConfig.DEFAULTS.network(), ContourConfig.DEFAULTS.listener(), null, Map.of());
        HTTPProxy p = root("default", "p", "example.com", RouteSpec.prefix("/").to(s).build());
        Dag.Cluster cluster = only(build(c, p, HOME), "example.com").clusters().get(0);
        assertThat(cluster.requestHeadersPolicy().set()).containsExactlyInAnyOrderEntriesOf(Map.of("X-Svc", "home:80", "X-Global", "g"));
        assertThat(cluster.requestHeadersPolicy().remove()).containsExactly("X-Gone");
        assertThat(cluster.responseHeadersPolicy()).isNotNull();
    }

    @Test
    void aHostHeaderBecomesAHostRewriteAndTheSni() {
        HTTPProxy.Service s = new HTTPProxy.Service("home", 80, 0, null, 0, null, false,
                new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("Host", "svc.example")), List.of()), null, List.of(), null);
        RouteSpec spec = RouteSpec.prefix("/").to(s);
        spec.requestHeaders = new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("host", "%REQ(x-target)%")), List.of());
        Dag.Route route = built(spec);
        assertThat(route.requestHeadersPolicy().hostRewriteHeader()).isEqualTo("X-Target");
        assertThat(route.requestHeadersPolicy().hostRewrite()).isEmpty();
        assertThat(route.clusters().get(0).requestHeadersPolicy().hostRewrite()).isEqualTo("svc.example");
        assertThat(route.clusters().get(0).sni()).isEqualTo("svc.example");
    }

    @Test
    void cookieRewriteValuesAreKeptAsDataNeverEscapedIntoCode() {
        RouteSpec s = home();
        s.cookies = List.of(new HTTPProxy.CookieRewritePolicy("session", "/\"]] os.execute('x') --", "example.com", true, "Strict"));
        assertThat(built(s).cookieRewritePolicies()).containsExactly(
                new Dag.CookieRewritePolicy("session", "/\"]] os.execute('x') --", "example.com", true, "Strict"));
    }

    // ---------------------------------------------------------------- route policies

    @Test
    void timeoutsParseGoDurationsAndInfinity() {
        RouteSpec s = home();
        s.timeoutPolicy = new HTTPProxy.TimeoutPolicy("1m30s", "infinity", "0s");
        Dag.Route route = built(s);
        assertThat(route.timeoutPolicy()).isEqualTo(new Dag.RouteTimeoutPolicy(Timeout.of(Duration.ofSeconds(90)), Timeout.DISABLED));
        assertThat(route.clusters().get(0).timeoutPolicy().idleConnectionTimeout()).isEqualTo(Timeout.UNSET);
    }

    @Test
    void retryCountsFollowUpstreamsSpecialCases() {
        RouteSpec s = home();
        s.retryPolicy = new HTTPProxy.RetryPolicy(-1, "250ms", List.of(), List.of());
        assertThat(built(s).retryPolicy()).isEqualTo(new Dag.RetryPolicy("5xx", List.of(), 0, Timeout.of(Duration.ofMillis(250))));
        s.retryPolicy = new HTTPProxy.RetryPolicy(0, "infinity", List.of("reset", "retriable-status-codes"), List.of(503L));
        assertThat(built(s).retryPolicy()).isEqualTo(new Dag.RetryPolicy("reset,retriable-status-codes", List.of(503), 1, Timeout.UNSET));
        s.retryPolicy = new HTTPProxy.RetryPolicy(7, "", List.of(), List.of());
        assertThat(built(s).retryPolicy().numRetries()).isEqualTo(7);
    }

    @Test
    void cookieLoadBalancingHashesOnContoursAffinityCookie() {
        RouteSpec s = home();
        s.loadBalancerPolicy = new HTTPProxy.LoadBalancerPolicy("Cookie", List.of());
        Dag.Route route = built(s);
        assertThat(route.requestHashPolicies()).containsExactly(
                new Dag.RequestHashPolicy(false, null, "X-Contour-Session-Affinity", Duration.ZERO, "/", false, null));
        assertThat(route.clusters().get(0).loadBalancerPolicy()).isEqualTo("Cookie");
    }

    @Test
    void requestHashPoliciesCanonicaliseHeadersAndLowerCaseParameters() {
        RouteSpec s = home();
        s.loadBalancerPolicy = new HTTPProxy.LoadBalancerPolicy("RequestHash", List.of(
                new HTTPProxy.RequestHashPolicy(true, new HTTPProxy.HeaderHashOptions("x-user"), null, false),
                new HTTPProxy.RequestHashPolicy(false, null, new HTTPProxy.QueryParameterHashOptions("Session"), false),
                new HTTPProxy.RequestHashPolicy(false, null, null, true)));
        assertThat(built(s).requestHashPolicies()).containsExactly(
                new Dag.RequestHashPolicy(true, "X-User", null, null, null, false, null),
                new Dag.RequestHashPolicy(false, null, null, null, null, false, "session"),
                new Dag.RequestHashPolicy(false, null, null, null, null, true, null));
    }

    @Test
    void aLonePrefixRewriteGetsATrailingSlashTwin() {
        RouteSpec s = RouteSpec.prefix("/foo").to(svc("home", 80));
        s.pathRewritePolicy = new HTTPProxy.PathRewritePolicy(List.of(new HTTPProxy.ReplacePrefix("", "/bar")));
        HTTPProxy p = root("default", "p", "example.com", s.build());
        BuildResult r = build(p, HOME);
        assertThat(routeFor(r, "example.com", "/foo").pathRewritePolicy().prefixRewrite()).isEqualTo("/bar");
        assertThat(routeFor(r, "example.com", "/foo/").pathRewritePolicy().prefixRewrite()).isEqualTo("/bar/");
    }

    @Test
    void aReplacementToRootBecomesSlashOnBothTwins() {
        RouteSpec s = RouteSpec.prefix("/foo/").to(svc("home", 80));
        s.pathRewritePolicy = new HTTPProxy.PathRewritePolicy(List.of(new HTTPProxy.ReplacePrefix("/foo/", "/")));
        HTTPProxy p = root("default", "p", "example.com", s.build());
        BuildResult r = build(p, HOME);
        assertThat(routeFor(r, "example.com", "/foo").pathRewritePolicy().prefixRewrite()).isEqualTo("/");
        assertThat(routeFor(r, "example.com", "/foo/").pathRewritePolicy().prefixRewrite()).isEqualTo("/");
    }

    @Test
    void redirectDirectResponseAndInternalRedirectAreCarried() {
        RouteSpec redirect = RouteSpec.prefix("/");
        redirect.redirect = new HTTPProxy.RequestRedirectPolicy("https", "other.example", 8443, 301, null, "/new");
        Dag.Route r = built(redirect);
        assertThat(r.redirect()).isEqualTo(new Dag.Redirect("other.example", "https", 8443, 301, new Dag.PathRewritePolicy("/new", "", "")));
        assertThat(r.directResponse()).isNull();
        redirect.redirect = new HTTPProxy.RequestRedirectPolicy(null, null, null, null, "/moved", null);
        assertThat(built(redirect).redirect()).isEqualTo(new Dag.Redirect("", "", 0, 302, new Dag.PathRewritePolicy("", "/moved", "")));
        RouteSpec direct = RouteSpec.prefix("/");
        direct.direct = new HTTPProxy.DirectResponsePolicy(418, "teapot");
        assertThat(built(direct).directResponse()).isEqualTo(new Dag.DirectResponse(418, "teapot"));
        RouteSpec internal = home();
        internal.internalRedirect = new HTTPProxy.InternalRedirectPolicy(3, List.of(302), "SafeOnly", true);
        assertThat(built(internal).internalRedirectPolicy()).isEqualTo(new Dag.InternalRedirectPolicy(3, List.of(302), "safeOnly", true));
    }

    @Test
    void websocketsAndLocalAndGlobalRateLimitsAreCarried() {
        RouteSpec s = home();
        s.websockets = true;
        s.rateLimitPolicy = new HTTPProxy.RateLimitPolicy(
                new HTTPProxy.LocalRateLimitPolicy(10, "minute", 5, 429, List.of(new HTTPProxy.HeaderValue("x-limited", "1%"))),
                new HTTPProxy.GlobalRateLimitPolicy(false, List.of(new HTTPProxy.RateLimitDescriptor(List.of(
                        new HTTPProxy.RateLimitDescriptorEntry(new HTTPProxy.GenericKeyDescriptor("k", "v"), null, null, false),
                        new HTTPProxy.RateLimitDescriptorEntry(null, new HTTPProxy.RequestHeaderDescriptor("x-h", "hk"), null, false),
                        new HTTPProxy.RateLimitDescriptorEntry(null, null, null, true))))));
        Dag.Route r = built(s);
        assertThat(r.websocket()).isTrue();
        assertThat(r.rateLimitPolicy().local()).isEqualTo(new Dag.LocalRateLimitPolicy(15, 10, Duration.ofMinutes(1), 429,
                Map.of("X-Limited", "1%%")));
        List<Dag.RateLimitDescriptorEntry> entries = r.rateLimitPolicy().global().descriptors().get(0).entries();
        assertThat(entries.get(0).genericKeyValue()).isEqualTo("v");
        assertThat(entries.get(1).headerName()).isEqualTo("x-h");
        assertThat(entries.get(2).remoteAddress()).isTrue();
        assertThat(r.rateLimitPerRoute()).isNull();
    }

    @Test
    void disablingTheGlobalRateLimitIgnoresTheVirtualHostsLimits() {
        RouteSpec s = home();
        s.rateLimitPolicy = new HTTPProxy.RateLimitPolicy(null, new HTTPProxy.GlobalRateLimitPolicy(true, List.of()));
        Dag.Route r = built(s);
        assertThat(r.rateLimitPerRoute()).isEqualTo(Dag.VhRateLimits.IGNORE);
        assertThat(r.rateLimitPolicy()).isNull();
    }

    @Test
    void routeIpFiltersNormaliseBareAddressesToNetworks() {
        RouteSpec s = home();
        s.deny = List.of(new HTTPProxy.IpFilterPolicy("Peer", "10.1.2.3"), new HTTPProxy.IpFilterPolicy("Remote", "10.1.2.3/8"),
                new HTTPProxy.IpFilterPolicy("Peer", "2001:DB8::1"), new HTTPProxy.IpFilterPolicy("Remote", "2001:db8:0:0:1::/64"));
        Dag.Route r = built(s);
        assertThat(r.ipFilterAllow()).isFalse();
        assertThat(r.ipFilterRules()).containsExactly(new Dag.IpFilterRule(false, "10.1.2.3/32"), new Dag.IpFilterRule(true, "10.0.0.0/8"),
                new Dag.IpFilterRule(false, "2001:db8::1/128"), new Dag.IpFilterRule(true, "2001:db8::/64"));
    }

    @Test
    void virtualHostCorsRateLimitAndIpAllowGoOnTheVirtualHost() {
        HTTPProxy p = root("default", "p", new HTTPProxy.VirtualHost("example.com", null, null,
                new HTTPProxy.CorsPolicy(true, List.of("https://a.example", "https://.*\\.b\\.example", "*"), List.of("GET"),
                        List.of("x-a"), List.of(), "10m", true),
                new HTTPProxy.RateLimitPolicy(new HTTPProxy.LocalRateLimitPolicy(1, "second", 0, 0, List.of()), null), List.of(),
                List.of(new HTTPProxy.IpFilterPolicy("Remote", "192.168.0.0/16")), List.of()),
                List.of(route("/", svc("home", 80))), List.of(), null);
        Dag.VirtualHost vh = vhost(build(p, HOME), "example.com").orElseThrow();
        assertThat(vh.corsPolicy().allowOrigin()).containsExactly(new Dag.CorsAllowOrigin(Dag.CorsOriginType.EXACT, "https://a.example"),
                new Dag.CorsAllowOrigin(Dag.CorsOriginType.REGEX, "https://.*\\.b\\.example"),
                new Dag.CorsAllowOrigin(Dag.CorsOriginType.EXACT, "*"));
        assertThat(vh.corsPolicy().maxAge()).isEqualTo(Timeout.of(Duration.ofMinutes(10)));
        assertThat(vh.corsPolicy().allowPrivateNetwork()).isTrue();
        assertThat(vh.rateLimitPolicy().local().maxTokens()).isEqualTo(1);
        assertThat(vh.ipFilterAllow()).isTrue();
        assertThat(vh.ipFilterRules()).containsExactly(new Dag.IpFilterRule(true, "192.168.0.0/16"));
    }

    // ---------------------------------------------------------------- TLS

    @Test
    void aTlsRootServesRoutesOnBothListenersAndRedirectsPlainHttp() {
        HTTPProxy p = root("default", "p", HTTPProxy.VirtualHost.of("example.com", new HTTPProxy.Tls("tls", "1.3", "", false, null, false)),
                List.of(route("/", svc("home", 80)), RouteSpec.prefix("/open").to(svc("home", 80)).build()), List.of(), null);
        HTTPProxy.Route insecure = new HTTPProxy.Route(List.of(MatchCondition.prefix("/plain")), List.of(svc("home", 80)), false, true,
                null, null, null, null, null, null, null, null, List.of(), null, null, null, null, null, List.of(), List.of());
        p = root("default", "p", p.spec().virtualhost(), List.of(route("/", svc("home", 80)), insecure), List.of(), null);
        BuildResult r = build(p, HOME, tlsSecret("default", "tls"));
        assertThat(status(r, p).tlsSecret()).isEqualTo("tls");
        Dag.SecureVirtualHost svh = secureVhost(r, "example.com").orElseThrow();
        assertThat(svh.secret().ref().namespacedName()).isEqualTo("default/tls");
        assertThat(svh.minTlsVersion()).isEqualTo("1.3");
        assertThat(svh.maxTlsVersion()).isEqualTo("1.3");
        assertThat(routeFor(r, "example.com", "/").httpsUpgrade()).isTrue();
        assertThat(routeFor(r, "example.com", "/plain").httpsUpgrade()).isFalse();
        assertThat(svh.virtualHost().routes()).containsExactlyInAnyOrderElementsOf(routes(r, "example.com"));
    }

    @Test
    void headerValueMatchDescriptorsCarryTheirHeaderConditions() {
        RouteSpec s = home();
        s.rateLimitPolicy = new HTTPProxy.RateLimitPolicy(null, new HTTPProxy.GlobalRateLimitPolicy(false, List.of(
                new HTTPProxy.RateLimitDescriptor(List.of(new HTTPProxy.RateLimitDescriptorEntry(null, null,
                        new HTTPProxy.RequestHeaderValueMatchDescriptor(List.of(HeaderMatchCondition.exact("x-plan", "free")), true,
                                "free-plan"), false))))));
        Dag.RateLimitDescriptorEntry e = built(s).rateLimitPolicy().global().descriptors().get(0).entries().get(0);
        assertThat(e.headerValueMatchValue()).isEqualTo("free-plan");
        assertThat(e.headerValueMatchExpect()).isTrue();
        assertThat(e.headerValueMatchHeaders()).containsExactly(
                new Dag.HeaderMatch("x-plan", "free", Dag.HeaderMatchType.EXACT, false, false, false));
    }

    @Test
    void secureVirtualHostsRepeatTheVirtualHostPolicies() {
        HTTPProxy p = root("default", "p", new HTTPProxy.VirtualHost("example.com", HTTPProxy.Tls.secret("tls"), null,
                new HTTPProxy.CorsPolicy(false, List.of("*"), List.of("GET"), List.of(), List.of(), "", false), null, List.of(),
                List.of(), List.of(new HTTPProxy.IpFilterPolicy("Peer", "10.0.0.1"))), List.of(route("/", svc("home", 80))), List.of(), null);
        Dag.SecureVirtualHost svh = secureVhost(build(p, HOME, tlsSecret("default", "tls")), "example.com").orElseThrow();
        assertThat(svh.virtualHost().corsPolicy().allowMethods()).containsExactly("GET");
        assertThat(svh.virtualHost().ipFilterAllow()).isFalse();
        assertThat(svh.virtualHost().ipFilterRules()).containsExactly(new Dag.IpFilterRule(false, "10.0.0.1/32"));
    }

    @Test
    void disablePermitInsecureRedirectsEveryRoute() {
        HTTPProxy.Route insecure = new HTTPProxy.Route(List.of(), List.of(svc("home", 80)), false, true, null, null, null, null, null,
                null, null, null, List.of(), null, null, null, null, null, List.of(), List.of());
        HTTPProxy p = root("default", "p", HTTPProxy.VirtualHost.of("example.com", HTTPProxy.Tls.secret("tls")), List.of(insecure),
                List.of(), null);
        ContourConfig c = new ContourConfig(List.of(), List.of(), null, false, true, false, false, null, List.of(),
                ContourConfig.DEFAULTS.accessLog(), ContourConfig.DEFAULTS.tls(), ContourConfig.DEFAULTS.timeouts(), null, null, false,
                ContourConfig.DEFAULTS.cluster(), ContourConfig.DEFAULTS.network(), ContourConfig.DEFAULTS.listener(), null, Map.of());
        assertThat(only(build(c, p, HOME, tlsSecret("default", "tls")), "example.com").httpsUpgrade()).isTrue();
    }

    @Test
    void aDelegatedSecretFromAnotherNamespaceIsUsed() {
        HTTPProxy p = root("default", "p", HTTPProxy.VirtualHost.of("example.com", HTTPProxy.Tls.secret("certs/wildcard")),
                List.of(route("/", svc("home", 80))), List.of(), null);
        BuildResult r = build(p, HOME, tlsSecret("certs", "wildcard"), delegation("certs", "wildcard", "*"));
        assertThat(secureVhost(r, "example.com").orElseThrow().secret().ref().namespacedName()).isEqualTo("certs/wildcard");
    }

    @Test
    void clientValidationCarriesCaCrlAndForwardingChoices() {
        HTTPProxy.DownstreamValidation cv = new HTTPProxy.DownstreamValidation("ca", false,
                new HTTPProxy.ClientCertificateDetails(true, false, true, false, true), "crl", true, true);
        HTTPProxy p = root("default", "p", HTTPProxy.VirtualHost.of("example.com", new HTTPProxy.Tls("tls", "", "", false, cv, false)),
                List.of(route("/", svc("home", 80))), List.of(), null);
        BuildResult r = build(p, HOME, tlsSecret("default", "tls"), caSecret("default", "ca"), crlSecret("default", "crl"));
        Dag.PeerValidationContext dv = secureVhost(r, "example.com").orElseThrow().downstreamValidation();
        assertThat(dv.caCertificates()).extracting(s -> s.name()).containsExactly("ca");
        assertThat(dv.crl().name()).isEqualTo("crl");
        assertThat(dv.onlyVerifyLeafCertCrl()).isTrue();
        assertThat(dv.optionalClientCertificate()).isTrue();
        assertThat(dv.forwardClientCertificate()).isEqualTo(new Dag.ClientCertificateDetails(true, false, true, false, true));
    }

    @Test
    void skippingClientValidationNeedsNoCa() {
        HTTPProxy.DownstreamValidation cv = new HTTPProxy.DownstreamValidation("", true, null, "", false, false);
        HTTPProxy p = root("default", "p", HTTPProxy.VirtualHost.of("example.com", new HTTPProxy.Tls("tls", "", "", false, cv, false)),
                List.of(route("/", svc("home", 80))), List.of(), null);
        BuildResult r = build(p, HOME, tlsSecret("default", "tls"));
        assertThat(status(r, p).currentStatus()).isEqualTo("valid");
        Dag.PeerValidationContext dv = secureVhost(r, "example.com").orElseThrow().downstreamValidation();
        assertThat(dv.skipClientCertValidation()).isTrue();
        assertThat(dv.caCertificates()).isEmpty();
    }

    @Test
    void theFallbackCertificateComesFromTheConfigurationWhenDelegated() {
        ContourConfig c = ContourConfig.DEFAULTS.toBuilder().tls(new ContourConfig.Tls("", "", List.of(), List.of(),
                new ContourConfig.NamespacedName("admin", "fallback"), null)).build();
        HTTPProxy p = root("default", "p", HTTPProxy.VirtualHost.of("example.com", new HTTPProxy.Tls("tls", "", "", false, null, true)),
                List.of(route("/", svc("home", 80))), List.of(), null);
        BuildResult r = build(c, p, HOME, tlsSecret("default", "tls"), tlsSecret("admin", "fallback"), delegation("admin", "fallback", "*"));
        assertThat(secureVhost(r, "example.com").orElseThrow().fallbackCertificate().ref().namespacedName()).isEqualTo("admin/fallback");
    }

    @Test
    void passthroughWithTcpProxyKeepsPlainRoutesOnHttp() {
        HTTPProxy p = root("default", "p", HTTPProxy.VirtualHost.of("example.com", HTTPProxy.Tls.passthroughOnly()),
                List.of(route("/", svc("home", 80))), List.of(),
                HTTPProxy.TcpProxy.to(List.of(HTTPProxy.Service.weighted("home", 8080, 3), HTTPProxy.Service.weighted("home", 80, 1))));
        BuildResult r = build(p, HOME);
        Dag.SecureVirtualHost svh = secureVhost(r, "example.com").orElseThrow();
        assertThat(svh.secret()).isNull();
        assertThat(svh.tcpProxy().clusters()).extracting(Dag.Cluster::weight).containsExactly(3, 1);
        assertThat(svh.virtualHost().routes()).isEmpty();
        assertThat(only(r, "example.com").httpsUpgrade()).isTrue();
    }

    @Test
    void aTcpProxyIncludeFollowsToTheChildsServicesAndClearsItsOrphanMark() {
        HTTPProxy p = root("default", "p", HTTPProxy.VirtualHost.of("example.com", HTTPProxy.Tls.secret("tls")), List.of(), List.of(),
                new HTTPProxy.TcpProxy(null, List.of(), null, new HTTPProxy.TcpProxyInclude("backend", "team"), null));
        HTTPProxy backend = new HTTPProxy(ObjectMeta.of("team", "backend"), new HTTPProxy.Spec(null, List.of(),
                new HTTPProxy.TcpProxy(null, List.of(svc("db", 5432)), null, null, new HTTPProxy.TcpHealthCheckPolicy(10, 2, 3, 2)),
                List.of(), ""));
        BuildResult r = build(p, backend, tlsSecret("default", "tls"), service("team", "db", 5432));
        assertThat(status(r, backend).currentStatus()).isEqualTo("valid");
        Dag.Cluster c = secureVhost(r, "example.com").orElseThrow().tcpProxy().clusters().get(0);
        assertThat(c.upstream().namespace()).isEqualTo("team");
        assertThat(c.tcpHealthCheckPolicy()).isEqualTo(new Dag.TcpHealthCheckPolicy(Duration.ofSeconds(10), Duration.ofSeconds(2), 3, 2));
    }

    // ---------------------------------------------------------------- authorization and JWT

    @Test
    void externalAuthorizationUsesTheExtensionClusterAndRoutesInheritItsPolicy() {
        ExtensionService ext = new ExtensionService(ObjectMeta.of("auth", "authz"), new ExtensionService.Spec(
                List.of(new ExtensionService.Target("authz", 9443, 0)), null, "h2c", null,
                new HTTPProxy.TimeoutPolicy("3s", "", ""), "", null));
        HTTPProxy.AuthorizationServer auth = new HTTPProxy.AuthorizationServer(new HTTPProxy.ExtensionServiceReference("", "auth", "authz"),
                "", null, new HTTPProxy.AuthorizationPolicy(false, Map.of("tier", "gold", "team", "a")), "", true,
                new HTTPProxy.AuthorizationServerBufferSettings(0, true, false));
        RouteSpec open = RouteSpec.prefix("/public").to(svc("home", 80));
        open.authPolicy = new HTTPProxy.AuthorizationPolicy(true, Map.of("team", "b"));
        HTTPProxy p = root("default", "p", new HTTPProxy.VirtualHost("example.com", HTTPProxy.Tls.secret("tls"), auth, null, null,
                List.of(), List.of(), List.of()), List.of(route("/", svc("home", 80)), open.build()), List.of(), null);
        BuildResult r = build(p, HOME, tlsSecret("default", "tls"), ext, service("auth", "authz", 9443));
        Dag.ExternalAuthorization ea = secureVhost(r, "example.com").orElseThrow().externalAuthorization();
        assertThat(ea.authorizationService().name()).isEqualTo("extension/auth/authz");
        assertThat(ea.responseTimeout()).isEqualTo(Timeout.of(Duration.ofSeconds(3)));
        assertThat(ea.failOpen()).isTrue();
        assertThat(ea.withRequestBody()).isEqualTo(new Dag.AuthorizationServerBufferSettings(1024, true, false));
        assertThat(ea.serviceApiType()).isEqualTo(Dag.AuthorizationServiceType.GRPC);
        Dag.Route root = routeFor(r, "example.com", "/");
        assertThat(root.authDisabled()).isFalse();
        assertThat(root.authContext()).containsExactlyInAnyOrderEntriesOf(Map.of("tier", "gold", "team", "a"));
        Dag.Route pub = routeFor(r, "example.com", "/public");
        assertThat(pub.authDisabled()).isTrue();
        assertThat(pub.authContext()).containsExactlyInAnyOrderEntriesOf(Map.of("tier", "gold", "team", "b"));
    }

    @Test
    void jwtProvidersAreInstalledAndRoutesDefaultToTheDefaultProvider() {
        HTTPProxy.JwtProvider local = new HTTPProxy.JwtProvider("local", true, "iss", List.of("aud"), null,
                new HTTPProxy.LocalJwks("jwks", "keys.json"), true);
        HTTPProxy.JwtProvider remote = new HTTPProxy.JwtProvider("remote", false, "", List.of(),
                new HTTPProxy.RemoteJwks("https://idp.example:8443/jwks.json", null, "5s", "1h", ""), null, false);
        RouteSpec off = RouteSpec.prefix("/off").to(svc("home", 80));
        off.jwt = new HTTPProxy.JwtVerificationPolicy("", true);
        RouteSpec other = RouteSpec.prefix("/remote").to(svc("home", 80));
        other.jwt = new HTTPProxy.JwtVerificationPolicy("remote", false);
        HTTPProxy p = root("default", "p", new HTTPProxy.VirtualHost("example.com", HTTPProxy.Tls.secret("tls"), null, null, null,
                List.of(local, remote), List.of(), List.of()), List.of(route("/", svc("home", 80)), off.build(), other.build()), List.of(), null);
        BuildResult r = build(p, HOME, tlsSecret("default", "tls"), opaque("default", "jwks", "keys.json", "{\"keys\":[{\"kty\":\"RSA\"}]}"));
        assertThat(status(r, p).currentStatus()).as(status(r, p).toString()).isEqualTo("valid");
        List<Dag.JwtProvider> providers = secureVhost(r, "example.com").orElseThrow().jwtProviders();
        assertThat(providers).extracting(Dag.JwtProvider::name).containsExactly("local", "remote");
        assertThat(providers.get(0).localJwks().asUtf8()).contains("RSA");
        Dag.RemoteJwks rj = providers.get(1).remoteJwks();
        assertThat(rj.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(rj.cacheDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(rj.cluster()).extracting(Dag.DnsNameCluster::address, Dag.DnsNameCluster::scheme, Dag.DnsNameCluster::port,
                Dag.DnsNameCluster::dnsLookupFamily).containsExactly("idp.example", "https", 8443, "auto");
        assertThat(routeFor(r, "example.com", "/").jwtProvider()).isEqualTo("local");
        assertThat(routeFor(r, "example.com", "/off").jwtProvider()).isEmpty();
        assertThat(routeFor(r, "example.com", "/remote").jwtProvider()).isEqualTo("remote");
    }

    // ---------------------------------------------------------------- helpers under test

    @Test
    void prefixOfNamesEachPathKind() {
        assertThat(prefixOf(Dag.Route.builder(new Dag.ExactMatch("/x"), null).build())).isEqualTo("=/x");
    }

    @Test
    void aRouteWithNoConditionsMatchesEverything() {
        HTTPProxy p = root("default", "p", "example.com", routeAll(svc("home", 80)));
        assertThat(prefixOf(only(build(p, HOME), "example.com"))).isEqualTo("/");
    }

    @Test
    void configuredIngressClassesSelectProxiesBySpecFieldOrAnnotation() {
        HTTPProxy bySpec = new HTTPProxy(ObjectMeta.of("default", "a"), new HTTPProxy.Spec(HTTPProxy.VirtualHost.of("a.example"),
                List.of(route("/", svc("home", 80))), null, List.of(), "internal"));
        HTTPProxy byAnnotation = new HTTPProxy(ObjectMeta.of("default", "b").withAnnotation("kubernetes.io/ingress.class", "internal"),
                new HTTPProxy.Spec(HTTPProxy.VirtualHost.of("b.example"), List.of(route("/", svc("home", 80))), null, List.of(), "other"));
        HTTPProxy unclassed = root("default", "c", "c.example", route("/", svc("home", 80)));
        BuildResult r = build(ContourConfig.DEFAULTS.toBuilder().ingressClassNames(List.of("internal")).build(), bySpec, byAnnotation, unclassed, HOME);
        assertThat(vhost(r, "a.example")).isPresent();
        assertThat(vhost(r, "b.example")).isPresent();
        assertThat(vhost(r, "c.example")).isEmpty();
        assertThat(status(r, unclassed).currentStatus()).isEqualTo("ignored");
    }

    @Test
    void anExternalNameServiceNeedsEnablingAndThenSetsTheSni() {
        Service external = new Service(ObjectMeta.of("default", "ext"), "ExternalName", "api.example.net",
                List.of(new Service.Port("https", "TCP", 443, null, null)));
        HTTPProxy p = root("default", "p", "example.com", route("/", svc("ext", 443)));
        BuildResult off = build(p, external);
        assertThat(ProxyFixtures.errors(off, p).get(0).message()).isEqualTo("Spec.Routes unresolved service reference: default/ext is an "
                + "ExternalName service, these are not currently enabled. See the config.enableExternalNameService config file setting");
        BuildResult on = build(ContourConfig.DEFAULTS.toBuilder().enableExternalNameService(true).build(), p, external);
        Dag.Cluster c = only(on, "example.com").clusters().get(0);
        assertThat(c.upstream().externalName()).isEqualTo("api.example.net");
        assertThat(c.sni()).isEqualTo("api.example.net");
    }

    @Test
    void theEnvoyClientCertificateIsAttachedToEveryClusterAndMustBeValid() {
        ContourConfig c = ContourConfig.DEFAULTS.toBuilder().tls(new ContourConfig.Tls("", "", List.of(), List.of(), null,
                new ContourConfig.NamespacedName("admin", "client"))).build();
        HTTPProxy p = root("default", "p", "example.com", route("/", svc("home", 80)));
        BuildResult ok = build(c, p, HOME, tlsSecret("admin", "client"));
        assertThat(only(ok, "example.com").clusters().get(0).clientCertificate().ref().namespacedName()).isEqualTo("admin/client");
        BuildResult missing = build(c, p, HOME);
        assertThat(ProxyFixtures.errors(missing, p)).containsExactly(new io.contourcore.dag.status.SubCondition("TLSError",
                "SecretNotValid", "tls.envoy-client-certificate Secret \"admin/client\" is invalid: Secret not found"));
    }
}
