package io.contourcore.dag.httpproxy;

import static io.contourcore.dag.httpproxy.ProxyFixtures.build;
import static io.contourcore.dag.httpproxy.ProxyFixtures.caSecret;
import static io.contourcore.dag.httpproxy.ProxyFixtures.child;
import static io.contourcore.dag.httpproxy.ProxyFixtures.crlSecret;
import static io.contourcore.dag.httpproxy.ProxyFixtures.delegation;
import static io.contourcore.dag.httpproxy.ProxyFixtures.errors;
import static io.contourcore.dag.httpproxy.ProxyFixtures.include;
import static io.contourcore.dag.httpproxy.ProxyFixtures.opaque;
import static io.contourcore.dag.httpproxy.ProxyFixtures.root;
import static io.contourcore.dag.httpproxy.ProxyFixtures.route;
import static io.contourcore.dag.httpproxy.ProxyFixtures.routeAll;
import static io.contourcore.dag.httpproxy.ProxyFixtures.service;
import static io.contourcore.dag.httpproxy.ProxyFixtures.status;
import static io.contourcore.dag.httpproxy.ProxyFixtures.svc;
import static io.contourcore.dag.httpproxy.ProxyFixtures.tlsSecret;
import static io.contourcore.dag.httpproxy.ProxyFixtures.warnings;
import static io.contourcore.dag.httpproxy.ProxyFixtures.withIncludes;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.httpproxy.ProxyFixtures.RouteSpec;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.ExtensionService;
import io.contourcore.model.HTTPProxy.MatchCondition;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.config.ContourConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One case per status reason upstream's HTTPProxy processor can record, with upstream's exact texts. */
class HTTPProxyStatusTest {

    private static final ContourConfig ROOTS = ContourConfig.DEFAULTS.toBuilder().rootNamespaces(List.of("roots", "marketing")).build();

    private static void assertError(BuildResult r, HTTPProxy p, String type, String reason, String message) {
        assertThat(errors(r, p)).containsExactly(new SubCondition(type, reason, message));
        ObjectStatus s = status(r, p);
        assertThat(s.currentStatus()).isEqualTo(type.equals("Orphaned") ? ObjectStatus.ORPHANED : ObjectStatus.INVALID);
        assertThat(s.conditions().get(0).reason()).isEqualTo("ErrorPresent");
        assertThat(s.conditions().get(0).status()).isEqualTo("False");
    }

    private static HTTPProxy tlsRoot(String fqdn, HTTPProxy.Tls tls, HTTPProxy.Route... routes) {
        return root("roots", "tls", HTTPProxy.VirtualHost.of(fqdn, tls), List.of(routes), List.of(), null);
    }

    private static HTTPProxy.Tls tls(String secret, HTTPProxy.DownstreamValidation cv, boolean fallback) {
        return new HTTPProxy.Tls(secret, "", "", false, cv, fallback);
    }

    private static HTTPProxy vhostRoot(HTTPProxy.VirtualHost vh, HTTPProxy.Route... routes) {
        return root("roots", "vh", vh, List.of(routes), List.of(), null);
    }

    // ---------------------------------------------------------------- valid, orphaned, roots

    @Test
    void aSimpleRootIsValidWithUpstreamsValidMessage() {
        HTTPProxy p = root("roots", "example", "example.com", route("/", svc("home", 8080)));
        BuildResult r = build(ROOTS, p, service("roots", "home", 8080));
        ObjectStatus s = status(r, p);
        assertThat(s.currentStatus()).isEqualTo("valid");
        assertThat(s.description()).isEqualTo("Valid HTTPProxy");
        assertThat(s.fqdn()).isEqualTo("example.com");
        assertThat(s.conditions().get(0).reason()).isEqualTo("Valid");
        assertThat(s.conditions().get(0).status()).isEqualTo("True");
    }

    @Test
    void aRootWithoutFqdnIsInvalid() {
        HTTPProxy p = root("roots", "parent", HTTPProxy.VirtualHost.of(""), List.of(route("/foo", svc("foo", 8080))), List.of(), null);
        assertError(build(ROOTS, p), p, "VirtualHostError", "FQDNNotSpecified", "Spec.VirtualHost.Fqdn must be specified");
    }

    @Test
    void twoRootsSharingAnFqdnIgnoringCaseAreBothInvalid() {
        HTTPProxy a = root("roots", "example-com", "example.com", route("/", svc("home", 8080)));
        HTTPProxy b = root("roots", "case-example", "EXAMPLE.com", route("/", svc("home", 8080)));
        BuildResult r = build(ROOTS, a, b, service("roots", "home", 8080));
        String msg = "fqdn \"example.com\" is used in multiple HTTPProxies: roots/case-example, roots/example-com";
        assertError(r, a, "VirtualHostError", "DuplicateVhost", msg);
        assertError(r, b, "VirtualHostError", "DuplicateVhost", msg);
        assertThat(status(r, b).fqdn()).isEqualTo("example.com");
        assertThat(r.dag().listeners()).isEmpty();
    }

    @Test
    void aRootOutsideTheRootNamespacesIsInvalid() {
        HTTPProxy p = root("finance", "example", "example.com", route("/", svc("home", 8080)));
        assertError(build(ROOTS, p, service("finance", "home", 8080)), p, "RootNamespaceError",
                "RootProxyNotAllowedInNamespace", "root HTTPProxy cannot be defined in this namespace");
    }

    @Test
    void aRootWithNothingDefinedIsInvalid() {
        HTTPProxy p = root("roots", "empty", "example.com");
        assertError(build(ROOTS, p), p, "SpecError", "NothingDefined",
                "HTTPProxy.Spec must have at least one Route, Include, or a TCPProxy");
    }

    @Test
    void aChildNobodyIncludesIsOrphaned() {
        HTTPProxy c = child("roots", "child", route("/", svc("home", 8080)));
        BuildResult r = build(ROOTS, c, service("roots", "home", 8080));
        assertError(r, c, "Orphaned", "Orphaned", "this HTTPProxy is not part of a delegation chain from a root HTTPProxy");
        assertThat(status(r, c).description()).isEqualTo("this HTTPProxy is not part of a delegation chain from a root HTTPProxy");
    }

    @Test
    void anInvalidParentOrphansItsChild() {
        HTTPProxy parent = withIncludes(root("roots", "invalidParent", HTTPProxy.VirtualHost.of(""), List.of(), List.of(), null),
                include("roots", "validChild", MatchCondition.prefix("/foo")));
        HTTPProxy c = child("roots", "validChild", routeAll(svc("foo2", 8080)));
        BuildResult r = build(ROOTS, parent, c, service("roots", "foo2", 8080));
        assertError(r, parent, "VirtualHostError", "FQDNNotSpecified", "Spec.VirtualHost.Fqdn must be specified");
        assertError(r, c, "Orphaned", "Orphaned", "this HTTPProxy is not part of a delegation chain from a root HTTPProxy");
    }

    @Test
    void aChildWithOneValidParentIsNotOrphanedWhenAnotherParentIsInvalid() {
        HTTPProxy bad = withIncludes(root("roots", "parent", HTTPProxy.VirtualHost.of(""), List.of(), List.of(), null),
                include("roots", "validChild", MatchCondition.prefix("/foo")));
        HTTPProxy good = withIncludes(root("roots", "parentvalidchild", HTTPProxy.VirtualHost.of("example.com"), List.of(),
                List.of(), null), include("roots", "validChild", MatchCondition.prefix("/foo")));
        HTTPProxy c = child("roots", "validChild", routeAll(svc("foo2", 8080)));
        BuildResult r = build(ROOTS, bad, good, c, service("roots", "foo2", 8080));
        assertThat(status(r, c).currentStatus()).isEqualTo("valid");
        assertThat(status(r, good).currentStatus()).isEqualTo("valid");
    }

