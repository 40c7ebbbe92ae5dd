package io.contourcore.dag.httpproxy;

import static io.contourcore.dag.httpproxy.ProxyFixtures.build;
import static io.contourcore.dag.httpproxy.ProxyFixtures.errors;
import static io.contourcore.dag.httpproxy.ProxyFixtures.root;
import static io.contourcore.dag.httpproxy.ProxyFixtures.route;
import static io.contourcore.dag.httpproxy.ProxyFixtures.service;
import static io.contourcore.dag.httpproxy.ProxyFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.httpproxy.ProxyFixtures.RouteSpec;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.config.ContourConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTPProxy input the CRD and upstream accept but whose upstream output Envoy would refuse (issue 17). */
class EnvoyLimitsTest {

    private static HTTPProxy.Service weighted(String name, long weight) {
        return new HTTPProxy.Service(name, 80, 0, null, weight, null, false, null, null, List.of(), null);
    }

    private static List<Dag.Route> routes(BuildResult r) {
        return r.dag().listeners().stream().flatMap(l -> l.virtualHosts().stream())
                .flatMap(v -> v.routes().stream()).toList();
    }

    @Test
    void aHeaderValueLongerThanEnvoysLimitIsUpstreamsInvalidHeaderCondition() {
        RouteSpec s = RouteSpec.prefix("/").to(weighted("home", 0));
        s.requestHeaders = new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("X-Big", "v".repeat(16385))), List.of());
        HTTPProxy p = root("roots", "p", "example.com", s.build());
        BuildResult r = build(p, service("roots", "home", 80));
        assertThat(errors(r, p)).containsExactly(new SubCondition("RouteError", "RequestHeadersPolicyInvalid",
                "invalid set header \"X-Big\": a value of 16385 bytes passes Envoy's limit of 16384 on request headers"));
        assertThat(status(r, p).currentStatus()).isEqualTo(ObjectStatus.INVALID);
    }

    @Test
    void aHeaderValueThatGrowsPastTheLimitWhenEscapedIsCountedAsEnvoyReadsIt() {
        // 8,193 '%' fit the 16,384 bytes as written but are doubled to 16,386 for Envoy.
        RouteSpec s = RouteSpec.prefix("/").to(weighted("home", 0));
        s.responseHeaders = new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("X-Pct", "%".repeat(8193))), List.of());
        HTTPProxy p = root("roots", "p", "example.com", s.build());
        assertThat(errors(build(p, service("roots", "home", 80)), p)).extracting(SubCondition::message)
                .containsExactly("invalid set header \"X-Pct\": a value of 16386 bytes passes Envoy's limit of 16384 on response headers");
        RouteSpec fits = RouteSpec.prefix("/").to(weighted("home", 0));
        fits.responseHeaders = new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("X-Pct", "%".repeat(8192))), List.of());
        HTTPProxy ok = root("roots", "p", "example.com", fits.build());
        assertThat(status(build(ok, service("roots", "home", 80)), ok).currentStatus()).isEqualTo(ObjectStatus.VALID);
    }

    @Test
    void aConfiguredDefaultHeaderLongerThanEnvoysLimitIsReportedOnTheRoutesThatGetIt() {
        ContourConfig config = ContourConfig.DEFAULTS.toBuilder()
                .requestHeaders(new ContourConfig.HeaderPolicy(Map.of("X-Default", "d".repeat(16385)), List.of())).build();
        HTTPProxy p = root("roots", "p", "example.com", route("/", weighted("home", 0)));
        assertThat(errors(build(config, p, service("roots", "home", 80)), p)).extracting(SubCondition::reason)
                .containsExactly("RequestHeadersPolicyInvalid");

        // A route that sets the header itself never sends the default to Envoy.
        HTTPProxy.Service own = new HTTPProxy.Service("home", 80, 0, null, 0, null, false,
                new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("X-Default", "short")), List.of()), null,
                List.of(), null);
        HTTPProxy overridden = root("roots", "p", "example.com", route("/", own));
        assertThat(status(build(config, overridden, service("roots", "home", 80)), overridden).currentStatus())
                .isEqualTo(ObjectStatus.VALID);
    }

    @Test
    void weightsWhoseSumPassesUint32AreARouteErrorUnlessUpstreamsSumWrapsToZero() {
        HTTPProxy over = root("roots", "p", "example.com",
                route("/", weighted("a", 3_000_000_000L), weighted("b", 3_000_000_000L)));
        BuildResult r = build(over, service("roots", "a", 80), service("roots", "b", 80));
        assertThat(errors(r, over)).containsExactly(new SubCondition("ServiceError", "WeightsInvalid",
                "the services' weights add up to 6000000000, more than Envoy allows for a route (4294967295)"));
        assertThat(routes(r)).isEmpty();

        // 2^31 + 2^31 wraps to 0 in upstream's uint32 sum: every cluster then weighs 1, which Envoy accepts.
        HTTPProxy zero = root("roots", "p", "example.com",
                route("/", weighted("a", 2_147_483_648L), weighted("b", 2_147_483_648L)));
        BuildResult z = build(zero, service("roots", "a", 80), service("roots", "b", 80));
        assertThat(status(z, zero).currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(routes(z)).hasSize(1);
    }

    @Test
    void aSingleWeightPastUint32WrapsAroundAsUpstreamConvertsIt() {
        HTTPProxy p = root("roots", "p", "example.com", route("/", weighted("a", 5_000_000_000L), weighted("b", 1)));
        BuildResult r = build(p, service("roots", "a", 80), service("roots", "b", 80));
        assertThat(routes(r).get(0).clusters()).extracting(c -> Integer.toUnsignedLong(c.weight()))
                .containsExactly(705_032_704L, 1L);
    }

    @Test
    void nestedRegexRepeatsPastOneThousandAreUpstreamsInvalidRegexCondition() {
        HTTPProxy p = root("roots", "p", "example.com",
                route(List.of(HTTPProxy.MatchCondition.regex("/(a{100}){100}")), weighted("home", 0)));
        BuildResult r = build(p, service("roots", "home", 80));
        assertThat(errors(r, p)).extracting(SubCondition::reason).containsExactly("PathMatchConditionsNotValid");
        assertThat(errors(r, p).get(0).message()).contains("invalid repeat count: `{100}`");
        HTTPProxy fits = root("roots", "p", "example.com",
                route(List.of(HTTPProxy.MatchCondition.regex("/(a{10}){100}")), weighted("home", 0)));
        assertThat(status(build(fits, service("roots", "home", 80)), fits).currentStatus()).isEqualTo(ObjectStatus.VALID);
    }
}
