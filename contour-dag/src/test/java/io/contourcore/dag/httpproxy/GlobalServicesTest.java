package io.contourcore.dag.httpproxy;

import static io.contourcore.dag.httpproxy.ProxyFixtures.build;
import static io.contourcore.dag.httpproxy.ProxyFixtures.errors;
import static io.contourcore.dag.httpproxy.ProxyFixtures.root;
import static io.contourcore.dag.httpproxy.ProxyFixtures.route;
import static io.contourcore.dag.httpproxy.ProxyFixtures.routes;
import static io.contourcore.dag.httpproxy.ProxyFixtures.secureVhost;
import static io.contourcore.dag.httpproxy.ProxyFixtures.service;
import static io.contourcore.dag.httpproxy.ProxyFixtures.status;
import static io.contourcore.dag.httpproxy.ProxyFixtures.svc;
import static io.contourcore.dag.httpproxy.ProxyFixtures.tlsSecret;
import static io.contourcore.dag.httpproxy.ProxyFixtures.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.httpproxy.ProxyFixtures.RouteSpec;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.ExtensionService;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Service;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code globalExtAuth} and {@code rateLimitService}: startup resolution and what they do to virtual hosts and routes. */
class GlobalServicesTest {

    private static final Service HOME = service("default", "home", 80);
    private static final Service AUTH = service("auth", "authz", 9000);
    private static final ContourConfig.NamespacedName AUTH_REF = new ContourConfig.NamespacedName("auth", "authz");

    private static ExtensionService ext(String ns, String name, String target, String responseTimeout, String subjectName) {
        return new ExtensionService(ObjectMeta.of(ns, name), new ExtensionService.Spec(
                List.of(new ExtensionService.Target(target, 9000, 0)),
                subjectName == null ? null : new HTTPProxy.UpstreamValidation("ca", subjectName, List.of()),
                null, null, responseTimeout == null ? null : new HTTPProxy.TimeoutPolicy(responseTimeout, "", ""), "", null));
    }

    private static ContourConfig globalAuth(HTTPProxy.AuthorizationPolicy policy, String responseTimeout) {
        return ContourConfig.DEFAULTS.toBuilder().globalExtAuth(
                new ContourConfig.GlobalExternalAuthorization(AUTH_REF, "", null, policy, responseTimeout, false, null)).build();
    }

    private static ContourConfig rateLimit(HTTPProxy.GlobalRateLimitPolicy defaultPolicy) {
        return ContourConfig.DEFAULTS.toBuilder().rateLimitService(new ContourConfig.RateLimitService(
                new ContourConfig.NamespacedName("projectcontour", "ratelimit"), "contour", false, false, false, defaultPolicy)).build();
    }

    private static HTTPProxy tlsRoot(String name, String fqdn, HTTPProxy.AuthorizationServer auth, HTTPProxy.Route... routes) {
        HTTPProxy.VirtualHost vh = new HTTPProxy.VirtualHost(fqdn, new HTTPProxy.Tls("tls", "", "", false, null, false), auth,
                null, null, List.of(), List.of(), List.of());
        return root("default", name, vh, List.of(routes), List.of(), null);
    }

    private static HTTPProxy plainRoot(String name, String fqdn, HTTPProxy.AuthorizationServer auth,
            HTTPProxy.RateLimitPolicy rlp, HTTPProxy.Route... routes) {
        HTTPProxy.VirtualHost vh = new HTTPProxy.VirtualHost(fqdn, null, auth, null, rlp, List.of(), List.of(), List.of());
        return root("default", name, vh, List.of(routes), List.of(), null);
    }

    private static HTTPProxy.AuthorizationServer policyOnly(boolean disabled) {
        return new HTTPProxy.AuthorizationServer(null, "", null, new HTTPProxy.AuthorizationPolicy(disabled, Map.of()), "", false, null);
    }

    private static HTTPProxy.GlobalRateLimitPolicy generic(String value) {
        return new HTTPProxy.GlobalRateLimitPolicy(false, List.of(new HTTPProxy.RateLimitDescriptor(List.of(
                new HTTPProxy.RateLimitDescriptorEntry(new HTTPProxy.GenericKeyDescriptor("", value), null, null, false)))));
    }

    private static List<String> genericValues(Dag.RateLimitPolicy p) {
        return p.global().descriptors().stream().flatMap(d -> d.entries().stream()).map(Dag.RateLimitDescriptorEntry::genericKeyValue).toList();
    }

    // ---------------------------------------------------------------- startup resolution