    // ---------------------------------------------------------------- includes

    @Test
    void aChildWithABadPortIsInvalidButItsParentStaysValid() {
        HTTPProxy parent = withIncludes(root("roots", "parent", "example.com"),
                include("roots", "validChild", MatchCondition.prefix("/foo")),
                include("roots", "invalidChild", MatchCondition.prefix("/bar")));
        HTTPProxy ok = child("roots", "validChild", routeAll(svc("foo2", 8080)));
        HTTPProxy bad = child("roots", "invalidChild", routeAll(svc("foo3", 12345678)));
        BuildResult r = build(ROOTS, parent, ok, bad, service("roots", "foo2", 8080), service("roots", "foo3", 8080));
        assertThat(status(r, parent).currentStatus()).isEqualTo("valid");
        assertThat(status(r, ok).currentStatus()).isEqualTo("valid");
        assertError(r, bad, "ServiceError", "ServicePortInvalid", "service \"foo3\": port must be in the range 1-65535");
    }

    @Test
    void aProxyIncludingItselfIsACycle() {
        HTTPProxy p = withIncludes(root("roots", "self", "example.com"), include("roots", "self", MatchCondition.prefix("/foo")));
        assertError(build(ROOTS, p), p, "IncludeError", "RootIncludesRoot",
                "root httpproxy cannot include another root httpproxy (roots/self)");
    }

    @Test
    void aChildIncludingItselfIsReportedOnTheChildAsACycle() {
        HTTPProxy parent = withIncludes(root("roots", "parent", "example.com"), include("roots", "child", MatchCondition.prefix("/foo")));
        HTTPProxy c = withIncludes(child("roots", "child", routeAll(svc("home", 8080))),
                include("roots", "child", MatchCondition.prefix("/bar")));
        BuildResult r = build(ROOTS, parent, c, service("roots", "home", 8080));
        assertError(r, c, "IncludeError", "IncludeCreatesCycle", "include creates an include cycle: roots/parent -> roots/child -> roots/child");
        assertThat(status(r, parent).currentStatus()).isEqualTo("valid");
    }

    @Test
    void aMissingIncludeIsReportedAndAnswered502() {
        HTTPProxy p = withIncludes(root("roots", "parent", "example.com"), include("roots", "child", MatchCondition.prefix("/foo")));
        BuildResult r = build(ROOTS, p);
        assertError(r, p, "IncludeError", "IncludeNotFound", "include roots/child not found");
        assertThat(ProxyFixtures.routeFor(r, "example.com", "/foo").directResponse().statusCode()).isEqualTo(502);
    }

    @Test
    void aRootIncludingAnotherRootIsInvalidAndAnswered502() {
        HTTPProxy a = withIncludes(root("roots", "a", "a.com"), include("roots", "b", MatchCondition.prefix("/b")));
        HTTPProxy b = root("roots", "b", "b.com", route("/", svc("home", 8080)));
        BuildResult r = build(ROOTS, a, b, service("roots", "home", 8080));
        assertError(r, a, "IncludeError", "RootIncludesRoot", "root httpproxy cannot include another root httpproxy (roots/b)");
        assertThat(ProxyFixtures.routeFor(r, "a.com", "/b").directResponse().statusCode()).isEqualTo(502);
        assertThat(status(r, b).currentStatus()).isEqualTo("valid");
    }

    @Test
    void anIncludeWithAnExactConditionIsInvalid() {
        HTTPProxy p = withIncludes(root("roots", "p", "example.com"), include("roots", "c", MatchCondition.exact("/foo")));
        assertError(build(ROOTS, p), p, "IncludeError", "PathMatchConditionsNotValid",
                "include: exact conditions are not allowed in includes block");
    }

    @Test
    void anIncludeWithARegexConditionIsInvalid() {
        HTTPProxy p = withIncludes(root("roots", "p", "example.com"), include("roots", "c", MatchCondition.regex("/foo.*")));
        assertError(build(ROOTS, p), p, "IncludeError", "PathMatchConditionsNotValid",
                "include: regex conditions are not allowed in includes block");
    }

    @Test
    void anIncludeWithTwoPrefixesIsInvalidAndOrphansTheChild() {
        HTTPProxy p = withIncludes(root("roots", "p", "example.com"),
                include("roots", "c", MatchCondition.prefix("/api"), MatchCondition.prefix("/v1")));
        HTTPProxy c = child("roots", "c", routeAll(svc("home", 8080)));
        BuildResult r = build(ROOTS, p, c, service("roots", "home", 8080));
        assertError(r, p, "IncludeError", "PathMatchConditionsNotValid",
                "include: more than one prefix, exact or regex is not allowed in a condition block");
        assertError(r, c, "Orphaned", "Orphaned", "this HTTPProxy is not part of a delegation chain from a root HTTPProxy");
    }

    @Test
    void anIncludePrefixWithoutALeadingSlashIsInvalid() {
        HTTPProxy p = withIncludes(root("roots", "p", "example.com"), include("roots", "c", MatchCondition.prefix("api")));
        assertError(build(ROOTS, p), p, "IncludeError", "PathMatchConditionsNotValid",
                "include: prefix conditions must start with /, api was supplied");
    }

    @Test
    void twoIncludesWithTheSameConditionsAreDuplicates() {
        HTTPProxy p = withIncludes(root("roots", "p", "example.com"),
                include("roots", "a", MatchCondition.prefix("/foo"), MatchCondition.header(HTTPProxy.HeaderMatchCondition.present("x"))),
                include("roots", "b", MatchCondition.header(HTTPProxy.HeaderMatchCondition.present("x")), MatchCondition.prefix("/foo")));
        HTTPProxy a = child("roots", "a", routeAll(svc("home", 8080)));
        HTTPProxy b = child("roots", "b", routeAll(svc("home", 8080)));
        BuildResult r = build(ROOTS, p, a, b, service("roots", "home", 8080));
        assertError(r, p, "IncludeError", "DuplicateMatchConditions", "duplicate conditions defined on an include");
        assertThat(status(r, a).currentStatus()).isEqualTo("valid");
        assertThat(status(r, b).currentStatus()).isEqualTo("orphaned");
    }

    @Test
    void twoIncludesWithNoConditionsAreNotDuplicates() {
        HTTPProxy p = withIncludes(root("roots", "p", "example.com"), include("roots", "a"), include("roots", "b"));
        HTTPProxy a = child("roots", "a", route("/a", svc("home", 8080)));
        HTTPProxy b = child("roots", "b", route("/b", svc("home", 8080)));
        BuildResult r = build(ROOTS, p, a, b, service("roots", "home", 8080));
        assertThat(status(r, p).currentStatus()).isEqualTo("valid");
        assertThat(status(r, b).currentStatus()).isEqualTo("valid");
    }

    @Test
    void anIncludeWithContradictoryHeaderConditionsIsARouteError() {
        HTTPProxy p = withIncludes(root("roots", "p", "example.com"), include("roots", "c",
                MatchCondition.header(HTTPProxy.HeaderMatchCondition.exact("x-a", "1")),
                MatchCondition.header(HTTPProxy.HeaderMatchCondition.exact("X-A", "2"))));
        assertError(build(ROOTS, p), p, "RouteError", "HeaderMatchConditionsNotValid",
                "cannot specify duplicate header 'exact match' conditions in the same route");
    }

    @Test
    void anIncludeWithAnEmptyQueryConditionIsARouteError() {
        HTTPProxy p = withIncludes(root("roots", "p", "example.com"), include("roots", "c",
                MatchCondition.queryParameter(new HTTPProxy.QueryParameterMatchCondition("q", "", "", "", "", "", false, false))));
        assertError(build(ROOTS, p), p, "RouteError", "QueryParameterMatchConditionsNotValid",
                "must specify at least one query parameter condition");
    }

    // ---------------------------------------------------------------- route conditions

