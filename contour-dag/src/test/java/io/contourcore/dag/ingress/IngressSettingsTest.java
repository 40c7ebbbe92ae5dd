package io.contourcore.dag.ingress;

import static io.contourcore.dag.ingress.Fixtures.backend;
import static io.contourcore.dag.ingress.Fixtures.build;
import static io.contourcore.dag.ingress.Fixtures.ingress;
import static io.contourcore.dag.ingress.Fixtures.invalidSecret;
import static io.contourcore.dag.ingress.Fixtures.kuard;
import static io.contourcore.dag.ingress.Fixtures.meta;
import static io.contourcore.dag.ingress.Fixtures.onlyRoute;
import static io.contourcore.dag.ingress.Fixtures.path;
import static io.contourcore.dag.ingress.Fixtures.rule;
import static io.contourcore.dag.ingress.Fixtures.status;
import static io.contourcore.dag.ingress.Fixtures.tlsSecret;
import static io.contourcore.dag.ingress.Fixtures.withClientCertificate;
import static io.contourcore.dag.ingress.Fixtures.withCluster;
import static io.contourcore.dag.ingress.Fixtures.withHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.Ingress;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the configuration adds to Ingress clusters. */
class IngressSettingsTest {

    private static final Ingress KUARD = ingress(meta("default", "kuard"), rule("", path("", "", backend("kuard", 8080))));

    private static Dag.Cluster cluster(ContourConfig c, Ingress ing) {
        return onlyRoute(build(c, ing, kuard(), tlsSecret("contour", "client")), "*").clusters().get(0);
    }

    private static final ContourConfig.HeaderPolicy GLOBAL = new ContourConfig.HeaderPolicy(
            Map.of("custom-header-set", "foo-bar", "x-ns", "%CONTOUR_NAMESPACE%/%CONTOUR_SERVICE_NAME%:%CONTOUR_SERVICE_PORT%",
                    "x-literal", "100%", "x-client", "%DOWNSTREAM_REMOTE_ADDRESS%"),
            List.of("k-nada"));

    @Test
    void byDefaultClustersGetUpstreamsConnectTimeoutAndUpstreamTlsAndNothingElse() {
        Dag.Cluster c = cluster(ContourConfig.DEFAULTS, KUARD);
        assertThat(c.timeoutPolicy()).isEqualTo(new Dag.ClusterTimeoutPolicy(Timeout.UNSET, Duration.ofSeconds(2)));
        assertThat(c.upstreamTls()).isEqualTo(new Dag.UpstreamTls("1.2", "1.3", List.of(
                "[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]",
                "[ECDHE-RSA-AES128-GCM-SHA256|ECDHE-RSA-CHACHA20-POLY1305]",
                "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384"), List.of()));
        assertThat(c.requestHeadersPolicy()).isNull();
        assertThat(c.responseHeadersPolicy()).isNull();
        assertThat(c.clientCertificate()).isNull();
        assertThat(c.maxRequestsPerConnection()).isZero();
        assertThat(c.perConnectionBufferLimitBytes()).isZero();
        assertThat(c.upstream().circuitBreakers()).isEqualTo(Dag.CircuitBreakers.NONE);
    }