    @Test
    void theExtensionServiceIsReadAsServeReadsItAtStartup() {
        ContourConfig c = rateLimit(null).toBuilder().globalExtAuth(new ContourConfig.GlobalExternalAuthorization(AUTH_REF, "", null, null,
                "5s", true, new HTTPProxy.AuthorizationServerBufferSettings(0, true, false))).build();
        List<K8sObject> objects = List.of(ext("auth", "authz", "authz", "250ms", null),
                ext("projectcontour", "ratelimit", "missing", "infinity", "rls.example.com"));
        GlobalServices.Resolved g = GlobalServices.resolve(ResourceSet.of(objects), c);
        assertThat(g.errors()).isEmpty();
        assertThat(g.rateLimitService()).isEqualTo(new Dag.RateLimitService(
                new Dag.ExtensionServiceConfig("projectcontour", "ratelimit", Timeout.DISABLED, "rls.example.com"),
                "contour", false, false, false));
        Dag.GlobalExternalAuthorization auth = g.globalExternalAuthorization();
        assertThat(auth.extensionService()).isEqualTo(
                new Dag.ExtensionServiceConfig("auth", "authz", Timeout.of(Duration.ofMillis(250)), ""));
        Dag.ExternalAuthorization ea = auth.authorization();
        assertThat(ea.authorizationService().name()).isEqualTo("extension/auth/authz");
        assertThat(ea.serviceApiType()).isEqualTo(Dag.AuthorizationServiceType.GRPC);
        assertThat(ea.responseTimeout()).as("the listener uses the ExtensionService's timeout, not globalExtAuth's")
                .isEqualTo(Timeout.of(Duration.ofMillis(250)));
        assertThat(ea.failOpen()).isTrue();
        assertThat(ea.withRequestBody()).isEqualTo(new Dag.AuthorizationServerBufferSettings(1024, true, false));
    }

    @Test
    void anHttpGlobalServerKeepsItsSettings() {
        HTTPProxy.HttpAuthorizationServerSettings http = new HTTPProxy.HttpAuthorizationServerSettings("/auth",
                List.of(new HTTPProxy.AllowedHeader("x-user", "", "", "", true)), List.of());
        ContourConfig c = ContourConfig.DEFAULTS.toBuilder().globalExtAuth(new ContourConfig.GlobalExternalAuthorization(AUTH_REF, "http",
                http, null, "", false, null)).build();
        Dag.ExternalAuthorization ea = GlobalServices.resolve(ResourceSet.of(List.of(ext("auth", "authz", "authz", null, null))), c)
                .globalExternalAuthorization().authorization();
        assertThat(ea.serviceApiType()).isEqualTo(Dag.AuthorizationServiceType.HTTP);
        assertThat(ea.httpPathPrefix()).isEqualTo("/auth");
        assertThat(ea.httpAllowedAuthorizationHeaders()).containsExactly(new Dag.HeaderNameMatch("exact", "x-user", true));
    }

    @Test
    void aMissingExtensionServiceOrABadTimeoutIsUpstreamsStartupError() {
        ContourConfig c = rateLimit(null).toBuilder().globalExtAuth(new ContourConfig.GlobalExternalAuthorization(AUTH_REF, "", null, null,
                "", false, null)).build();
        GlobalServices.Resolved g = GlobalServices.resolve(ResourceSet.of(List.of(ext("auth", "authz", "authz", "soon", null))), c);
        assertThat(g.errors()).containsExactly(
                "error getting extension service projectcontour/ratelimit: extensionservices.projectcontour.io \"ratelimit\" not found",
                "error parsing extension service auth/authz response timeout: unable to parse timeout string \"soon\": "
                        + "time: invalid duration \"soon\"");
        assertThat(g.rateLimitService()).isNull();
        assertThat(g.globalExternalAuthorization()).isNull();
    }

    @Test
    void aGlobalServerAnHttpProxyCouldNotHaveStopsTheStart() {
        List<K8sObject> objects = List.of(ext("auth", "authz", "authz", null, null));
        ContourConfig badTimeout = globalAuth(null, "often");
        assertThat(GlobalServices.resolve(ResourceSet.of(objects), badTimeout).errors()).containsExactly(
                "Spec.Virtualhost.Authorization.ResponseTimeout is invalid: unable to parse timeout string \"often\": "
                        + "time: invalid duration \"often\"");
        ContourConfig contextForHttp = ContourConfig.DEFAULTS.toBuilder().globalExtAuth(new ContourConfig.GlobalExternalAuthorization(
                AUTH_REF, "http", null, new HTTPProxy.AuthorizationPolicy(false, Map.of("k", "v")), "", false, null)).build();
        assertThat(GlobalServices.resolve(ResourceSet.of(objects), contextForHttp).errors()).containsExactly(
                "Spec.Virtualhost.Authorization.AuthPolicy.Context are only applied to grpc service type");
    }

