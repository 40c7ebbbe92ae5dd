package io.contourcore.dag.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.DagBuilder;
import io.contourcore.dag.status.ParentRef;
import io.contourcore.dag.status.PolicyAncestorStatus;
import io.contourcore.dag.status.PolicyStatus;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The status upstream Contour v1.33 writes on a BackendTLSPolicy (computeBackendTLSPolicies): towards the parentRef
 * of the HTTPRoute whose backend reaches it, Accepted True or Accepted False Invalid with upstream's messages.
 */
class BackendTlsPolicyStatusTest {

    private static final ObjectRef POLICY = new ObjectRef(Kind.BACKEND_TLS_POLICY, "default", "kuard-tls");
    private static final String CONTROLLER = "projectcontour.io/gateway-controller";

    private static final String BASE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: contour}
            spec: {controllerName: projectcontour.io/gateway-controller}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: contour, namespace: projectcontour}
            spec:
              gatewayClassName: contour
              listeners:
              - {name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}
              - {name: http-alt, protocol: HTTP, port: 8080, allowedRoutes: {namespaces: {from: All}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: kuard, namespace: default}
            spec: {ports: [{name: http, port: 8080, targetPort: 8080}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: other, namespace: default}
            spec: {ports: [{name: http, port: 8080, targetPort: 8080}]}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: kuard-ca-secret, namespace: default}
            type: Opaque
            data: {ca.crt: %s}
            """.formatted(HTTPRouteRulesTest.CA_B64) + "---\n" + HTTPRouteRulesTest.caConfigMap("kuard-ca");

    private static final String ROUTE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: web, namespace: default}
            spec:
              parentRefs: [%s]
              rules:
              - backendRefs: [{name: kuard, port: 8080}]
            """;

    private static final String TO_GATEWAY = "{name: contour, namespace: projectcontour}";

    /** A policy of generation 3 on Service {@code target}; {@code validation} is its spec.validation in flow style. */
    private static String policy(String target, String validation) {
        return """
                apiVersion: gateway.networking.k8s.io/v1alpha3
                kind: BackendTLSPolicy
                metadata: {name: kuard-tls, namespace: default, generation: 3}
                spec:
                  targetRefs: [{group: "", kind: Service, name: %s}]
                  validation: %s
                """.formatted(target, validation);
    }

    private static String cas(String refs, String hostname) {
        return "{caCertificateRefs: [" + refs + "], hostname: \"" + hostname + "\"}";
    }

    private static BuildResult build(String... docs) {
        LoadResult loaded = ManifestLoader.parse("test.yaml", BASE + "---\n" + String.join("---\n", docs), "default");
        assertThat(loaded.errors()).as("input is admitted").isEmpty();
        return DagBuilder.build(loaded.resources(), ContourConfig.DEFAULTS);
    }

    private static PolicyAncestorStatus onlyAncestor(BuildResult r) {
        PolicyStatus p = r.status().policy(POLICY).orElseThrow(() -> new AssertionError("no policy status"));
        assertThat(p.ancestors()).hasSize(1);
        return p.ancestors().get(0);
    }

    private static StatusCondition accepted(BuildResult r) {
        PolicyAncestorStatus a = onlyAncestor(r);
        assertThat(a.conditions()).hasSize(1);
        return a.conditions().get(0);
    }

    private static void assertInvalid(BuildResult r, String message) {
        assertThat(accepted(r)).isEqualTo(new StatusCondition("Accepted", "False", "Invalid", message, 3));
        assertThat(r.status().problems()).extracting(s -> s.ref()).contains(POLICY);
        assertThat(r.notApplied()).as("a policy with a status is not also a not-applied warning").isEmpty();
        assertThat(r.dag().listeners().get(0).virtualHosts().get(0).routes().get(0).clusters().get(0).upstreamValidation())
                .as("an invalid policy leaves the backend plain").isNull();
    }

    @Test
    void aValidPolicyIsAcceptedTowardsTheRoutesParentRefByTheGatewayClassesController() {
        BuildResult r = build(ROUTE.formatted(TO_GATEWAY), policy("kuard", cas("{group: \"\", kind: ConfigMap, name: kuard-ca}", "kuard.example.com")));
        PolicyAncestorStatus a = onlyAncestor(r);
        assertThat(a.ancestorRef()).isEqualTo(ParentRef.gateway("projectcontour", "contour"));
        assertThat(a.controllerName()).isEqualTo(CONTROLLER);
        assertThat(a.conditions()).containsExactly(
                new StatusCondition("Accepted", "True", "Accepted", "Accepted BackendTLSPolicy", 3));
        assertThat(r.status().problems()).isEmpty();
        assertThat(r.notApplied()).isEmpty();
    }

    @Test
    void wellKnownCaCertificatesAreInvalid() {
        assertInvalid(build(ROUTE.formatted(TO_GATEWAY), policy("kuard", "{wellKnownCACertificates: System, hostname: kuard.example.com}")),
                "BackendTLSPolicy.Spec.Validation.WellKnownCACertificates is unsupported.");
    }

    @Test
    void anIpAddressAsHostnameIsInvalid() {
        assertInvalid(build(ROUTE.formatted(TO_GATEWAY), policy("kuard", cas("{group: \"\", kind: ConfigMap, name: kuard-ca}", "127.0.0.1"))),
                "BackendTLSPolicy.Spec.Validation.Hostname \"127.0.0.1\" is invalid. Hostname must be a valid RFC 1123 "
                        + "fully qualified domain name. Wildcard domains and numeric IP addresses are not allowed");
    }

    @Test
    void aCaOfAnotherKindIsInvalid() {
        assertInvalid(build(ROUTE.formatted(TO_GATEWAY), policy("kuard", cas("{group: \"\", kind: Invalid, name: kuard-ca}", "kuard.example.com"))),
                "BackendTLSPolicy.Spec.Validation.CACertificateRef.Kind \"Invalid\" is unsupported. Only ConfigMap or "
                        + "Secret Kind is supported.");
    }

    @Test
    void aMissingConfigMapOrSecretCaIsInvalid() {
        assertInvalid(build(ROUTE.formatted(TO_GATEWAY), policy("kuard", cas("{group: \"\", kind: ConfigMap, name: missing}", "kuard.example.com"))),
                "Could not find CACertificateRef ConfigMap: default/missing");
        assertInvalid(build(ROUTE.formatted(TO_GATEWAY), policy("kuard", cas("{group: \"\", kind: Secret, name: missing}", "kuard.example.com"))),
                "Could not find CACertificateRef Secret: default/missing");
    }

    @Test
    void everyFailingCaIsNamedInOneAcceptedConditionAndAGoodCaBesideThemDoesNotSaveThePolicy() {
        assertInvalid(build(ROUTE.formatted(TO_GATEWAY), policy("kuard", cas(
                        "{group: \"\", kind: Invalid, name: kuard-ca}, {group: \"\", kind: ConfigMap, name: missing}, "
                                + "{group: \"\", kind: Secret, name: kuard-ca-secret}", "kuard.example.com"))),
                "BackendTLSPolicy.Spec.Validation.CACertificateRef.Kind \"Invalid\" is unsupported. Only ConfigMap or "
                        + "Secret Kind is supported., Could not find CACertificateRef ConfigMap: default/missing");
    }

    @Test
    void aPolicyNoRouteReachesHasNoStatusAndOnlyAnInvalidOneIsNotApplied() {
        BuildResult valid = build(ROUTE.formatted(TO_GATEWAY),
                policy("other", cas("{group: \"\", kind: ConfigMap, name: kuard-ca}", "other.example.com")));
        assertThat(valid.status().policy(POLICY)).isEmpty();
        assertThat(valid.notApplied()).isEmpty();

        BuildResult invalid = build(ROUTE.formatted(TO_GATEWAY),
                policy("other", cas("{group: \"\", kind: ConfigMap, name: missing}", "other.example.com")));
        assertThat(invalid.status().policy(POLICY)).isEmpty();
        assertThat(invalid.notApplied()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("BackendTLSPolicy default/kuard-tls: not applied: Could not find CACertificateRef ConfigMap: default/missing"));
    }

    @Test
    void throughTwoParentRefsThePolicyKeepsTheLastOneAsItsOnlyAncestorAsUpstreamsStatusCacheDoes() {
        BuildResult r = build(ROUTE.formatted("{name: contour, namespace: projectcontour, sectionName: http}, "
                        + "{name: contour, namespace: projectcontour, sectionName: http-alt}"),
                policy("kuard", cas("{group: \"\", kind: ConfigMap, name: kuard-ca}", "kuard.example.com")));
        assertThat(onlyAncestor(r).ancestorRef())
                .isEqualTo(ParentRef.gateway("projectcontour", "contour").withSectionName("http-alt"));
    }

    @Test
    void aGrpcRouteBackendDoesNotReachThePolicy() {
        BuildResult r = build("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: grpc, namespace: default}
                spec:
                  parentRefs: [{name: contour, namespace: projectcontour}]
                  rules:
                  - backendRefs: [{name: kuard, port: 8080}]
                """, policy("kuard", cas("{group: \"\", kind: ConfigMap, name: kuard-ca}", "kuard.example.com")));
        Optional<PolicyStatus> none = r.status().policy(POLICY);
        assertThat(none).isEmpty();
    }
}
