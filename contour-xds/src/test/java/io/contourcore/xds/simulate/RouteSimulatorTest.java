package io.contourcore.xds.simulate;

import static io.contourcore.xds.simulate.Fixtures.API;
import static io.contourcore.xds.simulate.Fixtures.KUARD;
import static io.contourcore.xds.simulate.Fixtures.WEB;
import static io.contourcore.xds.simulate.Fixtures.add;
import static io.contourcore.xds.simulate.Fixtures.cluster;
import static io.contourcore.xds.simulate.Fixtures.exact;
import static io.contourcore.xds.simulate.Fixtures.get;
import static io.contourcore.xds.simulate.Fixtures.header;
import static io.contourcore.xds.simulate.Fixtures.path;
import static io.contourcore.xds.simulate.Fixtures.prefix;
import static io.contourcore.xds.simulate.Fixtures.regex;
import static io.contourcore.xds.simulate.Fixtures.routeConfig;
import static io.contourcore.xds.simulate.Fixtures.sim;
import static io.contourcore.xds.simulate.Fixtures.to;
import static io.contourcore.xds.simulate.Fixtures.vhost;
import static io.contourcore.xds.simulate.Fixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.Int64Range;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouteSimulatorTest {

    private static RouteSimulator contour() {
        RouteConfiguration http = routeConfig("ingress_http",
                vhost("foo.example.com", to(prefix("/api"), API), to(prefix("/"), KUARD)));
        RouteConfiguration https = routeConfig("https/secure.example.com",
                vhost("secure.example.com", to(prefix("/"), WEB)));
        RouteConfiguration wild = routeConfig("https/*.wild.example.com",
                vhost("*.wild.example.com", to(prefix("/"), API)));
        Listener l = Fixtures.ingressHttps(Fixtures.tlsChain("secure.example.com"), Fixtures.tlsChain("*.wild.example.com"),
                Fixtures.tcpProxyChain("tcp.example.com", KUARD));
        return new RouteSimulator(new XdsResources(List.of(Fixtures.ingressHttp(), l), List.of(http, https, wild),
                List.of(cluster(KUARD), cluster(API), cluster(WEB)), List.of(), List.of()));
    }

    @Nested
    class ListenersAndFilterChains {

        @Test
        void anHttpRequestGoesThroughIngressHttpOn8080() {
            Decision d = contour().route(Request.parse("GET http://foo.example.com/api/v1?x=1"));
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.ROUTED);
            assertThat(d.listener()).isEqualTo("ingress_http");
            assertThat(d.routeConfiguration()).isEqualTo("ingress_http");
            assertThat(d.virtualHost()).isEqualTo("foo.example.com");
            assertThat(d.routeIndex()).isZero();
            assertThat(d.cluster()).isEqualTo(API);
        }

        @Test
        void anHttpsRequestGoesThroughIngressHttpsAndTheChainNamingItsServer() {
            Decision d = contour().route(Request.parse("https://secure.example.com/"));
            assertThat(d.listener()).isEqualTo("ingress_https");
            assertThat(d.filterChain()).contains("server_names [secure.example.com]");
            assertThat(d.routeConfiguration()).isEqualTo("https/secure.example.com");
            assertThat(d.cluster()).isEqualTo(WEB);
        }

        @Test
        void aWildcardServerNameTakesAnySubdomain() {
            Decision d = contour().route(Request.parse("https://a.b.wild.example.com/"));
            assertThat(d.filterChain()).contains("*.wild.example.com");
            assertThat(d.cluster()).isEqualTo(API);
        }

        @Test
        void anUnknownServerNameFindsNoFilterChain() {
            Decision d = contour().route(Request.parse("https://nope.example.com/"));
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_FILTER_CHAIN);
            assertThat(d.listener()).isEqualTo("ingress_https");
        }

        @Test
        void aChainWithoutServerNamesIsTheFallbackForUnknownNames() {
            FilterChain fallback = FilterChain.newBuilder()
                    .setFilterChainMatch(FilterChainMatch.newBuilder().setTransportProtocol("tls"))
                    .setTransportSocket(Fixtures.tls())
                    .addFilters(Fixtures.hcm("ingress_fallbackcert"))
                    .build();
            Listener l = Fixtures.ingressHttps(Fixtures.tlsChain("secure.example.com"), fallback);
            RouteSimulator sim = new RouteSimulator(new XdsResources(List.of(l),
                    List.of(routeConfig("ingress_fallbackcert", vhost("nope.example.com", to(prefix("/"), KUARD))),
                            routeConfig("https/secure.example.com", vhost("secure.example.com", to(prefix("/"), WEB)))),
                    List.of(), List.of(), List.of()));
            assertThat(sim.route(Request.parse("https://nope.example.com/")).cluster()).isEqualTo(KUARD);
            assertThat(sim.route(Request.parse("https://secure.example.com/")).cluster()).isEqualTo(WEB);
        }

        @Test
        void aPortInTheAuthorityChoosesTheListenerWithThatPort() {
            Decision d = contour().route(Request.parse("http://secure.example.com:8443/"));
            assertThat(d.listener()).isEqualTo("ingress_https");
            // plaintext to the TLS listener: no server name is seen, so no chain matches
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_FILTER_CHAIN);
        }

        @Test
        void aPortNoListenerHasFallsBackToTheScheme() {
            Decision d = contour().route(Request.parse("http://foo.example.com:80/"));
            assertThat(d.listener()).isEqualTo("ingress_http");
            assertThat(d.cluster()).isEqualTo(KUARD);
        }

        @Test
        void aHostHeaderChoosesTheVirtualHostWhileTheUrlChoosesTheConnection() {
            Decision d = contour().route(Request.parse("https://secure.example.com/").withHeaders(List.of(Header.parse("Host: other.example.com"))));
            assertThat(d.filterChain()).contains("secure.example.com");
            assertThat(d.requestHeader(":authority")).hasValue("other.example.com");
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_VIRTUAL_HOST);
        }

        @Test
        void contoursMisdirectedRequestCheckAnswers421WhenTheHostIsNotTheServerName() {
            String lua = """
                    function envoy_on_request(request_handle)
                    	local headers = request_handle:headers()
                    	local host = string.lower(headers:get(":authority"))
                    	local target = "secure.example.com"
                    	s, e = string.find(host, ":", 1, true)
                    	if s ~= nil then
                    		host = string.sub(host, 1, s - 1)
                    	end
                    	if host ~= target then
                    		request_handle:respond({[":status"] = "421"}, string.format("misdirected request to %q", host))
                    	end
                    end
                    """;
            HttpConnectionManager hcm = HttpConnectionManager.newBuilder().setStatPrefix("ingress_https")
                    .setRds(io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds.newBuilder()
                            .setRouteConfigName("https/secure.example.com"))
                    .addHttpFilters(io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter.newBuilder()
                            .setName("envoy.filters.http.lua")
                            .setTypedConfig(Any.pack(io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua.newBuilder()
                                    .setDefaultSourceCode(io.envoyproxy.envoy.config.core.v3.DataSource.newBuilder().setInlineString(lua)).build())))
                    .build();
            FilterChain chain = Fixtures.tlsChain("secure.example.com").toBuilder().clearFilters()
                    .addFilters(Filter.newBuilder().setName("envoy.filters.network.http_connection_manager").setTypedConfig(Any.pack(hcm))).build();
            RouteSimulator sim = new RouteSimulator(new XdsResources(List.of(Fixtures.ingressHttps(chain)),
                    List.of(routeConfig("https/secure.example.com", vhost("secure.example.com", to(prefix("/"), WEB)))),
                    List.of(), List.of(), List.of()));
            assertThat(sim.route(Request.parse("https://Secure.example.com:443/")).cluster()).isEqualTo(WEB);
            Decision d = sim.route(Request.parse("https://secure.example.com/").withHeaders(List.of(Header.parse("host: other.example.com"))));
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.MISDIRECTED_REQUEST);
            assertThat(d.statusCode()).isEqualTo(421);
            assertThat(d.body()).isEqualTo("misdirected request to \"other.example.com\"");
        }

        @Test
        void aTcpProxyChainReportsItsCluster() {
            Decision d = contour().route(Request.parse("https://tcp.example.com/"));
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.TCP_PROXY);
            assertThat(d.cluster()).isEqualTo(KUARD);
        }

        @Test
        void withoutAnHttpsListenerAnHttpsRequestHasNoListener() {
            Decision d = sim(vhost("foo.example.com", to(prefix("/"), KUARD))).route(Request.parse("https://foo.example.com/"));
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_LISTENER);
        }

        @Test
        void anRdsNameWithoutItsRouteConfigurationIsEnvoys404() {
            RouteSimulator sim = new RouteSimulator(new XdsResources(List.of(Fixtures.ingressHttp()), List.of(), List.of(), List.of(), List.of()));
            Decision d = sim.route(Request.parse("http://foo.example.com/"));
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_ROUTE_CONFIGURATION);
            assertThat(d.statusCode()).isEqualTo(404);
        }

        @Test
        void aStaticBootstrapRoutesThroughInlineRouteConfigurations() {
            HttpConnectionManager hcm = HttpConnectionManager.newBuilder().setStatPrefix("ingress_http")
                    .setRouteConfig(routeConfig("ingress_http", vhost("foo.example.com", to(prefix("/"), KUARD)))).build();
            Listener l = Listener.newBuilder().setName("ingress_http").setAddress(Fixtures.address(8080))
                    .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                            .setName("envoy.filters.network.http_connection_manager").setTypedConfig(Any.pack(hcm))))
                    .build();
            Bootstrap b = Bootstrap.newBuilder().setStaticResources(Bootstrap.StaticResources.newBuilder()
                    .addListeners(l).addClusters(cluster(KUARD))).build();
            Decision d = RouteSimulator.of(b).route(Request.parse("http://foo.example.com/x"));
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.ROUTED);
            assertThat(d.routeConfiguration()).isEqualTo("ingress_http");
            assertThat(d.cluster()).isEqualTo(KUARD);
        }

        @Test
        void aBareRouteConfigurationIsMatchedDirectly() {
            RouteSimulator sim = new RouteSimulator(new XdsResources(List.of(),
                    List.of(routeConfig("rc", vhost("foo.example.com", to(prefix("/"), KUARD)))), List.of(), List.of(), List.of()));
            assertThat(sim.route(Request.parse("http://foo.example.com/")).cluster()).isEqualTo(KUARD);
        }
    }

    @Nested
    class VirtualHosts {

        private final RouteSimulator sim = sim(
                vhost("*", to(prefix("/"), "star")),
                vhost("foo.*", to(prefix("/"), "prefix-wild")),
                vhost("*.example.com", to(prefix("/"), "short-suffix")),
                vhost("*.foo.example.com", to(prefix("/"), "long-suffix")),
                vhost("www.foo.example.com", to(prefix("/"), "exact")));

        @Test
        void anExactDomainWinsOverEveryWildcard() {
            assertThat(get(sim, "http://www.foo.example.com/").cluster()).isEqualTo("exact");
        }

        @Test
        void theLongestSuffixWildcardWins() {
            assertThat(get(sim, "http://api.foo.example.com/").cluster()).isEqualTo("long-suffix");
            assertThat(get(sim, "http://bar.example.com/").cluster()).isEqualTo("short-suffix");
        }

        @Test
        void aSuffixWildcardNeedsAtLeastOneCharacterBeforeIt() {
            assertThat(get(sim, "http://foo.example.com/").cluster()).isEqualTo("short-suffix");
            assertThat(get(sim, "http://example.com/").cluster()).isEqualTo("star");
        }

        @Test
        void prefixWildcardsComeAfterSuffixWildcards() {
            assertThat(get(sim, "http://foo.bar/").cluster()).isEqualTo("prefix-wild");
            assertThat(get(sim, "http://foo.example.com/").virtualHost()).isEqualTo("*.example.com");
        }

        @Test
        void theStarDomainCatchesEverythingElse() {
            assertThat(get(sim, "http://other.org/").cluster()).isEqualTo("star");
        }

        @Test
        void domainsMatchWithoutRegardToCase() {
            assertThat(get(sim, "http://WWW.Foo.Example.COM/").cluster()).isEqualTo("exact");
        }

        @Test
        void thePortIsIgnoredWhenTheRouteConfigurationSaysSo() {
            assertThat(get(sim, "http://www.foo.example.com:8080/").cluster()).isEqualTo("exact");
        }

        @Test
        void withoutIgnorePortTheAuthorityWithPortMustMatchADomain() {
            RouteConfiguration rc = routeConfig("ingress_http", vhost("foo.example.com", to(prefix("/"), KUARD)))
                    .toBuilder().setIgnorePortInHostMatching(false)
                    .addVirtualHosts(vhost("foo.example.com:8080", to(prefix("/"), API))).build();
            RouteSimulator s = new RouteSimulator(new XdsResources(List.of(Fixtures.ingressHttp()), List.of(rc), List.of(), List.of(), List.of()));
            assertThat(get(s, "http://foo.example.com:8080/").cluster()).isEqualTo(API);
            assertThat(get(s, "http://foo.example.com/").cluster()).isEqualTo(KUARD);
        }

        @Test
        void anUnknownHostWithoutAStarVirtualHostIsEnvoys404NR() {
            Decision d = get(sim(vhost("foo.example.com", to(prefix("/"), KUARD))), "http://bar.example.com/");
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_VIRTUAL_HOST);
            assertThat(d.statusCode()).isEqualTo(404);
            assertThat(d.outcome().responseFlag()).isEqualTo("NR");
        }
    }

    @Nested
    class PathMatching {

        @Test
        void theFirstMatchingRouteWinsEvenWhenALaterOneIsMoreSpecific() {
            RouteSimulator s = sim(vhost("foo.example.com", to(prefix("/"), KUARD), to(prefix("/api"), API)));
            Decision d = get(s, "http://foo.example.com/api");
            assertThat(d.cluster()).isEqualTo(KUARD);
            assertThat(d.routeIndex()).isZero();
        }

        @Test
        void aPrefixMatchesAnyPathStartingWithItEvenMidSegment() {
            RouteSimulator s = sim(vhost("foo.example.com", to(prefix("/api"), API)));
            assertThat(get(s, "http://foo.example.com/apiary").cluster()).isEqualTo(API);
            assertThat(get(s, "http://foo.example.com/ap").outcome()).isEqualTo(Decision.Outcome.NO_ROUTE);
        }

        @Test
        void aPathMatchIsExactAndIgnoresTheQuery() {
            RouteSimulator s = sim(vhost("foo.example.com", to(path("/login"), API)));
            assertThat(get(s, "http://foo.example.com/login?next=/x").cluster()).isEqualTo(API);
            assertThat(get(s, "http://foo.example.com/login/").outcome()).isEqualTo(Decision.Outcome.NO_ROUTE);
        }

        @Test
        void aRegexMustMatchTheWholePathWithoutTheQuery() {
            RouteSimulator s = sim(vhost("foo.example.com", to(regex("/v[0-9]+"), API)));
            assertThat(get(s, "http://foo.example.com/v2?x=1").cluster()).isEqualTo(API);
            assertThat(get(s, "http://foo.example.com/v2/users").outcome()).isEqualTo(Decision.Outcome.NO_ROUTE);
        }

        @Test
        void aRouteWithAnInvalidRegexIsSkippedAndSaysWhy() {
            Decision d = get(sim(vhost("foo.example.com", to(regex("/(unclosed"), API), to(prefix("/"), KUARD))), "http://foo.example.com/x");
            assertThat(d.cluster()).isEqualTo(KUARD);
            Decision.Step route = d.steps().stream().filter(st -> st.name().equals("route")).findFirst().orElseThrow();
            assertThat(route.details()).anyMatch(x -> x.contains("invalid RE2 regex \"/(unclosed\""));
        }

        @Test
        void aPathSeparatedPrefixMatchesOnlyWholeSegments() {
            RouteSimulator s = sim(vhost("foo.example.com",
                    to(RouteMatch.newBuilder().setPathSeparatedPrefix("/foo").build(), API)));
            assertThat(get(s, "http://foo.example.com/foo").cluster()).isEqualTo(API);
            assertThat(get(s, "http://foo.example.com/foo/bar").cluster()).isEqualTo(API);
            assertThat(get(s, "http://foo.example.com/foo?x").cluster()).isEqualTo(API);
            assertThat(get(s, "http://foo.example.com/foobar").outcome()).isEqualTo(Decision.Outcome.NO_ROUTE);
        }

        @Test
        void caseSensitiveFalseMatchesPrefixAndPathInAnyCase() {
            RouteSimulator s = sim(vhost("foo.example.com",
                    to(RouteMatch.newBuilder().setPrefix("/API").setCaseSensitive(BoolValue.of(false)).build(), API),
                    to(RouteMatch.newBuilder().setPath("/Exact").build(), WEB)));
            assertThat(get(s, "http://foo.example.com/api/x").cluster()).isEqualTo(API);
            assertThat(get(s, "http://foo.example.com/exact").outcome()).isEqualTo(Decision.Outcome.NO_ROUTE);
        }

        @Test
        void theConnectionManagerNormalisesThePathBeforeMatching() {
            RouteSimulator s = sim(vhost("foo.example.com", to(prefix("/admin"), API), to(prefix("/"), KUARD)));
            Decision d = get(s, "http://foo.example.com/public/../admin//users");
            assertThat(d.cluster()).isEqualTo(API);
            assertThat(d.requestHeader(":path")).hasValue("/admin/users");
        }

        @Test
        void anUnmatchedPathIsEnvoys404NRAndTheDetailsListEverySkippedRoute() {
            Decision d = get(sim(vhost("foo.example.com", to(prefix("/a"), API), to(path("/b"), WEB))), "http://foo.example.com/c");
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_ROUTE);
            assertThat(d.statusCode()).isEqualTo(404);
            Decision.Step route = d.steps().stream().filter(st -> st.name().equals("route")).findFirst().orElseThrow();
            assertThat(route.details()).anyMatch(x -> x.contains("#0")).anyMatch(x -> x.contains("#1"));
        }
    }

    @Nested
    class HeaderAndQueryMatching {

        private static Route when(HeaderMatcher h, String cluster) {
            return Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/").addHeaders(h))
                    .setRoute(RouteAction.newBuilder().setCluster(cluster)).build();
        }

        private static RouteSimulator with(HeaderMatcher h) {
            return sim(vhost("foo.example.com", when(h, API), to(prefix("/"), KUARD)));
        }

        @Test
        void stringMatchKindsAndIgnoreCase() {
            assertThat(get(with(header("x-env", exact("prod"))), "http://foo.example.com/", "x-env: prod").cluster()).isEqualTo(API);
            assertThat(get(with(header("x-env", exact("prod"))), "http://foo.example.com/", "x-env: PROD").cluster()).isEqualTo(KUARD);
            assertThat(get(with(header("x-env", StringMatcher.newBuilder().setExact("prod").setIgnoreCase(true).build())),
                    "http://foo.example.com/", "x-env: PROD").cluster()).isEqualTo(API);
            assertThat(get(with(header("x-env", StringMatcher.newBuilder().setPrefix("pr").build())),
                    "http://foo.example.com/", "x-env: prod").cluster()).isEqualTo(API);
            assertThat(get(with(header("x-env", StringMatcher.newBuilder().setSuffix("od").build())),
                    "http://foo.example.com/", "x-env: prod").cluster()).isEqualTo(API);
            assertThat(get(with(header("x-env", StringMatcher.newBuilder().setContains("ro").build())),
                    "http://foo.example.com/", "x-env: prod").cluster()).isEqualTo(API);
            assertThat(get(with(header("x-env", StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex("p.")).build())),
                    "http://foo.example.com/", "x-env: prod").cluster()).as("regex is a full match").isEqualTo(KUARD);
        }

        @Test
        void aRepeatedHeaderIsMatchedAsItsValuesJoinedWithCommas() {
            assertThat(get(with(header("x-a", exact("1,2"))), "http://foo.example.com/", "x-a: 1", "x-a: 2").cluster()).isEqualTo(API);
        }

        @Test
        void presentMatchAndItsInversion() {
            HeaderMatcher present = HeaderMatcher.newBuilder().setName("x-debug").setPresentMatch(true).build();
            assertThat(get(with(present), "http://foo.example.com/", "x-debug: 1").cluster()).isEqualTo(API);
            assertThat(get(with(present), "http://foo.example.com/").cluster()).isEqualTo(KUARD);
            HeaderMatcher notPresent = present.toBuilder().setInvertMatch(true).build();
            assertThat(get(with(notPresent), "http://foo.example.com/").cluster()).isEqualTo(API);
            assertThat(get(with(notPresent), "http://foo.example.com/", "x-debug: 1").cluster()).isEqualTo(KUARD);
        }

        @Test
        void anInvertedMatchStillFailsOnAMissingHeaderUnlessMissingIsTreatedAsEmpty() {
            HeaderMatcher notProd = header("x-env", exact("prod")).toBuilder().setInvertMatch(true).build();
            assertThat(get(with(notProd), "http://foo.example.com/", "x-env: dev").cluster()).isEqualTo(API);
            assertThat(get(with(notProd), "http://foo.example.com/", "x-env: prod").cluster()).isEqualTo(KUARD);
            assertThat(get(with(notProd), "http://foo.example.com/").cluster()).isEqualTo(KUARD);
            HeaderMatcher asEmpty = notProd.toBuilder().setTreatMissingHeaderAsEmpty(true).build();
            assertThat(get(with(asEmpty), "http://foo.example.com/").cluster()).isEqualTo(API);
        }

        @Test
        void aRangeMatchIsHalfOpen() {
            HeaderMatcher range = HeaderMatcher.newBuilder().setName("x-n")
                    .setRangeMatch(Int64Range.newBuilder().setStart(0).setEnd(10)).build();
            assertThat(get(with(range), "http://foo.example.com/", "x-n: 9").cluster()).isEqualTo(API);
            assertThat(get(with(range), "http://foo.example.com/", "x-n: 10").cluster()).isEqualTo(KUARD);
            assertThat(get(with(range), "http://foo.example.com/", "x-n: ten").cluster()).isEqualTo(KUARD);
        }

        @Test
        void theAuthorityWildcardHeaderMatchContourAddsKeepsOneLabel() {
            HeaderMatcher authority = header(":authority", StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder()
                    .setRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.example\\.com(:[0-9]+)?")).build());
            RouteSimulator s = sim(vhost("*.example.com", when(authority, API)));
            assertThat(get(s, "http://a.example.com/").cluster()).isEqualTo(API);
            assertThat(get(s, "http://a.b.example.com/").outcome()).isEqualTo(Decision.Outcome.NO_ROUTE);
        }

        @Test
        void queryParametersMatchTheFirstRawValue() {
            Route r = Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/")
                            .addQueryParameters(QueryParameterMatcher.newBuilder().setName("debug")
                                    .setStringMatch(StringMatcher.newBuilder().setExact("a%20b")))
                            .addQueryParameters(QueryParameterMatcher.newBuilder().setName("user").setPresentMatch(true)))
                    .setRoute(RouteAction.newBuilder().setCluster(API)).build();
            RouteSimulator s = sim(vhost("foo.example.com", r, to(prefix("/"), KUARD)));
            assertThat(get(s, "http://foo.example.com/?debug=a%20b&user").cluster()).isEqualTo(API);
            assertThat(get(s, "http://foo.example.com/?debug=other&debug=a%20b&user=x").cluster()).isEqualTo(KUARD);
            assertThat(get(s, "http://foo.example.com/?debug=a%20b").cluster()).isEqualTo(KUARD);
        }

        @Test
        void aQueryPresentMatchOfFalseMatchesAnAbsentParameter() {
            Route r = Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/")
                            .addQueryParameters(QueryParameterMatcher.newBuilder().setName("debug").setPresentMatch(false)))
                    .setRoute(RouteAction.newBuilder().setCluster(API)).build();
            RouteSimulator s = sim(vhost("foo.example.com", r, to(prefix("/"), KUARD)));
            assertThat(get(s, "http://foo.example.com/").cluster()).isEqualTo(API);
            assertThat(get(s, "http://foo.example.com/?debug").cluster()).isEqualTo(KUARD);
        }

        @Test
        void pathParametersAreIgnoredOnlyWhenTheRouteConfigurationSaysSo() {
            RouteConfiguration rc = routeConfig("ingress_http", vhost("foo.example.com", to(path("/a"), API)));
            RouteSimulator keep = new RouteSimulator(new XdsResources(List.of(Fixtures.ingressHttp()), List.of(rc), List.of(), List.of(), List.of()));
            RouteSimulator ignore = new RouteSimulator(new XdsResources(List.of(Fixtures.ingressHttp()),
                    List.of(rc.toBuilder().setIgnorePathParametersInPathMatching(true).build()), List.of(), List.of(), List.of()));
            assertThat(get(keep, "http://foo.example.com/a;v=1").outcome()).isEqualTo(Decision.Outcome.NO_ROUTE);
            assertThat(get(ignore, "http://foo.example.com/a;v=1").cluster()).isEqualTo(API);
        }

        @Test
        void aRuntimeFractionMatchesUnlessAnotherRuntimeKeyIsEnabled() {
            Route r = Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/")
                            .setRuntimeFraction(RuntimeFractionalPercent.newBuilder().setRuntimeKey("canary")
                                    .setDefaultValue(FractionalPercent.newBuilder().setNumerator(10))))
                    .setRoute(RouteAction.newBuilder().setCluster(API)).build();
            RouteSimulator s = sim(vhost("foo.example.com", r, to(prefix("/"), KUARD)));
            Request req = Request.parse("http://foo.example.com/");
            assertThat(s.route(req).cluster()).isEqualTo(API);
            assertThat(s.route(req.withRuntime("canary").withRandomValue(5)).cluster()).isEqualTo(API);
            assertThat(s.route(req.withRuntime("canary").withRandomValue(50)).cluster()).isEqualTo(KUARD);
            assertThat(s.route(req.withRuntime("other")).cluster()).isEqualTo(KUARD);
        }
    }

    @Nested
    class Actions {

        @Test
        void weightedClustersArePickedByRandomValueModuloTheTotalWeight() {
            RouteSimulator s = sim(vhost("foo.example.com", weighted(prefix("/"), API, 20, WEB, 0, KUARD, 80)));
            Request r = Request.parse("http://foo.example.com/");
            assertThat(s.route(r.withRandomValue(0)).cluster()).isEqualTo(API);
            assertThat(s.route(r.withRandomValue(19)).cluster()).isEqualTo(API);
            assertThat(s.route(r.withRandomValue(20)).cluster()).isEqualTo(KUARD);
            assertThat(s.route(r.withRandomValue(119)).cluster()).isEqualTo(API);
            Decision d = s.route(r.withRandomValue(20));
            assertThat(d.weightedClusters()).containsExactly(
                    new Decision.ClusterChoice(API, 20, false),
                    new Decision.ClusterChoice(WEB, 0, false),
                    new Decision.ClusterChoice(KUARD, 80, true));
        }

        private static Decision redirect(RedirectAction.Builder rd, RouteMatch match, String url) {
            Route r = Route.newBuilder().setMatch(match).setRedirect(rd).build();
            return get(sim(vhost("foo.example.com", r), vhost("*", r)), url);
        }

        @Test
        void anHttpsRedirectDropsTheDefaultHttpPortAndKeepsPathAndQuery() {
            Decision d = redirect(RedirectAction.newBuilder().setHttpsRedirect(true), prefix("/"), "http://foo.example.com:80/a?b=1");
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.REDIRECT);
            assertThat(d.statusCode()).isEqualTo(301);
            assertThat(d.location()).isEqualTo("https://foo.example.com/a?b=1");
            assertThat(d.responseHeader("location")).hasValue("https://foo.example.com/a?b=1");
        }

        @Test
        void aNonDefaultPortSurvivesASchemeChangeButNotAPortRedirect() {
            assertThat(redirect(RedirectAction.newBuilder().setHttpsRedirect(true), prefix("/"), "http://foo.example.com:8080/").location())
                    .isEqualTo("https://foo.example.com:8080/");
            assertThat(redirect(RedirectAction.newBuilder().setHttpsRedirect(true).setPortRedirect(8443), prefix("/"), "http://foo.example.com:8080/").location())
                    .isEqualTo("https://foo.example.com:8443/");
        }

        @Test
        void hostAndPathRedirectKeepTheQueryUnlessStripped() {
            RedirectAction.Builder rd = RedirectAction.newBuilder().setHostRedirect("new.example.com").setPathRedirect("/landing")
                    .setResponseCode(RedirectAction.RedirectResponseCode.FOUND);
            Decision d = redirect(rd, prefix("/"), "http://foo.example.com/old?x=1");
            assertThat(d.location()).isEqualTo("http://new.example.com/landing?x=1");
            assertThat(d.statusCode()).isEqualTo(302);
            assertThat(redirect(rd.setStripQuery(true), prefix("/"), "http://foo.example.com/old?x=1").location())
                    .isEqualTo("http://new.example.com/landing");
            assertThat(redirect(RedirectAction.newBuilder().setPathRedirect("/q?y=2").setStripQuery(true), prefix("/"),
                    "http://foo.example.com/old?x=1").location()).as("a query in path_redirect wins and is never stripped")
                    .isEqualTo("http://foo.example.com/q?y=2");
        }

        @Test
        void redirectPrefixAndRegexRewritesApplyToThePath() {
            assertThat(redirect(RedirectAction.newBuilder().setPrefixRewrite("/new"), prefix("/old"), "http://foo.example.com/old/page?x").location())
                    .isEqualTo("http://foo.example.com/new/page?x");
            RegexMatchAndSubstitute rs = RegexMatchAndSubstitute.newBuilder()
                    .setPattern(RegexMatcher.newBuilder().setRegex("^/v(\\d+)/(.*)$")).setSubstitution("/\\2?version=\\1").build();
            assertThat(redirect(RedirectAction.newBuilder().setRegexRewrite(rs).setSchemeRedirect("https"), prefix("/"), "http://foo.example.com/v3/items").location())
                    .isEqualTo("https://foo.example.com/items?version=3");
        }

        @Test
        void aDirectResponseAnswersWithItsStatusAndBody() {
            Route r = Route.newBuilder().setMatch(prefix("/"))
                    .setDirectResponse(DirectResponseAction.newBuilder().setStatus(503)
                            .setBody(io.envoyproxy.envoy.config.core.v3.DataSource.newBuilder().setInlineString("down"))).build();
            Decision d = get(sim(vhost("foo.example.com", r)), "http://foo.example.com/");
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.DIRECT_RESPONSE);
            assertThat(d.statusCode()).isEqualTo(503);
            assertThat(d.body()).isEqualTo("down");
            assertThat(d.responseHeader("content-length")).hasValue("4");
        }

        @Test
        void prefixRewriteReplacesTheMatchedPrefixAndKeepsTheOriginalPath() {
            Route r = Route.newBuilder().setMatch(prefix("/api/"))
                    .setRoute(RouteAction.newBuilder().setCluster(API).setPrefixRewrite("/")
                            .setHostRewriteLiteral("backend.internal")).build();
            Decision d = get(sim(vhost("foo.example.com", r)), "http://foo.example.com/api/users?id=1");
            assertThat(d.requestHeader(":path")).hasValue("/users?id=1");
            assertThat(d.requestHeader("x-envoy-original-path")).hasValue("/api/users?id=1");
            assertThat(d.requestHeader(":authority")).hasValue("backend.internal");
        }

        @Test
        void regexRewriteReplacesEveryMatchAndKeepsTheQuery() {
            Route r = Route.newBuilder().setMatch(prefix("/"))
                    .setRoute(RouteAction.newBuilder().setCluster(API).setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
                            .setPattern(RegexMatcher.newBuilder().setRegex("o")).setSubstitution("0"))).build();
            Decision d = get(sim(vhost("foo.example.com", r)), "http://foo.example.com/foo/bo?o=o");
            assertThat(d.requestHeader(":path")).hasValue("/f00/b0?o=o");
        }

        @Test
        void aRouteNamingAMissingClusterIsEnvoys503NC() {
            Decision d = get(sim(vhost("foo.example.com", to(prefix("/"), "default/missing/80/da39a3ee5e"))), "http://foo.example.com/");
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.CLUSTER_NOT_FOUND);
            assertThat(d.statusCode()).isEqualTo(503);
            assertThat(d.cluster()).isEqualTo("default/missing/80/da39a3ee5e");
        }

        @Test
        void theDetailsSayWhetherTheClusterHasEndpoints() {
            io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment some = io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment.newBuilder()
                    .setClusterName(API)
                    .addEndpoints(io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints.newBuilder()
                            .addLbEndpoints(io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint.newBuilder().setEndpoint(
                                    io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder().setAddress(Fixtures.address(8080).toBuilder()
                                            .setSocketAddress(Fixtures.address(8080).getSocketAddress().toBuilder().setAddress("10.0.0.7"))))))
                    .build();
            io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment none = io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment.newBuilder()
                    .setClusterName(KUARD).build();
            var eds = io.envoyproxy.envoy.config.cluster.v3.Cluster.DiscoveryType.EDS;
            RouteSimulator s = new RouteSimulator(new XdsResources(List.of(Fixtures.ingressHttp()),
                    List.of(routeConfig("ingress_http", vhost("foo.example.com", to(prefix("/api"), API), to(prefix("/"), KUARD)))),
                    List.of(cluster(API).toBuilder().setType(eds).build(), cluster(KUARD).toBuilder().setType(eds).build()),
                    List.of(some, none), List.of()));
            assertThat(clusterDetails(get(s, "http://foo.example.com/api"))).anyMatch(x -> x.contains("1 endpoint(s): 10.0.0.7:8080"));
            assertThat(clusterDetails(get(s, "http://foo.example.com/"))).anyMatch(x -> x.contains("no endpoints: Envoy answers 503 (UH"));
        }

        private static List<String> clusterDetails(Decision d) {
            return d.steps().stream().filter(st -> st.name().equals("cluster")).findFirst().orElseThrow().details();
        }

        @Test
        void clusterNotFoundResponseCodeChangesThatStatus() {
            Route r = Route.newBuilder().setMatch(prefix("/")).setRoute(RouteAction.newBuilder().setCluster("nope")
                    .setClusterNotFoundResponseCode(RouteAction.ClusterNotFoundResponseCode.NOT_FOUND)).build();
            assertThat(get(sim(vhost("foo.example.com", r)), "http://foo.example.com/").statusCode()).isEqualTo(404);
        }

        @Test
        void timeoutsAndRetryPolicyAreReported() {
            Route r = Route.newBuilder().setMatch(prefix("/"))
                    .setRoute(RouteAction.newBuilder().setCluster(API)
                            .setTimeout(Duration.newBuilder().setSeconds(0))
                            .setIdleTimeout(Duration.newBuilder().setSeconds(1).setNanos(500_000_000))
                            .setRetryPolicy(RetryPolicy.newBuilder().setRetryOn("5xx").setNumRetries(UInt32Value.of(3)))).build();
            Decision d = get(sim(vhost("foo.example.com", r, to(prefix("/"), KUARD))), "http://foo.example.com/");
            assertThat(d.timeout()).isEqualTo("0s (disabled)");
            assertThat(d.idleTimeout()).isEqualTo("1.5s");
            assertThat(d.retryPolicy()).isEqualTo("retry_on 5xx, num_retries 3");
            Decision def = get(sim(vhost("foo.example.com", to(prefix("/"), KUARD))), "http://foo.example.com/");
            assertThat(def.timeout()).startsWith("15s");
        }

        @Test
        void aVirtualHostRequiringTlsRedirectsPlaintextToHttps() {
            VirtualHost v = vhost("foo.example.com", to(prefix("/"), KUARD)).toBuilder()
                    .setRequireTls(VirtualHost.TlsRequirementType.ALL).build();
            Decision d = get(sim(v), "http://foo.example.com/a?b");
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.REDIRECT);
            assertThat(d.location()).isEqualTo("https://foo.example.com/a?b");
        }
    }

    @Nested
    class HeaderMutations {

        private static RouteSimulator layered(boolean mostSpecificWins) {
            Route r = to(prefix("/"), API).toBuilder()
                    .addRequestHeadersToAdd(add("x-level", "route", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                    .addResponseHeadersToAdd(add("x-served-by", "route", HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                    .build();
            VirtualHost v = vhost("foo.example.com", r).toBuilder()
                    .addRequestHeadersToAdd(add("x-level", "vhost", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                    .addResponseHeadersToAdd(add("x-served-by", "vhost", HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                    .build();
            RouteConfiguration rc = routeConfig("ingress_http", v).toBuilder()
                    .addRequestHeadersToAdd(add("x-level", "global", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                    .setMostSpecificHeaderMutationsWins(mostSpecificWins).build();
            return new RouteSimulator(new XdsResources(List.of(Fixtures.ingressHttp()), List.of(rc), List.of(), List.of(), List.of()));
        }

        @Test
        void routeHeadersAreEvaluatedFirstSoTheRouteConfigurationsOverwriteWins() {
            Decision d = get(layered(false), "http://foo.example.com/");
            assertThat(d.requestHeader("x-level")).hasValue("global");
            assertThat(d.responseHeaders()).containsSubsequence(new Header("x-served-by", "route"), new Header("x-served-by", "vhost"));
        }

        @Test
        void mostSpecificHeaderMutationsWinsReversesTheOrder() {
            assertThat(get(layered(true), "http://foo.example.com/").requestHeader("x-level")).hasValue("route");
        }

        @Test
        void removalsComeBeforeAdditionsAndAppendActionsAreHonoured() {
            Route r = to(prefix("/"), API).toBuilder()
                    .addRequestHeadersToRemove("x-drop")
                    .addRequestHeadersToAdd(add("x-drop", "new", HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                    .addRequestHeadersToAdd(add("x-keep", "ignored", HeaderAppendAction.ADD_IF_ABSENT))
                    .addRequestHeadersToAdd(add("x-only-if", "set", HeaderAppendAction.OVERWRITE_IF_EXISTS))
                    .addRequestHeadersToAdd(add("x-many", "2", HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                    .build();
            Decision d = get(sim(vhost("foo.example.com", r)), "http://foo.example.com/",
                    "x-drop: old", "x-keep: mine", "x-many: 1");
            assertThat(d.requestHeaders()).contains(new Header("x-drop", "new"), new Header("x-keep", "mine"),
                    new Header("x-many", "1"), new Header("x-many", "2"));
            assertThat(d.requestHeaders()).doesNotContain(new Header("x-drop", "old"), new Header("x-keep", "ignored"));
            assertThat(d.requestHeader("x-only-if")).isEmpty();
        }

        @Test
        void withinOneLevelConditionsAreJudgedBeforeAnyAdditionAndOverwritesComeBeforeAppends() {
            Route r = to(prefix("/"), API).toBuilder()
                    .addRequestHeadersToAdd(add("x-a", "appended", HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                    .addRequestHeadersToAdd(add("x-a", "absent", HeaderAppendAction.ADD_IF_ABSENT))
                    .addRequestHeadersToAdd(add("x-a", "overwritten", HeaderAppendAction.OVERWRITE_IF_EXISTS))
                    .build();
            Decision d = get(sim(vhost("foo.example.com", r)), "http://foo.example.com/");
            // x-a was absent before the level ran: add_if_absent adds, overwrite_if_exists does nothing
            assertThat(d.requestHeaders()).containsSubsequence(new Header("x-a", "appended"), new Header("x-a", "absent"));
            assertThat(d.requestHeaders()).doesNotContain(new Header("x-a", "overwritten"));
        }

        @Test
        void weightedClusterHeadersAreAppliedBeforeTheRoutes() {
            Route r = Route.newBuilder().setMatch(prefix("/"))
                    .setRoute(RouteAction.newBuilder().setWeightedClusters(WeightedCluster.newBuilder()
                            .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName(API).setWeight(UInt32Value.of(1))
                                    .addRequestHeadersToAdd(add("x-svc", "api", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                                    .addResponseHeadersToAdd(add("x-from", "api", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)))))
                    .addRequestHeadersToAdd(add("x-svc", "route", HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                    .build();
            Decision d = get(sim(vhost("foo.example.com", r)), "http://foo.example.com/");
            assertThat(d.requestHeaders()).containsSubsequence(new Header("x-svc", "api"), new Header("x-svc", "route"));
            assertThat(d.responseHeader("x-from")).hasValue("api");
        }

        @Test
        void formatValuesAreShownVerbatim() {
            Route r = to(prefix("/"), API).toBuilder()
                    .addRequestHeadersToAdd(add("x-request-start", "t=%START_TIME(%s.%3f)%", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                    .build();
            assertThat(get(sim(vhost("foo.example.com", r)), "http://foo.example.com/").requestHeader("x-request-start"))
                    .hasValue("t=%START_TIME(%s.%3f)%");
        }
    }

    @Test
    void everyStepIsRecordedInOrderEndingWithTheOutcome() {
        Decision d = contour().route(Request.parse("GET https://secure.example.com/"));
        assertThat(d.steps()).extracting(Decision.Step::name)
                .containsSubsequence("request", "listener", "filter chain", "route configuration", "virtual host", "route", "cluster", "outcome");
        assertThat(d.steps().get(d.steps().size() - 1).value()).isEqualTo("routed to " + WEB);
    }
}
