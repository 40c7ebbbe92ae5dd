package io.contourcore.dag.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.status.ParentRef;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.Gateway;
import io.contourcore.model.HTTPRoute;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HTTPRouteRulesTest {

    private static final String HOST = "test.projectcontour.io";
    private static final ParentRef GW = ParentRef.gateway("projectcontour", "contour");

    private static final String SERVICES = """
            apiVersion: v1
            kind: Service
            metadata: {name: kuard, namespace: default}
            spec:
              ports:
              - {name: http, port: 8080, targetPort: 8080}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: kuard2, namespace: default}
            spec:
              ports:
              - {name: http, port: 8080, targetPort: 8080}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: grpc, namespace: default}
            spec:
              ports:
              - {name: h2c, port: 9000, targetPort: 9000, appProtocol: kubernetes.io/h2c}
              - {name: odd, port: 9001, targetPort: 9001, appProtocol: mysql}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: remote, namespace: backends}
            spec:
              ports:
              - {name: http, port: 8080, targetPort: 8080}
            """;

    /** One build: the objects, an {@code http-80} listener, the route computed on it, the result. */
    private static final class Run {
        final BuildContext ctx;
        final HTTPRoute route;
        final List<Dag.Listener> listeners;
        final List<StatusCondition> conditions;

        Run(String routeYaml, String extraYaml, boolean https, int listenerPort) {
            LoadResult loaded = ManifestLoader.parse("test.yaml", SERVICES + "---\n" + routeYaml
                    + (extraYaml.isEmpty() ? "" : "---\n" + extraYaml), "default");
            assertThat(loaded.errors()).as("input is admitted").isEmpty();
            ResourceSet resources = loaded.resources();
            route = resources.all(Kind.HTTP_ROUTE, HTTPRoute.class).get(0);
            ctx = new BuildContext(resources, ContourConfig.DEFAULTS);
            String name = https ? "https-443" : "http-80";
            ctx.addListener(name, https ? Dag.Listener.HTTPS : Dag.Listener.HTTP, "0.0.0.0", https ? 8443 : 8080, name, "",
                    true);
            Dag.Secret secret = https ? new Dag.Secret(new ObjectRef(Kind.SECRET, "projectcontour", "tls-cert"), Map.of()) : null;
            Gateway.Listener gl = new Gateway.Listener(https ? "https" : "http", "", listenerPort, https ? "HTTPS" : "HTTP",
                    null, null);
            ListenerInfo li = new ListenerInfo(gl, name, List.of(Kind.HTTP_ROUTE), null, secret, true);
            StatusRecorder.ParentEntry parent = ctx.status().route(route.ref(), 1).parent(GW);
            HTTPRouteRules.compute(ctx, route, parent, route.parentRefs().get(0), li, Set.of(HOST));
            listeners = ctx.freezeListeners();
            conditions = ctx.status().freeze().route(route.ref()).orElseThrow().parents().get(0).conditions();
        }

        List<Dag.Route> routes() {
            if (listeners.isEmpty()) {
                return List.of();
            }
            Dag.Listener l = listeners.get(0);
            List<Dag.Route> out = new ArrayList<>();
            l.virtualHosts().forEach(v -> out.addAll(v.routes()));
            l.secureVirtualHosts().forEach(v -> out.addAll(v.virtualHost().routes()));
            out.sort(Comparator.comparing(Dag.Route::priority).thenComparing(r -> r.pathMatch().toString()));
            return out;
        }

        Dag.Route only() {
            assertThat(routes()).hasSize(1);
            return routes().get(0);
        }

        StatusCondition condition(String type) {
            return StatusCondition.find(conditions, type).orElseThrow(() -> new AssertionError("no " + type + " in " + conditions));
        }
    }

    private static Run run(String rules) {
        return run(rules, "");
    }

    private static Run run(String rules, String extra) {
        return new Run(route(rules), extra, false, 80);
    }

    private static String route(String rules) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: basic, namespace: default}
                spec:
                  parentRefs:
                  - {name: contour, namespace: projectcontour}
                  rules:
                """ + rules.indent(2);
    }

    private static void assertAccepted(Run r) {
        assertThat(r.condition("Accepted").status()).isEqualTo("True");
        assertThat(r.condition("ResolvedRefs").status()).isEqualTo("True");
    }

    // ---------------------------------------------------------------- matches

    @Test
    void aPathPrefixBecomesASegmentPrefixRouteToTheWeightedService() {
        Run r = run("""
                - matches: [{path: {type: PathPrefix, value: /api}}]
                  backendRefs: [{name: kuard, port: 8080}]
                """);
        Dag.Route route = r.only();
        assertThat(route.pathMatch()).isEqualTo(new Dag.PrefixMatch("/api", Dag.PrefixType.SEGMENT));
        assertThat(route.clusters()).hasSize(1);
        Dag.Cluster c = route.clusters().get(0);
        assertThat(c.weight()).isEqualTo(1);
        assertThat(c.upstream().name()).isEqualTo("kuard");
        assertThat(c.upstream().port().port()).isEqualTo(8080);
        assertThat(c.timeoutPolicy().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(route.source()).isEqualTo(r.route.ref());
        assertThat(route.directResponse()).isNull();
        assertAccepted(r);
    }

    @Test
    void aRuleWithoutMatchesMatchesEveryPathWithAPlainPrefix() {
        Run r = run("""
                - backendRefs: [{name: kuard, port: 8080}]
                """);
        assertThat(r.only().pathMatch()).isEqualTo(new Dag.PrefixMatch("/", Dag.PrefixType.STRING));
    }

    @Test
    void exactAndRegularExpressionPathsBecomeExactAndRegexRoutes() {
        Run r = run("""
                - matches:
                  - path: {type: Exact, value: /exact}
                  - path: {type: RegularExpression, value: "/re/[a-z]+"}
                  backendRefs: [{name: kuard, port: 8080}]
                """);
        assertThat(r.routes()).extracting(Dag.Route::pathMatch)
                .containsExactlyInAnyOrder(new Dag.ExactMatch("/exact"), new Dag.RegexMatch("/re/[a-z]+"));
    }

    @Test
    void eachMatchOfARuleIsItsOwnRouteAndLaterRulesHaveLowerPriority() {
        Run r = run("""
                - matches: [{path: {value: /a}}, {path: {value: /b}}]
                  backendRefs: [{name: kuard, port: 8080}]
                - matches: [{path: {value: /c}}]
                  backendRefs: [{name: kuard2, port: 8080}]
                """);
        assertThat(r.routes()).extracting(Dag.Route::priority).containsExactly(0, 0, 1);
        assertThat(r.routes().get(2).clusters().get(0).upstream().name()).isEqualTo("kuard2");
    }

    @Test
    void headerQueryAndMethodMatchesAllBelongToTheMatchesRouteAndTheFirstHeaderOfANameInAnyCaseWins() {
        Run r = run("""
                - matches:
                  - path: {value: /}
                    headers:
                    - {name: version, value: "2"}
                    - {name: Version, value: "3"}
                    - {name: color, type: RegularExpression, value: "red|blue"}
                    queryParams:
                    - {name: animal, value: whale}
                    - {name: Animal, type: RegularExpression, value: "^d.*"}
                    method: POST
                  backendRefs: [{name: kuard, port: 8080}]
                """);
        Dag.Route route = r.only();
        assertThat(route.headerMatches()).containsExactly(
                new Dag.HeaderMatch("version", "2", Dag.HeaderMatchType.EXACT, false, false, false),
                new Dag.HeaderMatch("color", "red|blue", Dag.HeaderMatchType.REGEX, false, false, false),
                new Dag.HeaderMatch(":method", "POST", Dag.HeaderMatchType.EXACT, false, false, false));
        assertThat(route.queryParamMatches()).containsExactly(
                new Dag.QueryParamMatch("animal", "whale", Dag.QueryMatchType.EXACT, false),
                new Dag.QueryParamMatch("Animal", "^d.*", Dag.QueryMatchType.REGEX, false));
    }

    @Test
    void aHeaderRegexThatDoesNotCompileDropsTheMatchWithUnsupportedValue() {
        Run r = run("""
                - matches:
                  - headers: [{name: x, type: RegularExpression, value: "a(b"}]
                  - path: {value: /ok}
                  backendRefs: [{name: kuard, port: 8080}]
                """);
        assertThat(r.only().pathMatch()).isEqualTo(new Dag.PrefixMatch("/ok", Dag.PrefixType.SEGMENT));
        assertThat(r.condition("Accepted")).extracting(StatusCondition::status, StatusCondition::reason, StatusCondition::message)
                .containsExactly("False", "UnsupportedValue",
                        "HTTPRoute.Spec.Rules.Matches.Headers: Invalid value for RegularExpression match type is specified");
    }

    @Test
    void pathValuesUpstreamRefusesAreInvalidPathMatches() {
        StatusRecorder rec = new StatusRecorder();
        StatusRecorder.ParentEntry p = rec.route(new ObjectRef(Kind.HTTP_ROUTE, "default", "r"), 1).parent(GW);
        assertThat(HTTPRouteRules.pathMatch(new HTTPRoute.PathMatch("PathPrefix", "/a//b"), p)).isEmpty();
        assertThat(HTTPRouteRules.pathMatch(new HTTPRoute.PathMatch("Exact", "a"), p)).isEmpty();
        assertThat(HTTPRouteRules.pathMatch(new HTTPRoute.PathMatch("RegularExpression", "(("), p)).isEmpty();
        List<StatusCondition> c = rec.freeze().route(new ObjectRef(Kind.HTTP_ROUTE, "default", "r")).orElseThrow()
                .parents().get(0).conditions();
        assertThat(StatusCondition.find(c, "ValidMatches").orElseThrow()).extracting(StatusCondition::reason, StatusCondition::message)
                .containsExactly("InvalidPathMatch", "Match.Path.Value must not contain consecutive '/' characters., "
                        + "Match.Path.Value must start with '/'., Match.Path.Value is invalid for RegularExpression match type.");
    }

    // ---------------------------------------------------------------- backends and weights

    @Test
    void weightsBecomeClusterWeightsAndAZeroWeightBackendStaysWithWeightZero() {
        Run r = run("""
                - backendRefs:
                  - {name: kuard, port: 8080, weight: 90}
                  - {name: kuard2, port: 8080, weight: 0}
                """);
        assertThat(r.only().clusters()).extracting(Dag.Cluster::weight).containsExactly(90, 0);
        assertThat(r.only().clusters()).extracting(c -> c.upstream().weighted().weight()).containsExactly(90, 0);
        assertThat(r.only().directResponse()).isNull();
    }

    @Test
    void backendsThatAllWeighZeroAnswer500() {
        Run r = run("""
                - backendRefs:
                  - {name: kuard, port: 8080, weight: 0}
                  - {name: kuard2, port: 8080, weight: 0}
                """);
        assertThat(r.only().directResponse()).isEqualTo(new Dag.DirectResponse(500, null));
        assertAccepted(r);
    }

    @Test
    void aMissingServiceIsBackendNotFoundAndItsRuleAnswers500WhileOtherRulesRoute() {
        Run r = run("""
                - matches: [{path: {value: /missing}}]
                  backendRefs: [{name: nothere, port: 8080}]
                - matches: [{path: {value: /ok}}]
                  backendRefs: [{name: kuard, port: 8080}]
                """);
        assertThat(r.routes().get(0).directResponse()).isEqualTo(new Dag.DirectResponse(500, null));
        assertThat(r.routes().get(1).directResponse()).isNull();
        assertThat(r.condition("ResolvedRefs")).extracting(StatusCondition::status, StatusCondition::reason, StatusCondition::message)
                .containsExactly("False", "BackendNotFound", "service \"nothere\" is invalid: service \"default/nothere\" not found");
        assertThat(r.condition("Accepted").status()).isEqualTo("True");
    }

    @Test
    void aBackendInAnotherNamespaceNeedsAReferenceGrantThere() {
        String rules = """
                - backendRefs: [{name: remote, namespace: backends, port: 8080}]
                """;
        Run refused = run(rules);
        assertThat(refused.only().directResponse()).isEqualTo(new Dag.DirectResponse(500, null));
        assertThat(refused.condition("ResolvedRefs")).extracting(StatusCondition::reason, StatusCondition::message)
                .containsExactly("RefNotPermitted",
                        "Spec.Rules.BackendRef.Namespace must match the route's namespace or be covered by a ReferenceGrant");

        Run granted = run(rules, """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: allow, namespace: backends}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
                  to: [{group: "", kind: Service}]
                """);
        assertThat(granted.only().clusters().get(0).upstream().namespace()).isEqualTo("backends");
        assertAccepted(granted);
    }

    @Test
    void aBackendOfAnotherKindIsInvalidKind() {
        Run r = run("""
                - backendRefs: [{group: example.com, kind: Bucket, name: kuard, port: 8080}]
                """);
        assertThat(r.condition("ResolvedRefs")).extracting(StatusCondition::reason, StatusCondition::message)
                .containsExactly("InvalidKind", "Spec.Rules.BackendRef.Group must be \"\"");
        assertThat(r.only().directResponse()).isEqualTo(new Dag.DirectResponse(500, null));
    }

    @Test
    void anH2cAppProtocolGivesAnH2cClusterAndAnUnknownOneIsUnsupportedProtocol() {
        Run h2c = run("""
                - backendRefs: [{name: grpc, port: 9000}]
                """);
        assertThat(h2c.only().clusters().get(0).protocol()).isEqualTo("h2c");
        Run odd = run("""
                - backendRefs: [{name: grpc, port: 9001}]
                """);
        assertThat(odd.condition("ResolvedRefs")).extracting(StatusCondition::reason, StatusCondition::message)
                .containsExactly("UnsupportedProtocol", "AppProtocol: \"mysql\" is unsupported");
    }

    @Test
    void aRuleWithoutBackendsOrRedirectProgramsNothingAndIsDegraded() {
        Run r = run("""
                - matches: [{path: {value: /x}}]
                """);
        assertThat(r.routes()).isEmpty();
        assertThat(r.condition("ResolvedRefs")).extracting(StatusCondition::reason, StatusCondition::message)
                .containsExactly("Degraded", "At least one Spec.Rules.BackendRef must be specified.");
    }

    @Test
    void unresolvedReferencesAreReportedForARouteThatAttachesNowhere() {
        LoadResult loaded = ManifestLoader.parse("t.yaml", SERVICES + "---\n" + route("""
                - filters:
                  - type: RequestMirror
                    requestMirror: {backendRef: {name: gone, port: 80}}
                  backendRefs: [{name: kuard, port: 8080}]
                """), "default");
        BuildContext ctx = new BuildContext(loaded.resources(), ContourConfig.DEFAULTS);
        HTTPRoute route = loaded.resources().all(Kind.HTTP_ROUTE, HTTPRoute.class).get(0);
        HTTPRouteRules.resolveRefs(ctx, route, ctx.status().route(route.ref(), 1).parent(GW));
        List<StatusCondition> c = ctx.status().freeze().route(route.ref()).orElseThrow().parents().get(0).conditions();
        assertThat(StatusCondition.find(c, "ResolvedRefs").orElseThrow().reason()).isEqualTo("BackendNotFound");
    }

    // ---------------------------------------------------------------- filters

    @Test
    void headerModifiersBecomeRouteHeaderPoliciesAndARequestHostIsAHostRewrite() {
        Run r = run("""
                - filters:
                  - type: RequestHeaderModifier
                    requestHeaderModifier:
                      set: [{name: x-set, value: "a%b"}, {name: host, value: rewritten.example.com}]
                      add: [{name: x-add, value: b}]
                      remove: [x-b, x-a]
                  - type: ResponseHeaderModifier
                    responseHeaderModifier:
                      set: [{name: Host, value: stays-a-header}]
                  backendRefs: [{name: kuard, port: 8080}]
                """);
        Dag.Route route = r.only();
        assertThat(route.requestHeadersPolicy()).isEqualTo(new Dag.HeadersPolicy("rewritten.example.com", "",
                Map.of("X-Add", "b"), Map.of("X-Set", "a%%b"), List.of("X-A", "X-B")));
        assertThat(route.responseHeadersPolicy().set()).containsEntry("Host", "stays-a-header");
        assertAccepted(r);
    }

    @Test
    void duplicateHeadersAreDegradedButTheRestOfThePolicyApplies() {
        Run r = run("""
                - filters:
                  - type: RequestHeaderModifier
                    requestHeaderModifier:
                      remove: [x-a, X-A]
                      set: [{name: x-b, value: "1"}]
                  backendRefs: [{name: kuard, port: 8080}]
                """);
        assertThat(r.only().requestHeadersPolicy().set()).containsEntry("X-B", "1");
        assertThat(r.condition("ResolvedRefs")).extracting(StatusCondition::reason, StatusCondition::message)
                .containsExactly("Degraded", "duplicate header removal: \"X-A\" on request headers");
    }

    @Test
    void backendHeaderModifiersGoOnTheBackendsCluster() {
        Run r = run("""
                - backendRefs:
                  - name: kuard
                    port: 8080
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {set: [{name: x-backend, value: kuard}]}
                    - type: ResponseHeaderModifier
                      responseHeaderModifier: {remove: [server]}
                """);
        Dag.Cluster c = r.only().clusters().get(0);
        assertThat(c.requestHeadersPolicy().set()).containsEntry("X-Backend", "kuard");
        assertThat(c.responseHeadersPolicy().remove()).containsExactly("Server");
        assertThat(r.only().requestHeadersPolicy()).isNull();
    }

    @Test
    void aRedirectRuleRedirectsWithItsSchemeHostAndStatusAndNeedsNoBackend() {
        Run r = run("""
                - matches: [{path: {value: /old}, queryParams: [{name: q, value: v}]}]
                  filters:
                  - type: RequestRedirect
                    requestRedirect: {scheme: https, hostname: example.org, statusCode: 301}
                """);
        Dag.Route route = r.only();
        assertThat(route.redirect()).isEqualTo(new Dag.Redirect("example.org", "https", 0, 301, null));
        assertThat(route.clusters()).isEmpty();
        assertThat(route.queryParamMatches()).as("upstream's redirect routes drop query conditions").isEmpty();
        assertAccepted(r);
    }

    @Test
    void aRedirectReplacingThePrefixWithSlashRemovesThePrefixByRegex() {
        Run r = run("""
                - matches: [{path: {value: /prefix.one}}]
                  filters:
                  - type: RequestRedirect
                    requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}
                """);
        assertThat(r.only().redirect().pathRewritePolicy()).isEqualTo(new Dag.PathRewritePolicy("", "", "^/prefix\\.one/*"));
        assertThat(r.only().redirect().statusCode()).isEqualTo(302);
    }

    @Test
    void aRedirectWithoutPortOnAListenerOffItsSchemesDefaultPortKeepsTheListenerPort() {
        String rules = """
                - matches: [{path: {value: /nil}}]
                  filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org}}]
                - matches: [{path: {value: /https}}]
                  filters: [{type: RequestRedirect, requestRedirect: {scheme: https, hostname: example.org}}]
                - matches: [{path: {value: /port}}]
                  filters: [{type: RequestRedirect, requestRedirect: {port: 8083}}]
                - matches: [{path: {value: /keep}}]
                  filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
                """;
        Run on8080 = new Run(route(rules), "", false, 8080);
        assertThat(on8080.routes()).extracting(rt -> rt.redirect().portNumber()).containsExactly(8080, 0, 8083, 443);
        Run on80 = new Run(route(rules), "", false, 80);
        assertThat(on80.routes()).extracting(rt -> rt.redirect().portNumber()).containsExactly(0, 0, 8083, 0);
    }

    @Test
    void anHttpsListenersRedirectToHttpDropsTheDefaultPort() {
        Run r = new Run(route("""
                - filters: [{type: RequestRedirect, requestRedirect: {scheme: http, hostname: example.org}}]
                """), "", true, 443);
        assertThat(r.only().redirect().portNumber()).isZero();
        assertThat(r.listeners.get(0).secureVirtualHosts()).hasSize(1);
    }

    @Test
    void urlRewriteRewritesHostAndPath() {
        Run r = run("""
                - matches: [{path: {value: /one}}]
                  filters:
                  - type: URLRewrite
                    urlRewrite: {hostname: one.example.org, path: {type: ReplacePrefixMatch, replacePrefixMatch: /two}}
                  backendRefs: [{name: kuard, port: 8080}]
                - matches: [{path: {value: /full}}]
                  filters:
                  - type: URLRewrite
                    urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /replaced}}
                  backendRefs: [{name: kuard, port: 8080}]
                - matches: [{path: {value: /strip}}]
                  filters:
                  - type: URLRewrite
                    urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}
                  backendRefs: [{name: kuard, port: 8080}]
                """);
        List<Dag.Route> routes = r.routes();
        assertThat(routes.get(0).pathRewritePolicy()).isEqualTo(new Dag.PathRewritePolicy("/two", "", ""));
        assertThat(routes.get(0).requestHeadersPolicy().hostRewrite()).isEqualTo("one.example.org");
        assertThat(routes.get(1).pathRewritePolicy()).isEqualTo(new Dag.PathRewritePolicy("", "/replaced", ""));
        assertThat(routes.get(2).pathRewritePolicy()).isEqualTo(new Dag.PathRewritePolicy("", "", "^/strip/*"));
    }

    @Test
    void everyMirrorOfARuleIsKeptWithItsPercentOrFraction() {
        Run r = run("""
                - filters:
                  - type: RequestMirror
                    requestMirror: {backendRef: {name: kuard2, port: 8080}}
                  - type: RequestMirror
                    requestMirror: {backendRef: {name: grpc, port: 9000}, percent: 35}
                  - type: RequestMirror
                    requestMirror: {backendRef: {name: remote2, port: 8080}, fraction: {numerator: 1, denominator: 3}}
                  backendRefs: [{name: kuard, port: 8080}]
                """, """
                apiVersion: v1
                kind: Service
                metadata: {name: remote2, namespace: default}
                spec:
                  ports:
                  - {name: http, port: 8080, targetPort: 8080}
                """);
        assertThat(r.only().mirrorPolicies()).extracting(m -> m.cluster().upstream().name(), Dag.MirrorPolicy::weight,
                        Dag.MirrorPolicy::denominator)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("kuard2", 100L, 100L),
                        org.assertj.core.groups.Tuple.tuple("grpc", 35L, 100L),
                        org.assertj.core.groups.Tuple.tuple("remote2", 333333L, 1_000_000L));
        assertThat(r.only().mirrorPolicies().get(1).cluster().protocol()).as("upstream's bare mirror cluster").isEmpty();
    }

    @Test
    void aFractionIsExactInTheSmallestEnvoyDenominatorThatHoldsIt() {
        Dag.Cluster c = Dag.Cluster.of(new Dag.Service(new Dag.WeightedService(1, "d", "s",
                new Dag.ServicePort("", 80, "TCP", ""), null), "", null, null));
        assertThat(HTTPRouteRules.fraction(c, 1, 2)).extracting(Dag.MirrorPolicy::weight, Dag.MirrorPolicy::denominator)
                .containsExactly(50L, 100L);
        assertThat(HTTPRouteRules.fraction(c, 1, 400)).extracting(Dag.MirrorPolicy::weight, Dag.MirrorPolicy::denominator)
                .containsExactly(25L, 10_000L);
    }

    @Test
    void anExtensionRefFilterIsUnsupportedButTheRuleStillRoutes() {
        Run r = run("""
                - filters:
                  - type: ExtensionRef
                    extensionRef: {group: example.com, kind: Thing, name: t}
                  backendRefs: [{name: kuard, port: 8080}]
                """);
        assertThat(r.only().clusters()).hasSize(1);
        assertThat(r.condition("Accepted")).extracting(StatusCondition::status, StatusCondition::reason, StatusCondition::message)
                .containsExactly("False", "UnsupportedValue", "HTTPRoute.Spec.Rules.Filters: invalid type \"ExtensionRef\": "
                        + "only RequestHeaderModifier, ResponseHeaderModifier, RequestRedirect, RequestMirror and URLRewrite are supported.");
    }

    // ---------------------------------------------------------------- timeouts

    @Test
    void theBackendRequestTimeoutElseTheRequestTimeoutIsTheRouteTimeoutAndZeroDisablesIt() {
        Run r = run("""
                - matches: [{path: {value: /a}}]
                  timeouts: {request: 10s}
                  backendRefs: [{name: kuard, port: 8080}]
                - matches: [{path: {value: /b}}]
                  timeouts: {request: 10s, backendRequest: 5s}
                  backendRefs: [{name: kuard, port: 8080}]
                - matches: [{path: {value: /c}}]
                  timeouts: {request: 0s}
                  backendRefs: [{name: kuard, port: 8080}]
                """);
        assertThat(r.routes()).extracting(rt -> rt.timeoutPolicy().responseTimeout()).containsExactly(
                Timeout.of(Duration.ofSeconds(10)), Timeout.of(Duration.ofSeconds(5)), Timeout.DISABLED);
    }

    @Test
    void aBackendRequestTimeoutLongerThanTheRequestTimeoutDropsTheRule() {
        assertThat(HTTPRouteRules.timeouts(new HTTPRoute.Timeouts("1s", "2s")).error()).isEqualTo(
                "HTTPRoute.Spec.Rules.Timeouts.BackendRequest must be less than/equal to HTTPRoute.Spec.Rules.Timeouts.Request "
                        + "when both are specified");
    }

    // ---------------------------------------------------------------- conflicts and listeners

    @Test
    void aRuleMatchingWhatAnotherHTTPRouteAlreadyMatchesIsDroppedAsAConflict() {
        LoadResult loaded = ManifestLoader.parse("t.yaml", SERVICES + "---\n" + route("""
                - matches: [{path: {value: /same}}]
                  backendRefs: [{name: kuard, port: 8080}]
                - matches: [{path: {value: /own}}]
                  backendRefs: [{name: kuard, port: 8080}]
                """), "default");
        HTTPRoute first = loaded.resources().all(Kind.HTTP_ROUTE, HTTPRoute.class).get(0);
        HTTPRoute third = new HTTPRoute(ObjectMeta.of("default", "third"), first.parentRefs(), List.of(),
                List.of(first.rules().get(0)));
        BuildContext ctx = new BuildContext(loaded.resources(), ContourConfig.DEFAULTS);
        ctx.addListener("http-80", Dag.Listener.HTTP, "0.0.0.0", 8080, "http-80", "", true);
        ListenerInfo li = new ListenerInfo(new Gateway.Listener("http", "", 80, "HTTP", null, null), "http-80",
                List.of(Kind.HTTP_ROUTE), null, null, true);
        for (HTTPRoute r : List.of(first, third)) {
            HTTPRouteRules.compute(ctx, r, ctx.status().route(r.ref(), 1).parent(GW), r.parentRefs().get(0), li, Set.of(HOST));
        }
        // a route of which only some rules conflict keeps the others
        HTTPRoute partial = new HTTPRoute(ObjectMeta.of("default", "partial"), first.parentRefs(), List.of(),
                List.of(first.rules().get(0), new HTTPRoute.Rule("", List.of(new HTTPRoute.Match(
                        new HTTPRoute.PathMatch("Exact", "/new"), null, null, null)), null, first.rules().get(0).backendRefs(),
                        null, null)));
        HTTPRouteRules.compute(ctx, partial, ctx.status().route(partial.ref(), 1).parent(GW), partial.parentRefs().get(0), li,
                Set.of(HOST));
        var status = ctx.status().freeze();
        assertThat(StatusCondition.find(status.route(third.ref()).orElseThrow().parents().get(0).conditions(), "Accepted")
                .orElseThrow()).extracting(StatusCondition::status, StatusCondition::reason, StatusCondition::message)
                .containsExactly("False", "RuleMatchConflict", "HTTPRoute's Match has conflict with other HTTPRoute's Match");
        List<StatusCondition> pc = status.route(partial.ref()).orElseThrow().parents().get(0).conditions();
        assertThat(StatusCondition.find(pc, "PartiallyInvalid").orElseThrow().reason()).isEqualTo("RuleMatchPartiallyConflict");
        assertThat(StatusCondition.find(pc, "Accepted").orElseThrow().status()).isEqualTo("True");
        List<Dag.Route> routes = ctx.freezeListeners().get(0).virtualHosts().get(0).routes();
        assertThat(routes).extracting(Dag.Route::source).containsOnly(first.ref(), partial.ref());
        assertThat(routes).hasSize(3);
    }

    @Test
    void aRouteWithNoRulesAtAllIsRuleMatchConflictAsUpstreamCountsIt() {
        BuildContext ctx = new BuildContext(ResourceSet.EMPTY, ContourConfig.DEFAULTS);
        ctx.addListener("http-80", Dag.Listener.HTTP, "0.0.0.0", 8080, "http-80", "", true);
        HTTPRoute empty = new HTTPRoute(ObjectMeta.of("default", "empty"),
                List.of(new io.contourcore.model.GatewayApi.ParentRef("", "", "projectcontour", "contour", "", 0)), List.of(), List.of());
        ListenerInfo li = new ListenerInfo(new Gateway.Listener("http", "", 80, "HTTP", null, null), "http-80",
                List.of(Kind.HTTP_ROUTE), null, null, true);
        HTTPRouteRules.compute(ctx, empty, ctx.status().route(empty.ref(), 1).parent(GW), empty.parentRefs().get(0), li, Set.of(HOST));
        List<StatusCondition> c = ctx.status().freeze().route(empty.ref()).orElseThrow().parents().get(0).conditions();
        assertThat(StatusCondition.find(c, "Accepted").orElseThrow().reason()).isEqualTo("RuleMatchConflict");
    }

    @Test
    void anHttpsListenersRoutesGoToASecureVirtualHostWithTheListenersCertificate() {
        Run r = new Run(route("""
                - backendRefs: [{name: kuard, port: 8080}]
                """), "", true, 443);
        Dag.SecureVirtualHost svh = r.listeners.get(0).secureVirtualHosts().get(0);
        assertThat(svh.name()).isEqualTo(HOST);
        assertThat(svh.secret().name()).isEqualTo("tls-cert");
        assertThat(r.listeners.get(0).virtualHosts()).isEmpty();
    }

    @Test
    void everyHostOfTheRouteGetsTheRoutes() {
        LoadResult loaded = ManifestLoader.parse("t.yaml", SERVICES + "---\n" + route("""
                - backendRefs: [{name: kuard, port: 8080}]
                """), "default");
        HTTPRoute route = loaded.resources().all(Kind.HTTP_ROUTE, HTTPRoute.class).get(0);
        BuildContext ctx = new BuildContext(loaded.resources(), ContourConfig.DEFAULTS);
        ctx.addListener("http-80", Dag.Listener.HTTP, "0.0.0.0", 8080, "http-80", "", true);
        ListenerInfo li = new ListenerInfo(new Gateway.Listener("http", "", 80, "HTTP", null, null), "http-80",
                List.of(Kind.HTTP_ROUTE), null, null, true);
        HTTPRouteRules.compute(ctx, route, ctx.status().route(route.ref(), 1).parent(GW), route.parentRefs().get(0), li,
                Set.of("a.example.com", "*.b.example.com"));
        assertThat(ctx.freezeListeners().get(0).virtualHosts()).extracting(Dag.VirtualHost::name)
                .containsExactly("*.b.example.com", "a.example.com");
    }

    // ---------------------------------------------------------------- BackendTLSPolicy

    /** A test CA (the one of the golden case httpproxy/extension-service-tls), base64 as a Secret holds it. */
    static final String CA_B64 = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURJVENDQWdtZ0F3SUJBZ0lVUTk1bmNPMG1JOU9xMHFBSTlPcEhCSEtQb05Jd0RRWUpLb1pJaHZjTkFRRUwKQlFBd0h6RWRNQnNHQTFVRUF3d1VZMjl1ZEc5MWNpMWpiM0psSUhSbGMzUWdRMEV3SUJjTk1qWXhNVEl5TURJMQpNalV3V2hnUE1qRXlOakV3TWprd01qVXlOVEJhTUI4eEhUQWJCZ05WQkFNTUZHTnZiblJ2ZFhJdFkyOXlaU0IwClpYTjBJRU5CTUlJQklqQU5CZ2txaGtpRzl3MEJBUUVGQUFPQ0FROEFNSUlCQ2dLQ0FRRUFsdEFmTVcrbVNkWU8KSjk3eUlsME9JbktRUkljalNxbHowMmQzRjEyNUtaZzRKaVVURklLWDdGMHFmVzk3K2t4OXFsSWxPSmJQbTJDUApRYlk2czd1L2grdTlCUG4yL3NlMUZTdkFKZE81MVJIOTR5RXFONGFSVHFVdnVoSmZWSms3UVl1L1BIU3lEUDdSCm5NeHVyTlJ4K1VuejFhOWZ4cmV6ME1XVjJKNTYxUFR1K2krOWZXdGxUVTE3QVhBOTRjTm04c1JIQ3c3Y1pUc1oKWXJMUkhFTG1pWUdjckN0SGpkeUlOOEREdjh4YzNTWkpwTTloSm9VK04wR2RvVVVxYkpGSStrMTlCbjh2SGFmZQpGaENyMjd5aTJjSElxVEJydGNINW5KRnJBaW4vdVJ4QnA1QmhZNlVQNE5NZnF3NVRpNmNUcGMzU3hpWjlOcjg0CkpSK0tscDlpWVFJREFRQUJvMU13VVRBZEJnTlZIUTRFRmdRVW0rSngrZFFvRTZGZzJ3VUlmdzE2QnZXNWlxSXcKSHdZRFZSMGpCQmd3Rm9BVW0rSngrZFFvRTZGZzJ3VUlmdzE2QnZXNWlxSXdEd1lEVlIwVEFRSC9CQVV3QXdFQgovekFOQmdrcWhraUc5dzBCQVFzRkFBT0NBUUVBSGQ3T3V5dWFuMklxVmIzWG83UlhwZDgza1JGMTFNdE9ZZEtaClMwdnFuMThQTXo2RHVGT015cGZIRzRhMDQ0TG1MMlF3TGdObVp6WDZQVFNuNDc1L29FSitIK3Y3Q3RCZTkxa0gKR3pMZXY3Yi9uRUZRQ1kxbTQrNnp0ZFcrQWdDWHhJMjBIU1czdm1jOHdQZUNyelY5R2dZSTJxWmlqZEVHWkRHYwpFL2doZml4cVhoUkNac3htSGtYc0UyVUZjcDdhMm5xaXhHUXIwc0o4cGpyMU8rWEEvejZSUWdzUGpKcUtrNzlBCmd4Z0RUMlhLZ3c3Qm9hVDhTQVdQU2FQM2pMTE1PdUtQaUY0NmFKZHgya2x1WUVMZno2ZG9tQWs1ZFlTMkM0eXkKZEY0ckVFTWY2T0lzRkJuVmlJYzdWd3pBaEhtejIrWGJjbWVnMW5FTHhQK3FpZll5VlE9PQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==";

    static String caConfigMap(String name) {
        String pem = new String(java.util.Base64.getDecoder().decode(CA_B64), java.nio.charset.StandardCharsets.US_ASCII);
        return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + ", namespace: default}\ndata:\n  ca.crt: |\n"
                + pem.indent(4);
    }

    private static String policy(String name, String target, String caKind, String caName, String hostname) {
        return """
                apiVersion: gateway.networking.k8s.io/v1alpha3
                kind: BackendTLSPolicy
                metadata: {name: %s, namespace: default}
                spec:
                  targetRefs: [%s]
                  validation:
                    caCertificateRefs: [{group: "", kind: %s, name: %s}]
                    hostname: "%s"
                """.formatted(name, target, caKind, caName, hostname);
    }

    private static final String TWO_BACKENDS = """
            - matches: [{path: {value: /a}}]
              backendRefs: [{name: kuard, port: 8080}]
            - matches: [{path: {value: /b}}]
              backendRefs: [{name: kuard2, port: 8080}]
            """;

    @Test
    void aBackendTlsPolicyMakesItsServicesClusterTlsVerifiedAgainstTheConfigMapCaForTheHostname() {
        Run r = run(TWO_BACKENDS, caConfigMap("kuard-ca") + "---\n"
                + policy("kuard-tls", "{group: \"\", kind: Service, name: kuard}", "ConfigMap", "kuard-ca", "kuard.example.com"));
        Dag.Cluster tls = r.routes().get(0).clusters().get(0);
        assertThat(tls.upstream().name()).isEqualTo("kuard");
        assertThat(tls.protocol()).isEqualTo("tls");
        assertThat(tls.upstream().protocol()).isEqualTo("tls");
        assertThat(tls.upstreamValidation().subjectNames()).containsExactly("kuard.example.com");
        assertThat(tls.upstreamValidation().caCertificates()).singleElement().satisfies(ca -> {
            assertThat(ca.ref()).isEqualTo(new ObjectRef(Kind.CONFIG_MAP, "default", "kuard-ca"));
            assertThat(ca.caCert().asUtf8()).startsWith("-----BEGIN CERTIFICATE-----");
        });
        assertThat(tls.upstreamTls().minimumProtocolVersion()).isEqualTo("1.2");
        Dag.Cluster plain = r.routes().get(1).clusters().get(0);
        assertThat(plain.upstream().name()).isEqualTo("kuard2");
        assertThat(plain.protocol()).isEmpty();
        assertThat(plain.upstreamValidation()).isNull();
        assertAccepted(r);
    }

    @Test
    void aPolicyNamingTheServicePortWinsOverOneForTheWholeServiceAndASecretCanHoldTheCa() {
        String secret = """
                apiVersion: v1
                kind: Secret
                metadata: {name: kuard-ca-secret, namespace: default}
                type: Opaque
                data: {ca.crt: %s}
                """.formatted(CA_B64);
        Run r = run(TWO_BACKENDS, caConfigMap("kuard-ca") + "---\n" + secret + "---\n"
                + policy("a-whole", "{group: \"\", kind: Service, name: kuard}", "ConfigMap", "kuard-ca", "whole.example.com")
                + "---\n" + policy("b-port", "{group: \"\", kind: Service, name: kuard, sectionName: http}", "Secret",
                        "kuard-ca-secret", "port.example.com"));
        Dag.Cluster tls = r.routes().get(0).clusters().get(0);
        assertThat(tls.upstreamValidation().subjectNames()).containsExactly("port.example.com");
        assertThat(tls.upstreamValidation().caCertificates().get(0).ref())
                .isEqualTo(new ObjectRef(Kind.SECRET, "default", "kuard-ca-secret"));
    }

    @Test
    void aPolicyWithAnIpAddressForHostnameOrAMissingCaLeavesItsBackendPlain() {
        Run r = run(TWO_BACKENDS, caConfigMap("kuard-ca") + "---\n"
                + policy("wild", "{group: \"\", kind: Service, name: kuard}", "ConfigMap", "kuard-ca", "10.0.0.1")
                + "---\n"
                + policy("missing", "{group: \"\", kind: Service, name: kuard2}", "ConfigMap", "no-such-ca", "kuard2.example.com"));
        for (Dag.Route route : r.routes()) {
            Dag.Cluster c = route.clusters().get(0);
            assertThat(c.protocol()).as(c.upstream().name()).isEmpty();
            assertThat(c.upstreamValidation()).as(c.upstream().name()).isNull();
        }
        assertAccepted(r);
    }
}