    @Test
    void withoutGlobalServicesTheDagCarriesNone() {
        BuildResult r = build(root("default", "p", "example.com", route("/", svc("home", 80))), HOME);
        assertThat(r.dag().rateLimitService()).isNull();
        assertThat(r.dag().globalExternalAuthorization()).isNull();
    }

    // ---------------------------------------------------------------- global external authorization

    @Test
    void aTlsVirtualHostGetsTheGlobalServerWithTheGlobalResponseTimeout() {
        HTTPProxy p = tlsRoot("p", "example.com", null, route("/", svc("home", 80)));
        BuildResult r = build(globalAuth(null, "5s"), p, HOME, tlsSecret("default", "tls"), AUTH, ext("auth", "authz", "authz", "1m", null));
        assertThat(status(r, p).currentStatus()).isEqualTo("valid");
        Dag.ExternalAuthorization ea = secureVhost(r, "example.com").orElseThrow().externalAuthorization();
        assertThat(ea.authorizationService().name()).isEqualTo("extension/auth/authz");
        assertThat(ea.responseTimeout()).isEqualTo(Timeout.of(Duration.ofSeconds(5)));
        assertThat(r.dag().globalExternalAuthorization().extensionService().timeout()).isEqualTo(Timeout.of(Duration.ofMinutes(1)));
    }

    @Test
    void routesTakeTheGlobalContextMergedWithTheirOwn() {
        HTTPProxy.Route merged = RouteSpec.prefix("/merged").to(svc("home", 80)).build();
        merged = new HTTPProxy.Route(merged.conditions(), merged.services(), false, false,
                new HTTPProxy.AuthorizationPolicy(false, Map.of("type", "route", "extra", "x")), null, null, null, null, null, null,
                null, List.of(), null, null, null, null, null, List.of(), List.of());
        HTTPProxy p = plainRoot("p", "example.com", null, null, merged, route("/", svc("home", 80)));
        BuildResult r = build(globalAuth(new HTTPProxy.AuthorizationPolicy(false, Map.of("type", "global", "g", "1")), ""),
                p, HOME, AUTH, ext("auth", "authz", "authz", null, null));
        assertThat(status(r, p).currentStatus()).isEqualTo("valid");
        Dag.Route m = ProxyFixtures.routeFor(r, "example.com", "/merged");
        assertThat(m.authDisabled()).isFalse();
        assertThat(m.authContext()).containsExactlyInAnyOrderEntriesOf(Map.of("type", "route", "extra", "x", "g", "1"));
        assertThat(ProxyFixtures.routeFor(r, "example.com", "/").authContext())
                .containsExactlyInAnyOrderEntriesOf(Map.of("type", "global", "g", "1"));
    }

    @Test
    void aVirtualHostThatDisablesAuthorizationKeepsTheFilterButDisablesEveryRoute() {
        HTTPProxy p = tlsRoot("p", "example.com", policyOnly(true), route("/", svc("home", 80)));
        BuildResult r = build(globalAuth(null, ""), p, HOME, tlsSecret("default", "tls"), AUTH, ext("auth", "authz", "authz", null, null));
        assertThat(secureVhost(r, "example.com").orElseThrow().externalAuthorization()).isNotNull();
        assertThat(secureVhost(r, "example.com").orElseThrow().virtualHost().routes()).isNotEmpty().allMatch(Dag.Route::authDisabled);
    }

    @Test
    void aGloballyDisabledDefaultIsTurnedBackOnByARoute() {
        HTTPProxy.Route on = new HTTPProxy.Route(List.of(HTTPProxy.MatchCondition.prefix("/on")), List.of(svc("home", 80)), false, false,
                new HTTPProxy.AuthorizationPolicy(false, Map.of()), null, null, null, null, null, null, null, List.of(), null, null,
                null, null, null, List.of(), List.of());
        HTTPProxy p = plainRoot("p", "example.com", null, null, on, route("/", svc("home", 80)));
        BuildResult r = build(globalAuth(new HTTPProxy.AuthorizationPolicy(true, Map.of()), ""), p, HOME, AUTH,
                ext("auth", "authz", "authz", null, null));
        assertThat(ProxyFixtures.routeFor(r, "example.com", "/on").authDisabled()).isFalse();
        assertThat(ProxyFixtures.routeFor(r, "example.com", "/").authDisabled()).isTrue();
    }

