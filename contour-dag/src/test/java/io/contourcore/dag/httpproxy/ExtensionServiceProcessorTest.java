package io.contourcore.dag.httpproxy;

import static io.contourcore.dag.httpproxy.ProxyFixtures.build;
import static io.contourcore.dag.httpproxy.ProxyFixtures.caSecret;
import static io.contourcore.dag.httpproxy.ProxyFixtures.errors;
import static io.contourcore.dag.httpproxy.ProxyFixtures.service;
import static io.contourcore.dag.httpproxy.ProxyFixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.ExtensionService;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.Service;
import io.contourcore.model.Timeout;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionServiceProcessorTest {

    private static ExtensionService ext(String protocol, HTTPProxy.UpstreamValidation v, HTTPProxy.LoadBalancerPolicy lb,
            HTTPProxy.TimeoutPolicy t, ExtensionService.CircuitBreakers cb, ExtensionService.Target... targets) {
        return new ExtensionService(ObjectMeta.of("auth", "authz"), new ExtensionService.Spec(List.of(targets), v, protocol, lb, t, "v3", cb));
    }

    private static ExtensionService.Target target(String name, int port, long weight) {
        return new ExtensionService.Target(name, port, weight);
    }

    @Test
    void aValidExtensionServiceBecomesANamedClusterOfWeightedServices() {
        ExtensionService e = ext(null, null, new HTTPProxy.LoadBalancerPolicy("Random", List.of()),
                new HTTPProxy.TimeoutPolicy("5s", "", ""), new ExtensionService.CircuitBreakers(10, 0, 0, 0, 0),
                target("a", 9000, 3), target("b", 9000, 1));
        BuildResult r = build(e, service("auth", "a", 9000), service("auth", "b", 9000));
        assertThat(r.status().get(e.ref()).orElseThrow().currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(r.status().get(e.ref()).orElseThrow().description()).isEqualTo("Valid ExtensionService");
        Dag.ExtensionCluster c = r.dag().extensionClusters().get(0);
        assertThat(c.name()).isEqualTo("extension/auth/authz");
        assertThat(c.protocol()).isEqualTo("h2");
        assertThat(c.loadBalancerPolicy()).isEqualTo("Random");
        assertThat(c.routeTimeoutPolicy().responseTimeout()).isEqualTo(Timeout.of(Duration.ofSeconds(5)));
        assertThat(c.clusterTimeoutPolicy().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.circuitBreakers().maxConnections()).isEqualTo(10);
        assertThat(c.upstreamTls()).isNull();
        assertThat(c.upstreams()).extracting(Dag.WeightedService::serviceName, Dag.WeightedService::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 3), org.assertj.core.groups.Tuple.tuple("b", 1));
    }

    @Test
    void upstreamValidationSetsTheSniAndRequiresH2() {
        HTTPProxy.UpstreamValidation v = new HTTPProxy.UpstreamValidation("ca", "authz.example", List.of());
        ExtensionService ok = ext("h2", v, null, null, null, target("a", 9000, 0));
        BuildResult r = build(ok, service("auth", "a", 9000), caSecret("auth", "ca"));
        assertThat(r.dag().extensionClusters().get(0).sni()).isEqualTo("authz.example");
        ExtensionService h2c = ext("h2c", v, null, null, null, target("a", 9000, 0));
        BuildResult bad = build(h2c, service("auth", "a", 9000), caSecret("auth", "ca"));
        assertThat(errors(bad, h2c)).containsExactly(new SubCondition("SpecError", "InconsistentProtocol",
                "upstream TLS validation not supported for \"h2c\" protocol"));
        assertThat(bad.dag().extensionClusters()).isEmpty();
    }

    @Test
    void anUndelegatedOrMissingCaIsReported() {
        ExtensionService other = ext("h2", new HTTPProxy.UpstreamValidation("certs/ca", "x", List.of()), null, null, null);
        assertThat(errors(build(other, caSecret("certs", "ca")), other)).containsExactly(new SubCondition("TLSError",
                "CACertificateNotDelegated", "service.UpstreamValidation.CACertificate Secret \"certs/ca\" is not configured for certificate delegation"));
        ExtensionService missing = ext("h2", new HTTPProxy.UpstreamValidation("ca", "x", List.of()), null, null, null);
        assertThat(errors(build(missing), missing)).containsExactly(new SubCondition("SpecError", "TLSUpstreamValidation",
                "TLS upstream validation policy error: invalid CA Secret \"auth/ca\": Secret not found"));
    }

    @Test
    void unresolvedAndExternalNameServicesAreErrors() {
        Service external = new Service(ObjectMeta.of("auth", "ext"), "ExternalName", "auth.example.com",
                List.of(new Service.Port("grpc", "TCP", 9000, null, null)));
        ExtensionService e = ext(null, null, null, null, null, target("missing", 9000, 0), target("ext", 9000, 0), target("a", 1, 0));
        BuildResult r = build(e, external, service("auth", "a", 9000));
        assertThat(errors(r, e)).containsExactly(
                new SubCondition("ServiceError", "ServiceUnresolvedReference", "unresolved service \"auth/missing\": service \"auth/missing\" not found"),
                new SubCondition("ServiceError", "UnsupportedServiceType", "Service \"auth/ext\" is of unsupported type \"ExternalName\"."),
                new SubCondition("ServiceError", "ServiceUnresolvedReference",
                        "unresolved service \"auth/a\": port \"1\" on service \"auth/a\" not matched"));
        assertThat(r.dag().extensionClusters()).isEmpty();
    }

    @Test
    void hashingStrategiesAndIdleTimeoutsAreIgnoredWithWarnings() {
        ExtensionService e = ext(null, null, new HTTPProxy.LoadBalancerPolicy("Cookie", List.of()),
                new HTTPProxy.TimeoutPolicy("", "10s", ""), null, target("a", 9000, 0));
        BuildResult r = build(e, service("auth", "a", 9000));
        assertThat(warnings(r, e)).containsExactly(
                new SubCondition("SpecError", "IgnoredField",
                        "ignoring field \".Spec.LoadBalancerPolicy\"; Cookie load balancer policy is not supported for ExtensionClusters"),
                new SubCondition("SpecError", "IgnoredField",
                        "ignoring field \".Spec.TimeoutPolicy.Idle\"; idle timeouts are not supported for ExtensionClusters"));
        assertThat(r.dag().extensionClusters().get(0).loadBalancerPolicy()).isEmpty();
    }

    @Test
    void aBadTimeoutIsASpecError() {
        ExtensionService e = ext(null, null, null, new HTTPProxy.TimeoutPolicy("soon", "", ""), null, target("a", 9000, 0));
        assertThat(errors(build(e, service("auth", "a", 9000)), e)).containsExactly(new SubCondition("SpecError", "TimeoutPolicyNotValid",
                "spec.timeoutPolicy failed to parse: error parsing response timeout: unable to parse timeout string \"soon\": "
                        + "time: invalid duration \"soon\""));
    }
}
