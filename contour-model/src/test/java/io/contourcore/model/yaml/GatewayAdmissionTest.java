package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.BackendTLSPolicy;
import io.contourcore.model.ConfigMap;
import io.contourcore.model.GRPCRoute;
import io.contourcore.model.Gateway;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.GatewayClass;
import io.contourcore.model.HTTPRoute;
import io.contourcore.model.Kind;
import io.contourcore.model.ReferenceGrant;
import io.contourcore.model.TCPRoute;
import io.contourcore.model.TLSRoute;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gateway API objects are admitted as the API server admits them: the CRDs' defaults filled in, their OpenAPI
 * constraints and CEL rules checked, each violation located at the field the constraint or rule is attached to.
 */
class GatewayAdmissionTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw, namespace: infra}
            spec:
              gatewayClassName: contour
              listeners:
            """;

    private static final String ROUTE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: web, namespace: apps}
            spec:
            """;

    private static LoadResult load(String yaml) {
        return ManifestLoader.parse("in.yaml", yaml, "default");
    }

    private static List<String> errors(String yaml) {
        return load(yaml).errors().stream().map(Problem::toString).toList();
    }

    @Test
    void anHttpRouteGetsTheDefaultsTheApiServerWouldStore() {
        LoadResult r = load(ROUTE + """
                  parentRefs: [{name: gw, namespace: infra}]
                  rules:
                  - backendRefs: [{name: web, port: 80}]
                    filters:
                    - type: RequestMirror
                      requestMirror: {backendRef: {name: shadow, port: 80}, fraction: {numerator: 1}}
                  - matches: [{path: {value: /app}, headers: [{name: x, value: y}]}]
                    filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
                """);
        assertThat(r.errors()).isEmpty();
        HTTPRoute route = r.resources().get(Kind.HTTP_ROUTE, "apps", "web", HTTPRoute.class).orElseThrow();
        assertThat(route.parentRefs()).containsExactly(
                new GatewayApi.ParentRef("gateway.networking.k8s.io", "Gateway", "infra", "gw", "", 0));
        HTTPRoute.Rule first = route.rules().get(0);
        assertThat(first.matches()).containsExactly(new HTTPRoute.Match(new HTTPRoute.PathMatch("PathPrefix", "/"),
                List.of(), List.of(), ""));
        assertThat(first.backendRefs()).containsExactly(new GatewayApi.BackendRef("", "Service", "", "web", 80, 1, List.of()));
        HTTPRoute.RequestMirror mirror = first.filters().get(0).requestMirror();
        assertThat(mirror.fraction()).isEqualTo(new HTTPRoute.Fraction(1, 100));
        assertThat(mirror.percent()).isNull();
        HTTPRoute.Rule second = route.rules().get(1);
        assertThat(second.matches().get(0).path()).isEqualTo(new HTTPRoute.PathMatch("PathPrefix", "/app"));
        assertThat(second.matches().get(0).headers()).containsExactly(new HTTPRoute.ValueMatch("Exact", "x", "y"));
        assertThat(second.filters().get(0).requestRedirect().statusCode()).isEqualTo(302);
    }

    @Test
    void aGatewayGetsTheDefaultsTheApiServerWouldStore() {
        LoadResult r = load(GATEWAY + """
                  - {name: http, port: 80, protocol: HTTP}
                  - name: https
                    port: 443
                    protocol: HTTPS
                    tls: {certificateRefs: [{name: cert}]}
                    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {team: a}}}}
                """);
        assertThat(r.errors()).isEmpty();
        Gateway gw = r.resources().get(Kind.GATEWAY, "infra", "gw", Gateway.class).orElseThrow();
        assertThat(gw.listeners().get(0).allowedRoutes()).isEqualTo(Gateway.AllowedRoutes.SAME_NAMESPACE);
        assertThat(gw.listeners().get(0).tls()).isNull();
        Gateway.Listener https = gw.listeners().get(1);
        assertThat(https.tls().mode()).isEqualTo("Terminate");
        assertThat(https.tls().certificateRefs()).containsExactly(new GatewayApi.ObjectReference("", "Secret", "", "cert"));
        assertThat(https.allowedRoutes().namespaces().selector().matchLabels()).containsEntry("team", "a");
    }

    @Test
    void aGatewayClassAndAReferenceGrantAreRead() {
        LoadResult r = load("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: contour}
                spec: {controllerName: projectcontour.io/gateway-controller, description: ours}
                ---
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: allow, namespace: backends}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: apps}]
                  to: [{group: "", kind: Service}]
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.resources().get(Kind.GATEWAY_CLASS, "", "contour", GatewayClass.class).orElseThrow())
                .extracting(GatewayClass::controllerName, GatewayClass::description)
                .containsExactly("projectcontour.io/gateway-controller", "ours");
        assertThat(r.resources().get(Kind.REFERENCE_GRANT, "backends", "allow", ReferenceGrant.class).orElseThrow().to())
                .containsExactly(new ReferenceGrant.To("", "Service", ""));
    }

    @Test
    void aMissingRequiredFieldIsReportedAtItsParent() {
        assertThat(errors(GATEWAY.replace("  listeners:\n", ""))).containsExactly(
                "in.yaml:5:3: Gateway infra/gw: spec.listeners: missing required field");
    }

    @Test
    void aValueOutsideAnEnumIsReportedAndSoIsTheCelRuleThatRepeatsIt() {
        assertThat(errors(ROUTE + "  rules: [{matches: [{path: {type: Prefix, value: /}}]}]\n")).containsExactly(
                "in.yaml:5:29: HTTPRoute apps/web: spec.rules[0].matches[0].path: type must be one of "
                        + "['Exact', 'PathPrefix', 'RegularExpression']",
                "in.yaml:5:36: HTTPRoute apps/web: spec.rules[0].matches[0].path.type: unsupported value \"Prefix\": "
                        + "supported values: \"Exact\", \"PathPrefix\", \"RegularExpression\"");
    }

    @Test
    void aValueNotMatchingThePatternIsReported() {
        assertThat(errors(GATEWAY + "  - {name: HTTP_1, port: 80, protocol: HTTP}\n")).containsExactly(
                "in.yaml:7:12: Gateway infra/gw: spec.listeners[0].name: invalid value \"HTTP_1\": should match "
                        + "'^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'");
    }

    @Test
    void stringLengthsAreCheckedAgainstMinLengthAndMaxLength() {
        assertThat(errors(GATEWAY.replace("contour", "\"\"") + "  - {name: http, port: 80, protocol: HTTP}\n"))
                .containsExactly("in.yaml:5:21: Gateway infra/gw: spec.gatewayClassName: should be at least 1 chars long");
        assertThat(errors("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: contour}
                spec: {controllerName: a.io/b, description: %s}
                """.formatted("x".repeat(65)))).containsExactly(
                "in.yaml:4:45: GatewayClass contour: spec.description: may not be more than 64 bytes long");
    }

    @Test
    void integersAreCheckedAgainstMinimumAndMaximumAndType() {
        assertThat(errors(GATEWAY + """
                  - {name: a, port: 0, protocol: HTTP}
                  - {name: b, port: 70000, protocol: HTTP}
                  - {name: c, port: "80", protocol: HTTP}
                """)).containsExactly(
                "in.yaml:7:21: Gateway infra/gw: spec.listeners[0].port: should be greater than or equal to 1, got 0",
                "in.yaml:8:21: Gateway infra/gw: spec.listeners[1].port: should be less than or equal to 65535, got 70000",
                "in.yaml:9:21: Gateway infra/gw: spec.listeners[2].port: expected an integer, got a string \"80\"");
    }

    @Test
    void listsAreCheckedAgainstMaxItems() {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            hosts.append(i == 0 ? "" : ", ").append("h").append(i).append(".example.com");
        }
        assertThat(errors(ROUTE + "  hostnames: [" + hosts + "]\n")).containsExactly(
                "in.yaml:5:14: HTTPRoute apps/web: spec.hostnames: must have at most 16 items");
    }

    @Test
    void anIpAddressThatIsNotOneFailsTheFormatOfTheAddressSchema() {
        assertThat(errors(GATEWAY + "  - {name: http, port: 80, protocol: HTTP}\n  addresses: [{value: not-an-ip}, {value: 10.0.0.1}]\n"))
                .containsExactly("in.yaml:8:15: Gateway infra/gw: spec.addresses[0]: must validate one and only one schema (oneOf)");
    }

    @Test
    void celRuleRedirectTogetherWithBackendRefsIsRefusedAtTheRule() {
        assertThat(errors(ROUTE + """
                  rules:
                  - backendRefs: [{name: web, port: 80}]
                    filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
                """)).containsExactly(
                "in.yaml:6:5: HTTPRoute apps/web: spec.rules[0]: RequestRedirect filter must not be used together with backendRefs");
    }

    @Test
    void celRulePathValueMustStartWithASlash() {
        assertThat(errors(ROUTE + "  rules: [{matches: [{path: {type: Exact, value: app}}]}]\n")).containsExactly(
                "in.yaml:5:29: HTTPRoute apps/web: spec.rules[0].matches[0].path: value must be an absolute path and start "
                        + "with '/' when type one of ['Exact', 'PathPrefix']");
    }

    @Test
    void celRuleListenerNamesMustBeUniqueAlongsideTheListMapKey() {
        assertThat(errors(GATEWAY + """
                  - {name: http, port: 80, protocol: HTTP}
                  - {name: http, port: 81, protocol: HTTP}
                """)).containsExactly(
                "in.yaml:7:3: Gateway infra/gw: spec.listeners: Listener name must be unique within the Gateway",
                "in.yaml:8:5: Gateway infra/gw: spec.listeners[1]: duplicate entry: name=\"http\"");
    }

    @Test
    void celRuleTlsMustNotBeSetOnAnHttpListener() {
        assertThat(errors(GATEWAY + "  - {name: http, port: 80, protocol: HTTP, tls: {certificateRefs: [{name: c}]}}\n"))
                .containsExactly("in.yaml:7:3: Gateway infra/gw: spec.listeners: tls must not be specified for protocols "
                        + "['HTTP', 'TCP', 'UDP']");
    }

    @Test
    void celRuleBackendRequestTimeoutMustNotExceedTheRequestTimeout() {
        assertThat(errors(ROUTE + "  rules: [{timeouts: {request: 1s, backendRequest: 2s}}]\n")).containsExactly(
                "in.yaml:5:22: HTTPRoute apps/web: spec.rules[0].timeouts: backendRequest timeout cannot be longer than "
                        + "request timeout");
    }

    @Test
    void celRuleParentRefsToTheSameParentNeedASectionNameReadingTheEscapedNamespaceField() {
        assertThat(errors(ROUTE + "  parentRefs: [{name: gw, namespace: infra}, {name: gw, namespace: infra}]\n"))
                .containsExactly(
                        "in.yaml:5:15: HTTPRoute apps/web: spec.parentRefs: sectionName or port must be unique when "
                                + "parentRefs includes 2 or more references to the same parent");
        assertThat(errors(ROUTE + "  parentRefs: [{name: gw, namespace: infra}, {name: gw, namespace: other}]\n")).isEmpty();
    }

    @Test
    void aVersionTheCrdsDoNotServeIsRefused() {
        assertThat(errors("""
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: ReferenceGrant
                metadata: {name: allow, namespace: backends}
                spec: {from: [], to: []}
                """)).containsExactly("in.yaml:1:13: ReferenceGrant backends/allow: apiVersion: ReferenceGrant "
                + "gateway.networking.k8s.io/v1alpha2 is not served by the Gateway API v1.3.0 CRDs; use "
                + "gateway.networking.k8s.io/v1beta1");
    }

    @Test
    void fieldsTheSchemaDoesNotNameAreRefusedAsKubectlsStrictValidationRefusesThem() {
        assertThat(errors(ROUTE + "  hostnames: [a.example.com]\n  unknownField: {x: 1}\n  rules: [{backendRef: []}]\n"))
                .containsExactly(
                        "in.yaml:6:3: HTTPRoute apps/web: spec.unknownField: unknown field \"unknownField\"",
                        "in.yaml:7:12: HTTPRoute apps/web: spec.rules[0].backendRef: unknown field \"backendRef\" "
                                + "(did you mean \"backendRefs\"?)");
    }

    @Test
    void withValidationIgnoreFieldsTheSchemaDoesNotNameArePrunedAsTheApiServerPrunesThem() {
        LoadResult r = ManifestLoader.parse("in.yaml", ROUTE + "  hostnames: [a.example.com]\n  unknownField: {x: 1}\n",
                "default", ReadOptions.DEFAULT.withValidation(Validation.IGNORE));
        assertThat(r.errors()).isEmpty();
        assertThat(r.resources().size()).isEqualTo(1);
    }

    @Test
    void aGrpcRouteIsReadWithItsMethodMatchAndBackendDefaults() {
        String grpc = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: api, namespace: apps}
                spec:
                  parentRefs: [{name: gw}]
                  hostnames: [grpc.example.com]
                  rules:
                  - matches: [{method: {service: echo.Echo, method: Ping}, headers: [{name: x-v, value: "1"}]}]
                    backendRefs: [{name: api, port: %s}]
                """;
        LoadResult ok = load(grpc.formatted("9000"));
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.warnings()).isEmpty();
        assertThat(ok.hasUntranslated()).as("nothing of the GRPCRoute is left out").isFalse();
        GRPCRoute r = ok.resources().get(Kind.GRPC_ROUTE, "apps", "api", GRPCRoute.class).orElseThrow();
        assertThat(r.hostnames()).containsExactly("grpc.example.com");
        assertThat(r.rules().get(0).matches().get(0).method()).isEqualTo(new GRPCRoute.MethodMatch("Exact", "echo.Echo", "Ping"));
        assertThat(r.rules().get(0).matches().get(0).headers()).containsExactly(new HTTPRoute.ValueMatch("Exact", "x-v", "1"));
        assertThat(r.rules().get(0).backendRefs()).containsExactly(
                new GatewayApi.BackendRef("", "Service", "", "api", 9000, 1, List.of()));
        assertThat(errors(grpc.formatted("0"))).containsExactly("in.yaml:9:37: GRPCRoute apps/api: "
                + "spec.rules[0].backendRefs[0].port: should be greater than or equal to 1, got 0");
    }

    @Test
    void tlsAndTcpRoutesAreReadWithTheirRulesBackends() {
        LoadResult r = load("""
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TLSRoute
                metadata: {name: db, namespace: apps}
                spec:
                  parentRefs: [{name: gw, sectionName: tls}]
                  hostnames: [db.example.com]
                  rules: [{backendRefs: [{name: db, port: 5432, weight: 3}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TCPRoute
                metadata: {name: raw, namespace: apps}
                spec:
                  parentRefs: [{name: gw}]
                  rules: [{backendRefs: [{name: raw, port: 9000}]}]
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.hasUntranslated()).as("nothing of the TLSRoute and TCPRoute is left out").isFalse();
        TLSRoute tls = r.resources().get(Kind.TLS_ROUTE, "apps", "db", TLSRoute.class).orElseThrow();
        assertThat(tls.hostnames()).containsExactly("db.example.com");
        assertThat(tls.parentRefs().get(0).sectionName()).isEqualTo("tls");
        assertThat(tls.rules().get(0).backendRefs().get(0).weight()).isEqualTo(3);
        TCPRoute tcp = r.resources().get(Kind.TCP_ROUTE, "apps", "raw", TCPRoute.class).orElseThrow();
        assertThat(tcp.rules().get(0).backendRefs()).containsExactly(
                new GatewayApi.BackendRef("", "Service", "", "raw", 9000, 1, List.of()));
    }

    @Test
    void aBackendTlsPolicyIsReadAndItsCaConfigMapWithoutAWord() {
        LoadResult r = load("""
                apiVersion: gateway.networking.k8s.io/v1alpha3
                kind: BackendTLSPolicy
                metadata: {name: tls, namespace: apps}
                spec:
                  targetRefs: [{group: "", kind: Service, name: web}]
                  validation:
                    caCertificateRefs: [{group: "", kind: ConfigMap, name: web-ca}]
                    hostname: web.example.com
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web-ca, namespace: apps}
                data: {ca.crt: PEM, other: 5}
                binaryData: {x: AAAA}
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        BackendTLSPolicy p = r.resources().get(Kind.BACKEND_TLS_POLICY, "apps", "tls", BackendTLSPolicy.class).orElseThrow();
        assertThat(p.targetRefs()).containsExactly(new BackendTLSPolicy.TargetRef("", "Service", "web", ""));
        assertThat(p.validation().hostname()).isEqualTo("web.example.com");
        assertThat(p.validation().caCertificateRefs()).containsExactly(
                new GatewayApi.ObjectReference("", "ConfigMap", "", "web-ca"));
        assertThat(r.resources().get(Kind.CONFIG_MAP, "apps", "web-ca", ConfigMap.class).orElseThrow().data())
                .containsExactly(java.util.Map.entry("ca.crt", "PEM"));
    }
}