    @Test
    void anUnresolvableGlobalServerInvalidatesProxiesButKeepsTheirPlainHttpRoutes() {
        HTTPProxy plain = plainRoot("plain", "plain.example.com", null, null, route("/", svc("home", 80)));
        HTTPProxy optOut = plainRoot("optout", "optout.example.com", policyOnly(true), null, route("/", svc("home", 80)));
        HTTPProxy secure = tlsRoot("secure", "secure.example.com", null, route("/", svc("home", 80)));
        BuildResult r = build(globalAuth(null, ""), plain, optOut, secure, HOME, tlsSecret("default", "tls"),
                ext("auth", "authz", "missing", null, null));
        String notFound = "Spec.Virtualhost.Authorization.ServiceRef extension service \"auth/authz\" not found";
        assertThat(errors(r, plain)).extracting(SubCondition::message).containsExactly(notFound);
        assertThat(errors(r, secure)).extracting(SubCondition::message).containsExactly(notFound);
        assertThat(status(r, optOut).currentStatus()).isEqualTo("valid");
        assertThat(routes(r, "plain.example.com")).hasSize(1);
        assertThat(vhost(r, "secure.example.com")).isEmpty();
        assertThat(secureVhost(r, "secure.example.com")).isEmpty();
    }

    @Test
    void anInvalidGlobalResponseTimeoutIsAlsoReportedOnEachProxy() {
        HTTPProxy p = plainRoot("p", "example.com", null, null, route("/", svc("home", 80)));
        BuildResult r = build(globalAuth(null, "often"), p, HOME, AUTH, ext("auth", "authz", "authz", null, null));
        assertThat(errors(r, p)).extracting(SubCondition::reason).containsExactly("AuthResponseTimeoutInvalid");
    }

    // ---------------------------------------------------------------- default global rate limit policy

    @Test
    void theDefaultGlobalPolicyFillsVirtualHostsWithoutOneAndKeepsTheirLocalPolicy() {
        HTTPProxy.RateLimitPolicy local = new HTTPProxy.RateLimitPolicy(
                new HTTPProxy.LocalRateLimitPolicy(10, "second", 0, 0, List.of()), null);
        HTTPProxy bare = plainRoot("bare", "bare.example.com", null, null, route("/", svc("home", 80)));
        HTTPProxy withLocal = plainRoot("local", "local.example.com", null, local, route("/", svc("home", 80)));
        BuildResult r = build(rateLimit(generic("default")), bare, withLocal, HOME);
        assertThat(genericValues(vhost(r, "bare.example.com").orElseThrow().rateLimitPolicy())).containsExactly("default");
        Dag.RateLimitPolicy both = vhost(r, "local.example.com").orElseThrow().rateLimitPolicy();
        assertThat(both.local()).isNotNull();
        assertThat(genericValues(both)).containsExactly("default");
    }

    @Test
    void aVirtualHostsOwnGlobalPolicyOrItsOptOutWinsOverTheDefault() {
        HTTPProxy own = plainRoot("own", "own.example.com", null, new HTTPProxy.RateLimitPolicy(null, generic("own")),
                route("/", svc("home", 80)));
        HTTPProxy optOut = plainRoot("optout", "optout.example.com", null,
                new HTTPProxy.RateLimitPolicy(null, new HTTPProxy.GlobalRateLimitPolicy(true, List.of())), route("/", svc("home", 80)));
        BuildResult r = build(rateLimit(generic("default")), own, optOut, HOME);
        assertThat(genericValues(vhost(r, "own.example.com").orElseThrow().rateLimitPolicy())).containsExactly("own");
        assertThat(vhost(r, "optout.example.com").orElseThrow().rateLimitPolicy()).isNull();
    }

    @Test
    void withoutARateLimitServiceNoDefaultApplies() {
        HTTPProxy bare = plainRoot("bare", "bare.example.com", null, null, route("/", svc("home", 80)));
        assertThat(vhost(build(bare, HOME), "bare.example.com").orElseThrow().rateLimitPolicy()).isNull();
    }

    @Test
    void anInvalidDefaultPolicyInvalidatesProxiesThatWouldTakeIt() {
        HTTPProxy.GlobalRateLimitPolicy bad = new HTTPProxy.GlobalRateLimitPolicy(false, List.of(new HTTPProxy.RateLimitDescriptor(
                List.of(new HTTPProxy.RateLimitDescriptorEntry(new HTTPProxy.GenericKeyDescriptor("", "x"), null, null, true)))));
        HTTPProxy bare = plainRoot("bare", "bare.example.com", null, null, route("/", svc("home", 80)));
        HTTPProxy own = plainRoot("own", "own.example.com", null, new HTTPProxy.RateLimitPolicy(null, generic("own")),
                route("/", svc("home", 80)));
        BuildResult r = build(rateLimit(bad), bare, own, HOME);
        assertThat(errors(r, bare)).extracting(SubCondition::message).containsExactly(
                "Default Global RateLimit Policy is invalid: rate limit descriptor entry must have exactly one field set");
        assertThat(vhost(r, "bare.example.com")).isEmpty();
        assertThat(status(r, own).currentStatus()).isEqualTo("valid");
    }
}