    @Test
    void clusterSettingsAndConnectTimeoutComeFromTheConfiguration() {
        ContourConfig.Timeouts t = ContourConfig.DEFAULTS.timeouts();
        ContourConfig c = withCluster(new ContourConfig.ClusterSettings("v4", 7, 32768,
                        new ContourConfig.CircuitBreakers(10, 0, 30, 0, 0), "1.3", "1.1", List.of("A", "B", "A")),
                new ContourConfig.Timeouts(t.requestTimeout(), t.connectionIdleTimeout(), t.streamIdleTimeout(),
                        t.maxConnectionDuration(), t.delayedCloseTimeout(), t.connectionShutdownGracePeriod(),
                        Timeout.of(Duration.ofMillis(1500))));
        Dag.Cluster cl = cluster(c, KUARD);
        assertThat(cl.timeoutPolicy().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(cl.maxRequestsPerConnection()).isEqualTo(7);
        assertThat(cl.perConnectionBufferLimitBytes()).isEqualTo(32768);
        // an unknown maximum falls back to 1.3; the cipher list is de-duplicated in order
        assertThat(cl.upstreamTls()).isEqualTo(new Dag.UpstreamTls("1.3", "1.3", List.of("A", "B"), List.of()));
        assertThat(cl.upstream().circuitBreakers()).isEqualTo(new Dag.CircuitBreakers(10, 0, 30, 0, 0));
        assertThat(cl.dnsLookupFamily()).isEmpty();
    }

    @Test
    void globalCircuitBreakersOnlyFillWhatTheServiceLeftUnset() {
        ContourConfig.ClusterSettings d = ContourConfig.DEFAULTS.cluster();
        ContourConfig c = withCluster(new ContourConfig.ClusterSettings(d.dnsLookupFamily(), 0, 0,
                new ContourConfig.CircuitBreakers(10, 20, 30, 40, 50), "", "", List.of()), ContourConfig.DEFAULTS.timeouts());
        io.contourcore.model.Service s = new io.contourcore.model.Service(
                meta("default", "kuard", "projectcontour.io/max-connections", "1"), "ClusterIP", null,
                List.of(Fixtures.port("http", 8080)));
        Dag.Cluster cl = onlyRoute(build(c, KUARD, s), "*").clusters().get(0);
        assertThat(cl.upstream().circuitBreakers()).isEqualTo(new Dag.CircuitBreakers(1, 20, 30, 40, 50));
    }

    @Test
    void globalHeaderPoliciesAreIgnoredUnlessAppliedToIngress() {
        Dag.Cluster c = cluster(withHeaders(GLOBAL, GLOBAL, false), KUARD);
        assertThat(c.requestHeadersPolicy()).isNull();
        assertThat(c.responseHeadersPolicy()).isNull();
    }

    @Test
    void appliedHeaderPoliciesAreCanonicalisedEscapedAndFilledWithContourVariables() {
        Dag.Cluster c = cluster(withHeaders(GLOBAL, GLOBAL, true), KUARD);
        Map<String, String> expectedSet = Map.of("Custom-Header-Set", "foo-bar", "X-Ns", "default/kuard:8080",
                "X-Literal", "100%%", "X-Client", "%DOWNSTREAM_REMOTE_ADDRESS%");
        assertThat(c.requestHeadersPolicy()).isEqualTo(new Dag.HeadersPolicy("", "", Map.of(), expectedSet, List.of("K-Nada")));
        assertThat(c.responseHeadersPolicy()).isEqualTo(new Dag.HeadersPolicy("", "", Map.of(), expectedSet, List.of("K-Nada")));
    }

    @Test
    void aNamedBackendPortGivesZeroForTheServicePortVariableAsUpstream() {
        ContourConfig c = withHeaders(new ContourConfig.HeaderPolicy(Map.of("x-port", "%CONTOUR_SERVICE_PORT%"), List.of()),
                ContourConfig.HeaderPolicy.EMPTY, true);
        Ingress named = ingress(meta("default", "kuard"), rule("", path("", "", backend("kuard", "http"))));
        assertThat(cluster(c, named).requestHeadersPolicy().set()).containsEntry("X-Port", "0");
    }

    @Test
    void aGlobalHostHeaderRewritesTheRequestHost() {
        ContourConfig c = withHeaders(new ContourConfig.HeaderPolicy(Map.of("host", "internal.example.com"), List.of()),
                ContourConfig.HeaderPolicy.EMPTY, true);
        Dag.HeadersPolicy p = cluster(c, KUARD).requestHeadersPolicy();
        assertThat(p.hostRewrite()).isEqualTo("internal.example.com");
        assertThat(p.set()).isEmpty();
    }

    @Test
    void aHostHeaderInTheGlobalResponsePolicyLeavesIngressesWithoutRoutesAndIsReported() {
        ContourConfig c = withHeaders(ContourConfig.HeaderPolicy.EMPTY,
                new ContourConfig.HeaderPolicy(Map.of("Host", "x"), List.of()), true);
        BuildResult r = build(c, KUARD, kuard());
        assertThat(r.dag().listeners()).isEmpty();
        assertThat(status(r, KUARD).conditions().get(0).errors()).containsExactly(new SubCondition("RouteError",
                "ResponseHeaderPolicyInvalid", "rewriting \"Host\" header is not supported on response headers"));
    }

    @Test
    void anInvalidGlobalHeaderNameIsReportedWithKubernetesText() {
        ContourConfig c = withHeaders(new ContourConfig.HeaderPolicy(Map.of("bad header", "x"), List.of()),
                ContourConfig.HeaderPolicy.EMPTY, true);
        BuildResult r = build(c, KUARD, kuard());
        assertThat(r.dag().listeners()).isEmpty();
        assertThat(status(r, KUARD).conditions().get(0).errors()).extracting(SubCondition::message).containsExactly(
                "invalid set header \"bad header\": [a valid HTTP header must consist of alphanumeric characters or '-' "
                        + "(e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')] on request headers");
    }

    @Test
    void theEnvoyClientCertificateIsAttachedToEveryCluster() {
        Dag.Cluster c = cluster(withClientCertificate("contour", "client"), KUARD);
        assertThat(c.clientCertificate().ref().namespacedName()).isEqualTo("contour/client");
    }

    @Test
    void anUnusableClientCertificateDropsTheRulesAndIsReported() {
        BuildResult missing = build(withClientCertificate("contour", "nope"), KUARD, kuard());
        assertThat(missing.dag().listeners()).isEmpty();
        assertThat(status(missing, KUARD).conditions().get(0).errors()).containsExactly(new SubCondition("TLSError",
                "SecretNotValid", "tls.envoy-client-certificate Secret \"contour/nope\" is invalid: Secret not found"));
        BuildResult invalid = build(withClientCertificate("contour", "bad"), KUARD, kuard(), invalidSecret("contour", "bad"));
        assertThat(invalid.dag().listeners()).isEmpty();
    }
}