    private static void assertRouteError(List<MatchCondition> conds, String reason, String message) {
        HTTPProxy p = root("roots", "p", "example.com", route(conds, svc("home", 8080)));
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, "RouteError", reason, message);
    }

    private static MatchCondition header(String name, boolean present, boolean notPresent, String contains, String notContains,
            String exact, String notExact, String regex) {
        return MatchCondition.header(new HTTPProxy.HeaderMatchCondition(name, present, notPresent, contains, notContains, false,
                exact, notExact, regex, false));
    }

    private static MatchCondition query(String exact, String prefix, String regex, boolean present) {
        return MatchCondition.queryParameter(new HTTPProxy.QueryParameterMatchCondition("q", exact, prefix, "", regex, "", false, present));
    }

    @Test
    void aRoutePrefixWithoutALeadingSlashIsInvalid() {
        assertRouteError(List.of(MatchCondition.prefix("api")), "PathMatchConditionsNotValid",
                "route: prefix conditions must start with /, api was supplied");
    }

    @Test
    void anExactAndARegexWithoutALeadingSlashAreInvalid() {
        assertRouteError(List.of(MatchCondition.exact("api")), "PathMatchConditionsNotValid",
                "route: exact conditions must start with /, api was supplied");
        assertRouteError(List.of(MatchCondition.regex("api")), "PathMatchConditionsNotValid",
                "route: regex conditions must start with /, api was supplied");
    }

    @Test
    void aRouteWithTwoPathConditionsIsInvalid() {
        assertRouteError(List.of(MatchCondition.prefix("/a"), MatchCondition.exact("/b")), "PathMatchConditionsNotValid",
                "route: more than one prefix, exact or regex is not allowed in a condition block");
    }

    @Test
    void anInvalidRouteRegexQuotesRe2sError() {
        assertRouteError(List.of(MatchCondition.regex("/(foo")), "PathMatchConditionsNotValid",
                "route: supplied regex: /(foo invalid. error: error parsing regexp: missing closing ): `/(foo`");
    }

    @Test
    void contradictoryHeaderConditionsAreEachReported() {
        assertRouteError(List.of(header("x", true, false, "", "", "", "", ""), header("X", false, true, "", "", "", "", "")),
                "HeaderMatchConditionsNotValid",
                "cannot specify contradictory 'present' and 'notpresent' conditions for the same route and header");
        assertRouteError(List.of(header("x", false, false, "", "", "a", "", ""), header("x", false, false, "", "", "", "a", "")),
                "HeaderMatchConditionsNotValid",
                "cannot specify contradictory 'exact' and 'notexact' conditions for the same route and header");
        assertRouteError(List.of(header("x", false, false, "a", "", "", "", ""), header("x", false, false, "", "a", "", "", "")),
                "HeaderMatchConditionsNotValid",
                "cannot specify contradictory 'contains' and 'notcontains' conditions for the same route and header");
        assertRouteError(List.of(header("x", false, false, "", "", "", "", "a(")), "HeaderMatchConditionsNotValid",
                "invalid regular expression specified for 'regex' condition");
    }

    @Test
    void queryConditionsMustSetExactlyOneMatchAndNoDuplicateExacts() {
        assertRouteError(List.of(query("a", "b", "", false)), "QueryParameterMatchConditionsNotValid",
                "cannot specify more than one condition in the same match condition branch");
        assertRouteError(List.of(query("a", "", "", false), query("b", "", "", false)), "QueryParameterMatchConditionsNotValid",
                "cannot specify duplicate query parameter 'exact match' conditions in the same route");
        assertRouteError(List.of(query("", "", "a(", false)), "QueryParameterMatchConditionsNotValid",
                "invalid regular expression specified for 'regex' condition");
    }

    @Test
    void aRouteWithNoActionOrTwoActionsIsInvalid() {
        HTTPProxy none = root("roots", "p", "example.com", route("/"));
        assertError(build(ROOTS, none), none, "RouteError", "RouteActionCountNotValid",
                "must set exactly one of route.services or route.requestRedirectPolicy or route.directResponsePolicy");
        RouteSpec two = RouteSpec.prefix("/").to(svc("home", 8080));
        two.direct = new HTTPProxy.DirectResponsePolicy(200, "ok");
        HTTPProxy p = root("roots", "p", "example.com", two.build());
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, "RouteError", "RouteActionCountNotValid",
                "must set exactly one of route.services or route.requestRedirectPolicy or route.directResponsePolicy");
    }

    // ---------------------------------------------------------------- route policies

    private static void assertPolicyError(RouteSpec spec, String type, String reason, String message) {
        HTTPProxy p = root("roots", "p", "example.com", spec.build());
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, type, reason, message);
    }

    private static RouteSpec home() {
        return RouteSpec.prefix("/").to(svc("home", 8080));
    }

    @Test
    void duplicateRequestHeadersAreInvalid() {
        RouteSpec s = home();
        s.requestHeaders = new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("x-a", "1"),
                new HTTPProxy.HeaderValue("X-A", "2")), List.of());
        assertPolicyError(s, "RouteError", "RequestHeadersPolicyInvalid", "duplicate header addition: \"X-A\" on request headers");
    }

    @Test
    void rewritingHostOnResponseHeadersIsInvalidOnRoutesAndServices() {
        RouteSpec s = home();
        s.responseHeaders = new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("Host", "x")), List.of());
        assertPolicyError(s, "RouteError", "ResponseHeaderPolicyInvalid", "rewriting \"Host\" header is not supported on response headers");
        HTTPProxy.Service service = new HTTPProxy.Service("home", 8080, 0, null, 0, null, false, null,
                new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("host", "x")), List.of()), List.of(), null);
        assertPolicyError(RouteSpec.prefix("/").to(service), "ServiceError", "ResponseHeadersPolicyInvalid",
                "rewriting \"Host\" header is not supported on response headers");
    }

    @Test
    void anInvalidHeaderNameIsRejectedWithKubernetesMessage() {
        RouteSpec s = home();
        s.requestHeaders = new HTTPProxy.HeadersPolicy(List.of(), List.of("x\"y"));
        assertPolicyError(s, "RouteError", "RequestHeadersPolicyInvalid", "invalid remove header \"x\\\"y\": [a valid HTTP header must "
                + "consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')] on request headers");
        HTTPProxy.Service service = new HTTPProxy.Service("home", 8080, 0, null, 0, null, false,
                new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("a b", "x")), List.of()), null, List.of(), null);
        assertPolicyError(RouteSpec.prefix("/").to(service), "ServiceError", "RequestHeadersPolicyInvalid",
                "invalid set header \"a b\": [a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', "
                        + "regex used for validation is '[-A-Za-z0-9]+')] on request headers");
    }

    @Test
    void cookieRewritesNeedUniqueNamesAndAnAttribute() {
        RouteSpec s = home();
        s.cookies = List.of(new HTTPProxy.CookieRewritePolicy("a-cookie", "/", null, null, null),
                new HTTPProxy.CookieRewritePolicy("a-cookie", null, "x.com", null, null));
        assertPolicyError(s, "RouteError", "CookieRewritePoliciesInvalid",
                "duplicate cookie rewrite rule for cookie \"a-cookie\" on route cookie rewrite rules");
        s.cookies = List.of(new HTTPProxy.CookieRewritePolicy("a-cookie", null, null, null, null));
        assertPolicyError(s, "RouteError", "CookieRewritePoliciesInvalid",
                "no attributes rewritten for cookie \"a-cookie\" on route cookie rewrite rules");
        HTTPProxy.Service service = new HTTPProxy.Service("home", 8080, 0, null, 0, null, false, null, null,
                List.of(new HTTPProxy.CookieRewritePolicy("a-cookie", null, null, null, null)), null);
        assertPolicyError(RouteSpec.prefix("/").to(service), "RouteError", "CookieRewritePoliciesInvalid",
                "no attributes rewritten for cookie \"a-cookie\" on service cookie rewrite rules");
    }

    @Test
    void unparseableTimeoutsQuoteGosError() {
        RouteSpec s = home();
        s.timeoutPolicy = new HTTPProxy.TimeoutPolicy("invalid-val", "", "");
        assertPolicyError(s, "RouteError", "TimeoutPolicyNotValid", "route.timeoutPolicy failed to parse: error parsing response timeout: "
                + "unable to parse timeout string \"invalid-val\": time: invalid duration \"invalid-val\"");
        s.timeoutPolicy = new HTTPProxy.TimeoutPolicy("", "invalid-val", "");
        assertPolicyError(s, "RouteError", "TimeoutPolicyNotValid", "route.timeoutPolicy failed to parse: error parsing idle timeout: "
                + "unable to parse timeout string \"invalid-val\": time: invalid duration \"invalid-val\"");
        s.timeoutPolicy = new HTTPProxy.TimeoutPolicy("", "", "5");
        assertPolicyError(s, "RouteError", "TimeoutPolicyNotValid", "route.timeoutPolicy failed to parse: error parsing idle connection "
                + "timeout: unable to parse timeout string \"5\": time: missing unit in duration \"5\"");
    }

    @Test
    void aLocalRateLimitWithABadUnitIsInvalid() {
        RouteSpec s = home();
        s.rateLimitPolicy = new HTTPProxy.RateLimitPolicy(new HTTPProxy.LocalRateLimitPolicy(10, "day", 0, 0, List.of()), null);
        assertPolicyError(s, "RouteError", "RateLimitPolicyNotValid",
                "route.rateLimitPolicy is invalid: invalid unit \"day\" in local rate limit policy");
    }

    @Test
    void aGlobalDescriptorEntryMustSetOneField() {
        RouteSpec s = home();
        s.rateLimitPolicy = new HTTPProxy.RateLimitPolicy(null, new HTTPProxy.GlobalRateLimitPolicy(false, List.of(
                new HTTPProxy.RateLimitDescriptor(List.of(new HTTPProxy.RateLimitDescriptorEntry(
                        new HTTPProxy.GenericKeyDescriptor("k", "v"), null, null, true))))));
        assertPolicyError(s, "RouteError", "RateLimitPolicyNotValid",
                "route.rateLimitPolicy is invalid: rate limit descriptor entry must have exactly one field set");
    }

    @Test
    void aRedirectWithPathAndPrefixIsInvalid() {
        RouteSpec s = RouteSpec.prefix("/");
        s.redirect = new HTTPProxy.RequestRedirectPolicy(null, null, null, null, "/a", "/b");
        assertPolicyError(s, "RouteError", "RequestRedirectPolicy",
                "route.requestRedirectPolicy is invalid: cannot specify both redirect path and redirect prefix");
    }

    @Test
    void aHealthCheckWithAnOutOfRangeStatusIsInvalid() {
        RouteSpec s = home();
        s.healthCheckPolicy = new HTTPProxy.HttpHealthCheckPolicy("/hc", "", 0, 0, 0, 0, List.of(new HTTPProxy.HttpStatusRange(99, 200)));
        assertPolicyError(s, "RouteError", "HealthCheckPolicyInvalid",
                "invalid expected status range: start must be in the range [100, 599]");
        s.healthCheckPolicy = new HTTPProxy.HttpHealthCheckPolicy("/hc", "", 0, 0, 0, 0, List.of(new HTTPProxy.HttpStatusRange(200, 601)));
        assertPolicyError(s, "RouteError", "HealthCheckPolicyInvalid",
                "invalid expected status range: end must be in the range [101, 600]");
    }

    @Test
    void prefixReplacementsNeedAPrefixAndNoDuplicates() {
        RouteSpec s = home();
        s.conditions = List.of(MatchCondition.exact("/x"));
        s.pathRewritePolicy = new HTTPProxy.PathRewritePolicy(List.of(new HTTPProxy.ReplacePrefix("", "/y")));
        assertPolicyError(s, "PrefixReplaceError", "MustHavePrefix", "cannot specify prefix replacements without a prefix condition");
        s = home();
        s.pathRewritePolicy = new HTTPProxy.PathRewritePolicy(List.of(new HTTPProxy.ReplacePrefix("/a", "/y"),
                new HTTPProxy.ReplacePrefix("/a", "/z")));
        assertPolicyError(s, "PrefixReplaceError", "DuplicateReplacement", "duplicate replacement prefix '/a'");
        s.pathRewritePolicy = new HTTPProxy.PathRewritePolicy(List.of(new HTTPProxy.ReplacePrefix("", "/y"),
                new HTTPProxy.ReplacePrefix("", "/z")));
        assertPolicyError(s, "PrefixReplaceError", "AmbiguousReplacement", "ambiguous prefix replacement");
    }

    @Test
    void invalidHashPoliciesAreWarningsAndFallBackToRoundRobin() {
        RouteSpec s = home();
        s.loadBalancerPolicy = new HTTPProxy.LoadBalancerPolicy("RequestHash", List.of(
                new HTTPProxy.RequestHashPolicy(false, null, null, false)));
        HTTPProxy p = root("roots", "p", "example.com", s.build());
        BuildResult r = build(ROOTS, p, service("roots", "home", 8080));
        assertThat(status(r, p).currentStatus()).isEqualTo("valid");
        assertThat(warnings(r, p)).containsExactly(
                new SubCondition("SpecError", "IgnoredField", "ignoring invalid request hash policy, must set exactly one of "
                        + "hashSourceIP or headerHashOptions or queryParameterHashOptions"),
                new SubCondition("SpecError", "IgnoredField",
                        "ignoring invalid request hash policy options, setting load balancer strategy to default RoundRobin"));
        assertThat(ProxyFixtures.routeFor(r, "example.com", "/").clusters().get(0).loadBalancerPolicy()).isEqualTo("RoundRobin");
    }

    // ---------------------------------------------------------------- services

    @Test
    void aMissingServiceIsInvalidAndTheRouteAnswers503() {
        HTTPProxy p = root("roots", "p", "example.com", route("/", svc("missing", 8080)));
        BuildResult r = build(ROOTS, p);
        assertError(r, p, "ServiceError", "ServiceUnresolvedReference",
                "Spec.Routes unresolved service reference: service \"roots/missing\" not found");
        assertThat(ProxyFixtures.routeFor(r, "example.com", "/").directResponse().statusCode()).isEqualTo(503);
    }

    @Test
    void anUnmatchedServicePortIsInvalid() {
        HTTPProxy p = root("roots", "p", "example.com", route("/", svc("home", 9999)));
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, "ServiceError", "ServiceUnresolvedReference",
                "Spec.Routes unresolved service reference: port \"9999\" on service \"roots/home\" not matched");
    }

    @Test
    void anOutOfRangeServicePortIsInvalid() {
        HTTPProxy p = root("roots", "p", "example.com", route("/", svc("home", 65536)));
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, "ServiceError", "ServicePortInvalid",
                "service \"home\": port must be in the range 1-65535");
    }

    @Test
    void anUnknownServiceProtocolIsInvalid() {
        HTTPProxy.Service s = new HTTPProxy.Service("home", 8080, 0, "h3", 0, null, false, null, null, List.of(), null);
        HTTPProxy p = root("roots", "p", "example.com", route("/", s));
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, "ServiceError", "UnsupportedProtocol", "unsupported protocol: h3");
    }

    @Test
    void twoMirrorsOnOneRouteAreInvalid() {
        HTTPProxy.Service m = new HTTPProxy.Service("home", 8080, 0, null, 0, null, true, null, null, List.of(), null);
        HTTPProxy p = root("roots", "p", "example.com", route("/", svc("home", 8080), m, m));
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, "ServiceError", "OnlyOneMirror",
                "only one service per route may be nominated as mirror");
    }

    private static HTTPProxy.Service slowStart(String window, String aggression) {
        return new HTTPProxy.Service("home", 8080, 0, null, 0, null, false, null, null, List.of(),
                new HTTPProxy.SlowStartPolicy(window, aggression, 10));
    }

    @Test
    void slowStartNeedsAValidWindowAggressionAndStrategy() {
        assertPolicyError(RouteSpec.prefix("/").to(slowStart("5", "")), "ServiceError", "SlowStartInvalid",
                "error parsing window: time: missing unit in duration \"5\" on slow start");
        assertPolicyError(RouteSpec.prefix("/").to(slowStart("5s", "big")), "ServiceError", "SlowStartInvalid",
                "error parsing aggression: \"big\" is not a decimal number on slow start");
        RouteSpec s = RouteSpec.prefix("/").to(slowStart("5s", ""));
        s.loadBalancerPolicy = new HTTPProxy.LoadBalancerPolicy("Random", List.of());
        assertPolicyError(s, "ServiceError", "SlowStartInvalid",
                "slow start is only supported with RoundRobin or WeightedLeastRequest load balancer strategy");
    }

    private static HTTPProxy.Service validated(String ca, String subject, List<String> subjects) {
        return new HTTPProxy.Service("home", 8080, 0, "tls", 0, new HTTPProxy.UpstreamValidation(ca, subject, subjects), false,
                null, null, List.of(), null);
    }

    @Test
    void upstreamValidationProblemsAreReportedPerService() {
        HTTPProxy p = root("roots", "p", "example.com", route("/", validated("missing-ca", "home", List.of())));
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, "ServiceError", "TLSUpstreamValidation",
                "Service [home:8080] TLS upstream validation policy error: invalid CA Secret \"roots/missing-ca\": Secret not found");
        HTTPProxy q = root("roots", "p", "example.com", route("/", validated("ca", "a", List.of("b", "a"))));
        assertError(build(ROOTS, q, service("roots", "home", 8080), caSecret("roots", "ca")), q, "ServiceError",
                "TLSUpstreamValidation", "Service [home:8080] TLS upstream validation policy error: first entry of SubjectNames (b) "
                        + "does not match SubjectName (a)");
        HTTPProxy d = root("roots", "p", "example.com", route("/", validated("certs/ca", "home", List.of())));
        assertError(build(ROOTS, d, service("roots", "home", 8080), caSecret("certs", "ca")), d, "TLSError",
                "CACertificateNotDelegated",
                "service.UpstreamValidation.CACertificate Secret \"certs/ca\" is not configured for certificate delegation");
    }

    // ---------------------------------------------------------------- TLS

    @Test
    void tlsWithBothPassthroughAndSecretIsInvalid() {
        HTTPProxy p = tlsRoot("example.com", new HTTPProxy.Tls("secret", "", "", true, null, false), route("/", svc("home", 8080)));
        assertError(build(ROOTS, p), p, "TLSError", "TLSConfigNotValid", "Spec.VirtualHost.TLS: both Passthrough and SecretName were specified");
    }

    @Test
    void tlsWithNeitherPassthroughNorSecretIsInvalid() {
        HTTPProxy p = tlsRoot("example.com", new HTTPProxy.Tls("", "", "", false, null, false), route("/", svc("home", 8080)));
        assertError(build(ROOTS, p), p, "TLSError", "TLSConfigNotValid",
                "Spec.VirtualHost.TLS: neither Passthrough nor SecretName were specified");
    }

    @Test
    void aMinimumAboveTheMaximumVersionIsInvalid() {
        HTTPProxy p = tlsRoot("example.com", new HTTPProxy.Tls("secret", "1.3", "1.2", false, null, false), route("/", svc("home", 8080)));
        assertError(build(ROOTS, p, tlsSecret("roots", "secret")), p, "TLSError", "TLSConfigNotValid",
                "Spec.Virtualhost.TLS the minimum protocol version is greater than the maximum protocol version");
    }

    @Test
    void passthroughWithFallbackOrClientValidationIsIncompatible() {
        HTTPProxy.TcpProxy tcp = HTTPProxy.TcpProxy.to(List.of(svc("home", 8080)));
        HTTPProxy fb = root("roots", "p", HTTPProxy.VirtualHost.of("example.com", new HTTPProxy.Tls("", "", "", true, null, true)),
                List.of(), List.of(), tcp);
        assertError(build(ROOTS, fb, service("roots", "home", 8080)), fb, "TLSError", "TLSIncompatibleFeatures",
                "Spec.VirtualHost.TLS: both Passthrough and enableFallbackCertificate were specified");
        HTTPProxy cv = root("roots", "p", HTTPProxy.VirtualHost.of("example.com", new HTTPProxy.Tls("", "", "", true,
                new HTTPProxy.DownstreamValidation("ca", false, null, "", false, false), false)), List.of(), List.of(), tcp);
        assertError(build(ROOTS, cv, service("roots", "home", 8080)), cv, "TLSError", "TLSIncompatibleFeatures",
                "Spec.VirtualHost.TLS passthrough cannot be combined with tls.clientValidation");
    }

    @Test
    void fallbackIsIncompatibleWithClientValidationAuthorizationAndJwt() {
        ContourConfig fbConfig = ROOTS.toBuilder().tls(new ContourConfig.Tls("", "", List.of(), List.of(),
                new ContourConfig.NamespacedName("roots", "fallback"), null)).build();
        HTTPProxy cv = tlsRoot("example.com", tls("secret", new HTTPProxy.DownstreamValidation("ca", false, null, "", false, false), true),
                route("/", svc("home", 8080)));
        assertError(build(fbConfig, cv, tlsSecret("roots", "secret")), cv, "TLSError", "TLSIncompatibleFeatures",
                "Spec.Virtualhost.TLS fallback & client validation are incompatible");
        HTTPProxy auth = vhostRoot(new HTTPProxy.VirtualHost("example.com", tls("secret", null, true), authorization("authz"),
                null, null, List.of(), List.of(), List.of()), route("/", svc("home", 8080)));
        assertError(build(fbConfig, auth, tlsSecret("roots", "secret")), auth, "TLSError", "TLSIncompatibleFeatures",
                "Spec.Virtualhost.TLS fallback & client authorization are incompatible");
        HTTPProxy jwt = vhostRoot(new HTTPProxy.VirtualHost("example.com", tls("secret", null, true), null, null, null,
                List.of(localJwt("p1", false)), List.of(), List.of()), route("/", svc("home", 8080)));
        assertError(build(fbConfig, jwt, tlsSecret("roots", "secret")), jwt, "TLSError", "TLSIncompatibleFeatures",
                "Spec.Virtualhost.TLS fallback & JWT providers are incompatible");
    }

    @Test
    void aMissingOrUndelegatedTlsSecretIsInvalid() {
        HTTPProxy p = tlsRoot("example.com", HTTPProxy.Tls.secret("missing"), route("/", svc("home", 8080)));
        assertError(build(ROOTS, p), p, "TLSError", "SecretNotValid", "Spec.VirtualHost.TLS Secret \"missing\" is invalid: Secret not found");
        HTTPProxy d = tlsRoot("example.com", HTTPProxy.Tls.secret("projectcontour/default-ssl-cert"), route("/", svc("home", 8080)));
        assertError(build(ROOTS, d, tlsSecret("projectcontour", "default-ssl-cert")), d, "TLSError", "DelegationNotPermitted",
                "Spec.VirtualHost.TLS Secret \"projectcontour/default-ssl-cert\" certificate delegation not permitted");
    }

    @Test
    void fallbackCertificateProblemsAreReported() {
        HTTPProxy p = tlsRoot("example.com", tls("secret", null, true), route("/", svc("home", 8080)));
        assertError(build(ROOTS, p, tlsSecret("roots", "secret")), p, "TLSError", "FallbackNotPresent",
                "Spec.Virtualhost.TLS enabled fallback but the fallback Certificate Secret is not configured in Contour configuration file");
        ContourConfig missing = ROOTS.toBuilder().tls(new ContourConfig.Tls("", "", List.of(), List.of(),
                new ContourConfig.NamespacedName("non-existing", "non-existing"), null)).build();
        assertError(build(missing, p, tlsSecret("roots", "secret"), delegation("non-existing", "non-existing", "*")), p, "TLSError",
                "FallbackNotValid", "Spec.Virtualhost.TLS Secret \"non-existing/non-existing\" fallback certificate is invalid: Secret not found");
        ContourConfig undelegated = ROOTS.toBuilder().tls(new ContourConfig.Tls("", "", List.of(), List.of(),
                new ContourConfig.NamespacedName("not-delegated", "not-delegated"), null)).build();
        assertError(build(undelegated, p, tlsSecret("roots", "secret"), tlsSecret("not-delegated", "not-delegated")), p, "TLSError",
                "FallbackNotDelegated", "Spec.VirtualHost.TLS Secret \"not-delegated/not-delegated\" is not configured for certificate delegation");
    }

    @Test
    void clientValidationProblemsAreReported() {
        HTTPProxy noCa = tlsRoot("example.com", tls("secret", new HTTPProxy.DownstreamValidation("", false, null, "", false, false), false),
                route("/", svc("home", 8080)));
        assertError(build(ROOTS, noCa, tlsSecret("roots", "secret"), service("roots", "home", 8080)), noCa, "TLSError",
                "ClientValidationInvalid", "Spec.VirtualHost.TLS client validation is invalid: CA Secret must be specified");
        HTTPProxy caMissing = tlsRoot("example.com", tls("secret",
                new HTTPProxy.DownstreamValidation("delegated/delegated", false, null, "", false, false), false), route("/", svc("home", 8080)));
        assertError(build(ROOTS, caMissing, tlsSecret("roots", "secret"), delegation("delegated", "delegated", "roots")), caMissing,
                "TLSError", "ClientValidationInvalid",
                "Spec.VirtualHost.TLS client validation is invalid: invalid CA Secret \"delegated/delegated\": Secret not found");
        assertError(build(ROOTS, caMissing, tlsSecret("roots", "secret"), caSecret("delegated", "delegated")), caMissing, "TLSError",
                "DelegationNotPermitted",
                "Spec.VirtualHost.TLS CA Secret \"delegated/delegated\" is invalid: certificate delegation not permitted");
        HTTPProxy crl = tlsRoot("example.com", tls("secret",
                new HTTPProxy.DownstreamValidation("ca", false, null, "delegated/delegated", false, false), false), route("/", svc("home", 8080)));
        assertError(build(ROOTS, crl, tlsSecret("roots", "secret"), caSecret("roots", "ca"), delegation("delegated", "delegated", "roots")),
                crl, "TLSError", "ClientValidationInvalid",
                "Spec.VirtualHost.TLS client validation is invalid: invalid CRL Secret \"delegated/delegated\": Secret not found");
        assertError(build(ROOTS, crl, tlsSecret("roots", "secret"), caSecret("roots", "ca"), crlSecret("delegated", "delegated")),
                crl, "TLSError", "DelegationNotPermitted",
                "Spec.VirtualHost.TLS CRL Secret \"delegated/delegated\" is invalid: certificate delegation not permitted");
    }

    // ---------------------------------------------------------------- tcpproxy

    @Test
    void aTcpProxyNeedsTls() {
        HTTPProxy p = root("roots", "p", HTTPProxy.VirtualHost.of("example.com"), List.of(), List.of(),
                HTTPProxy.TcpProxy.to(List.of(svc("home", 8080))));
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, "TCPProxyError", "TLSMustBeConfigured",
                "Spec.TCPProxy requires that either Spec.TLS.Passthrough or Spec.TLS.SecretName be set");
    }

    private static HTTPProxy passthrough(String name, HTTPProxy.TcpProxy tcp) {
        return root("roots", name, HTTPProxy.VirtualHost.of("example.com", HTTPProxy.Tls.passthroughOnly()), List.of(), List.of(), tcp);
    }

    @Test
    void aTcpProxyWithServicesAndIncludeOrNeitherIsInvalid() {
        HTTPProxy both = passthrough("p", new HTTPProxy.TcpProxy(null, List.of(svc("home", 8080)),
                new HTTPProxy.TcpProxyInclude("c", ""), null, null));
        assertError(build(ROOTS, both, service("roots", "home", 8080)), both, "TCPProxyError", "NoServicesAndInclude",
                "cannot specify services and include in the same httpproxy");
        HTTPProxy neither = passthrough("p", HTTPProxy.TcpProxy.to(List.of()));
        assertError(build(ROOTS, neither), neither, "TCPProxyError", "NothingDefined", "either services or inclusion must be specified");
    }

    @Test
    void aTcpProxyServiceMustResolve() {
        HTTPProxy p = passthrough("p", HTTPProxy.TcpProxy.to(List.of(svc("not-found", 8080))));
        assertError(build(ROOTS, p), p, "TCPProxyError", "ServiceUnresolvedReference",
                "Spec.TCPProxy unresolved service reference: service \"roots/not-found\" not found");
    }

    @Test
    void tcpProxyIncludeProblemsAreReported() {
        HTTPProxy missing = passthrough("p", HTTPProxy.TcpProxy.including("", "foo"));
        assertError(build(ROOTS, missing), missing, "TCPProxyIncludeError", "IncludeNotFound", "include roots/foo not found");
        HTTPProxy other = root("roots", "other", HTTPProxy.VirtualHost.of("other.com", HTTPProxy.Tls.passthroughOnly()), List.of(),
                List.of(), HTTPProxy.TcpProxy.to(List.of(svc("home", 8080))));
        HTTPProxy rootRoot = passthrough("p", HTTPProxy.TcpProxy.including("roots", "other"));
        assertError(build(ROOTS, rootRoot, other, service("roots", "home", 8080)), rootRoot, "TCPProxyIncludeError", "RootIncludesRoot",
                "root httpproxy cannot include another root httpproxy (roots/other)");
        HTTPProxy parent = passthrough("p", HTTPProxy.TcpProxy.including("roots", "c"));
        HTTPProxy c = new HTTPProxy(ObjectMeta.of("roots", "c"), new HTTPProxy.Spec(null, List.of(),
                HTTPProxy.TcpProxy.including("roots", "c"), List.of(), ""));
        BuildResult r = build(ROOTS, parent, c);
        assertError(r, c, "TCPProxyIncludeError", "IncludeCreatesCycle", "include creates a cycle: roots/p -> roots/c -> roots/c");
    }

    @Test
    void aCookieStrategyOnATcpProxyIsAWarning() {
        HTTPProxy p = passthrough("p", new HTTPProxy.TcpProxy(new HTTPProxy.LoadBalancerPolicy("Cookie", List.of()),
                List.of(svc("home", 8080)), null, null, null));
        BuildResult r = build(ROOTS, p, service("roots", "home", 8080));
        assertThat(status(r, p).currentStatus()).isEqualTo("valid");
        assertThat(warnings(r, p)).containsExactly(new SubCondition("TCPProxyError", "IgnoredField",
                "ignoring field \"Spec.TCPProxy.LoadBalancerPolicy\"; Cookie load balancer policy is not supported for TCPProxies"));
    }

    // ---------------------------------------------------------------- authorization

    static HTTPProxy.AuthorizationServer authorization(String name) {
        return new HTTPProxy.AuthorizationServer(new HTTPProxy.ExtensionServiceReference("", "auth", name), "", null, null, "", false, null);
    }

    static ExtensionService extension(String ns, String name) {
        return new ExtensionService(ObjectMeta.of(ns, name), new ExtensionService.Spec(
                List.of(new ExtensionService.Target("authz", 9443, 0)), null, "h2c", null, null, "", null));
    }

    private static HTTPProxy authRoot(HTTPProxy.AuthorizationServer auth) {
        return vhostRoot(new HTTPProxy.VirtualHost("example.com", HTTPProxy.Tls.secret("secret"), auth, null, null, List.of(), List.of(),
                List.of()), route("/", svc("home", 8080)));
    }

    private static Object[] authObjects(HTTPProxy p) {
        return new Object[] {p, tlsSecret("roots", "secret"), service("roots", "home", 8080), extension("auth", "authz"),
                service("auth", "authz", 9443)};
    }

    @Test
    void authorizationWithoutTlsIsNotPermitted() {
        HTTPProxy p = vhostRoot(new HTTPProxy.VirtualHost("example.com", null, authorization("authz"), null, null, List.of(), List.of(),
                List.of()), route("/", svc("home", 8080)));
        assertError(build(ROOTS, p), p, "AuthError", "AuthNotPermitted",
                "Spec.VirtualHost.Authorization.ExtensionServiceRef can only be defined for root HTTPProxies that terminate TLS");
    }

    @Test
    void authorizationProblemsAreReported() {
        HTTPProxy missing = authRoot(authorization("nope"));
        assertError(build(ROOTS, authObjects(missing)), missing, "AuthError", "ExtensionServiceNotFound",
                "Spec.Virtualhost.Authorization.ServiceRef extension service \"auth/nope\" not found");
        HTTPProxy version = authRoot(new HTTPProxy.AuthorizationServer(new HTTPProxy.ExtensionServiceReference(
                "projectcontour.io/v1", "auth", "authz"), "", null, null, "", false, null));
        assertError(build(ROOTS, authObjects(version)), version, "AuthError", "AuthBadResourceVersion",
                "Spec.Virtualhost.Authorization.extensionRef specifies an unsupported resource version \"projectcontour.io/v1\"");
        HTTPProxy timeout = authRoot(new HTTPProxy.AuthorizationServer(new HTTPProxy.ExtensionServiceReference("", "auth", "authz"),
                "", null, null, "never", false, null));
        assertError(build(ROOTS, authObjects(timeout)), timeout, "AuthError", "AuthResponseTimeoutInvalid",
                "Spec.Virtualhost.Authorization.ResponseTimeout is invalid: unable to parse timeout string \"never\": "
                        + "time: invalid duration \"never\"");
        HTTPProxy context = authRoot(new HTTPProxy.AuthorizationServer(new HTTPProxy.ExtensionServiceReference("", "auth", "authz"),
                "http", null, new HTTPProxy.AuthorizationPolicy(false, Map.of("k", "v")), "", false, null));
        assertError(build(ROOTS, authObjects(context)), context, "AuthError", "AuthContextForHTTP",
                "Spec.Virtualhost.Authorization.AuthPolicy.Context are only applied to grpc service type");
        HTTPProxy headers = authRoot(new HTTPProxy.AuthorizationServer(new HTTPProxy.ExtensionServiceReference("", "auth", "authz"),
                "http", new HTTPProxy.HttpAuthorizationServerSettings("", List.of(new HTTPProxy.AllowedHeader("a", "b", "", "", false)),
                        List.of()), null, "", false, null));
        assertError(build(ROOTS, authObjects(headers)), headers, "AuthError", "AuthBadAllowedHeader",
                "Spec.Virtualhost.Authorization.HTTPServerSettings.AllowedAuthorizationHeaders is invalid: only one of prefix, "
                        + "suffix, exact, and contains should be set in the allowedHeader");
    }

    // ---------------------------------------------------------------- JWT

    static HTTPProxy.JwtProvider localJwt(String name, boolean isDefault) {
        return new HTTPProxy.JwtProvider(name, isDefault, "issuer", List.of(), null, new HTTPProxy.LocalJwks("jwks", "jwks.json"), false);
    }

    static HTTPProxy.JwtProvider remoteJwt(String name, HTTPProxy.RemoteJwks remote) {
        return new HTTPProxy.JwtProvider(name, false, "issuer", List.of(), remote, null, false);
    }

    private static HTTPProxy jwtRoot(List<HTTPProxy.JwtProvider> providers, HTTPProxy.Route... routes) {
        return vhostRoot(new HTTPProxy.VirtualHost("example.com", HTTPProxy.Tls.secret("secret"), null, null, null, providers,
                List.of(), List.of()), routes.length == 0 ? new HTTPProxy.Route[] {route("/", svc("home", 8080))} : routes);
    }

    private static BuildResult buildJwt(HTTPProxy p, Object... more) {
        List<Object> all = new java.util.ArrayList<>(List.of(p, tlsSecret("roots", "secret"), service("roots", "home", 8080),
                opaque("roots", "jwks", "jwks.json", "{\"keys\": []}")));
        all.addAll(List.of(more));
        return build(ROOTS, all.toArray());
    }

    private static void assertJwtError(HTTPProxy p, String reason, String message, Object... more) {
        assertError(buildJwt(p, more), p, "JWTVerificationError", reason, message);
    }

    @Test
    void jwtProvidersNeedTlsTermination() {
        HTTPProxy p = vhostRoot(new HTTPProxy.VirtualHost("example.com", null, null, null, null, List.of(localJwt("p1", false)),
                List.of(), List.of()), route("/", svc("home", 8080)));
        assertError(build(ROOTS, p), p, "JWTVerificationError", "JWTVerificationNotPermitted",
                "Spec.VirtualHost.JWTProviders can only be defined for root HTTPProxies that terminate TLS");
    }

    @Test
    void jwtProviderListProblemsAreReported() {
        assertJwtError(jwtRoot(List.of(localJwt("p1", false), localJwt("p1", false))), "DuplicateProviderName",
                "Spec.VirtualHost.JWTProviders is invalid: duplicate name p1");
        assertJwtError(jwtRoot(List.of(localJwt("p1", true), localJwt("p2", true))), "MultipleDefaultProvidersSpecified",
                "Spec.VirtualHost.JWTProviders is invalid: at most one provider can be set as the default");
        assertJwtError(jwtRoot(List.of(new HTTPProxy.JwtProvider("p1", false, "", List.of(),
                        new HTTPProxy.RemoteJwks("https://jwt.example.com/jwks.json", null, "", "", ""), new HTTPProxy.LocalJwks("jwks", "k"),
                        false))), "JWKSSourceConflict",
                "Spec.VirtualHost.JWTProviders for provider \"p1\" is invalid: at most one of remoteJWKS or localJWKS may be set");
        assertJwtError(jwtRoot(List.of(new HTTPProxy.JwtProvider("p1", false, "", List.of(), null, null, false))), "JWKSSourceMissing",
                "Spec.VirtualHost.JWTProviders for provider \"p1\" is invalid: exactly one of remoteJWKS or localJWKS must be set");
    }

    @Test
    void aLocalJwksThatIsNotJsonQuotesGosDecoderError() {
        HTTPProxy p = jwtRoot(List.of(new HTTPProxy.JwtProvider("provider-1", false, "", List.of(), null,
                new HTTPProxy.LocalJwks("bad", "jwks.json"), false)));
        assertJwtError(p, "LocalJWKSInvalid", "Spec.VirtualHost.JWTProviders.LocalJWKS for provider \"provider-1\" is invalid: "
                + "not valid JSON: invalid character 'n' looking for beginning of object key string",
                opaque("roots", "bad", "jwks.json", "{not json"));
    }

    private static HTTPProxy remote(String uri, HTTPProxy.UpstreamValidation v, String timeout, String cache, String family) {
        return jwtRoot(List.of(remoteJwt("p1", new HTTPProxy.RemoteJwks(uri, v, timeout, cache, family))));
    }

    @Test
    void remoteJwksProblemsAreReported() {
        assertJwtError(remote(":/invalid-uri", null, "", "", ""), "RemoteJWKSURIInvalid",
                "Spec.VirtualHost.JWTProviders.RemoteJWKS.URI is invalid: parse \":/invalid-uri\": missing protocol scheme");
        assertJwtError(remote("ftp://jwt.example.com/jwks.json", null, "", "", ""), "RemoteJWKSSchemeInvalid",
                "Spec.VirtualHost.JWTProviders.RemoteJWKS.URI has invalid scheme \"ftp\", must be http or https");
        assertJwtError(remote("http://jwt.example.com/jwks.json", new HTTPProxy.UpstreamValidation("ca", "jwt", List.of()), "", "", ""),
                "RemoteJWKSUpstreamValidationInvalid",
                "Spec.VirtualHost.JWTProviders.RemoteJWKS.UpstreamValidation must not be specified when URI scheme is http.");
        assertJwtError(remote("https://jwt.example.com/jwks.json", new HTTPProxy.UpstreamValidation("ca", "jwt", List.of()), "", "", ""),
                "RemoteJWKSUpstreamValidationInvalid", "Spec.VirtualHost.JWTProviders.RemoteJWKS.UpstreamValidation is invalid: "
                        + "invalid CA Secret \"roots/ca\": Secret not found");
        assertJwtError(remote("https://jwt.example.com/jwks.json", new HTTPProxy.UpstreamValidation("other/ca", "jwt", List.of()), "", "",
                ""), "RemoteJWKSCACertificateNotDelegated", "Spec.VirtualHost.JWTProviders.RemoteJWKS.UpstreamValidation.CACertificate "
                        + "Secret \"other/ca\" is not configured for certificate delegation", caSecret("other", "ca"));
        assertJwtError(remote("https://jwt.example.com/jwks.json", null, "1x", "", ""), "RemoteJWKSTimeoutInvalid",
                "Spec.VirtualHost.JWTProviders.RemoteJWKS.Timeout is invalid: time: unknown unit \"x\" in duration \"1x\"");
        assertJwtError(remote("https://jwt.example.com/jwks.json", null, "", "forever", ""), "RemoteJWKSCacheDurationInvalid",
                "Spec.VirtualHost.JWTProviders.RemoteJWKS.CacheDuration is invalid: time: invalid duration \"forever\"");
        assertJwtError(remote("https://jwt.example.com/jwks.json", null, "", "", "v5"), "RemoteJWKSDNSLookupFamilyInvalid",
                "Spec.VirtualHost.JWTProviders.RemoteJWKS.DNSLookupFamily has an invalid value \"v5\", must be auto, all, v4 or v6");
    }

    @Test
    void routesMustReferenceADefinedProviderAndNotBothRequireAndDisable() {
        RouteSpec undefined = home();
        undefined.jwt = new HTTPProxy.JwtVerificationPolicy("nope", false);
        assertJwtError(jwtRoot(List.of(localJwt("p1", false)), undefined.build()), "JWTProviderNotDefined",
                "Route references an undefined JWT provider \"nope\"");
        HTTPProxy noProviders = tlsRoot("example.com", HTTPProxy.Tls.secret("secret"), undefined.build());
        assertJwtError(noProviders, "JWTProviderNotDefined", "Route references an undefined JWT provider \"nope\"");
        RouteSpec both = home();
        both.jwt = new HTTPProxy.JwtVerificationPolicy("p1", true);
        assertJwtError(jwtRoot(List.of(localJwt("p1", false)), both.build()), "InvalidJWTVerificationPolicy",
                "route's JWT verification policy cannot specify both require and disabled");
    }

    // ---------------------------------------------------------------- CORS, IP filters, virtual host rate limits

    @Test
    void anInvalidAllowOriginIsACorsError() {
        HTTPProxy p = vhostRoot(new HTTPProxy.VirtualHost("example.com", null, null, new HTTPProxy.CorsPolicy(false, List.of("**"),
                List.of("GET"), List.of(), List.of(), "", false), null, List.of(), List.of(), List.of()), route("/", svc("home", 8080)));
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, "CORSError", "PolicyDidNotParse",
                "Spec.VirtualHost.CORSPolicy: invalid allowed origin \"**\": allowed origin is invalid exact match and invalid regex match");
    }

    @Test
    void virtualHostAllowAndDenyTogetherAreIncompatible() {
        List<HTTPProxy.IpFilterPolicy> f = List.of(new HTTPProxy.IpFilterPolicy("Peer", "10.0.0.0/8"));
        HTTPProxy p = vhostRoot(new HTTPProxy.VirtualHost("example.com", null, null, null, null, List.of(), f, f),
                route("/", svc("home", 8080)));
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, "IPFilterError", "IncompatibleIPAddressFilters",
                "Spec.VirtualHost.IPAllowFilterPolicy and Spec.VirtualHost.IPDepnyFilterPolicy cannot both be defined.");
    }

    @Test
    void routeAllowAndDenyTogetherAreIncompatible() {
        RouteSpec s = home();
        s.allow = List.of(new HTTPProxy.IpFilterPolicy("Peer", "10.0.0.0/8"));
        s.deny = s.allow;
        assertPolicyError(s, "IPFilterError", "IncompatibleIPAddressFilters", "cannot specify both `ipAllowPolicy` and `ipDenyPolicy`");
    }

    @Test
    void anInvalidCidrIsReportedTwiceOnTheVirtualHost() {
        HTTPProxy p = vhostRoot(new HTTPProxy.VirtualHost("example.com", null, null, null, null, List.of(),
                List.of(new HTTPProxy.IpFilterPolicy("Peer", "abcd")), List.of()), route("/", svc("home", 8080)));
        BuildResult r = build(ROOTS, p, service("roots", "home", 8080));
        assertThat(errors(r, p)).containsExactly(
                new SubCondition("IPFilterError", "InvalidCIDR", "abcd failed to parse: invalid CIDR address: abcd/32"),
                new SubCondition("IPFilterError", "IPFilterPolicyNotValid", "Spec.VirtualHost.IPAllowFilterPolicy or "
                        + "Spec.VirtualHost.IPDenyFilterPolicy is invalid: invalid CIDR address: abcd/32"));
    }

    @Test
    void anInvalidVirtualHostRateLimitIsAVirtualHostError() {
        HTTPProxy p = vhostRoot(new HTTPProxy.VirtualHost("example.com", null, null, null, new HTTPProxy.RateLimitPolicy(
                new HTTPProxy.LocalRateLimitPolicy(0, "second", 0, 0, List.of()), null), List.of(), List.of(), List.of()),
                route("/", svc("home", 8080)));
        assertError(build(ROOTS, p, service("roots", "home", 8080)), p, "VirtualHostError", "RateLimitPolicyNotValid",
                "Spec.VirtualHost.RateLimitPolicy is invalid: invalid requests value 0 in local rate limit policy");
    }

    // ---------------------------------------------------------------- ingress class

    @Test
    void aProxyForAnotherIngressClassIsIgnoredAndCannotBeIncluded() {
        HTTPProxy other = new HTTPProxy(ObjectMeta.of("roots", "other").withAnnotation("projectcontour.io/ingress.class", "internal"),
                new HTTPProxy.Spec(null, List.of(route("/", svc("home", 8080))), null, List.of(), ""));
        HTTPProxy p = withIncludes(root("roots", "p", "example.com"), include("roots", "other", MatchCondition.prefix("/o")));
        BuildResult r = build(ROOTS, p, other, service("roots", "home", 8080));
        assertThat(status(r, other).currentStatus()).isEqualTo("ignored");
        assertThat(status(r, other).description()).isEqualTo("ingress class \"internal\" does not match this Contour (contour)");
        assertError(r, p, "IncludeError", "IncludeNotFound", "include roots/other not found");
    }
}
