package io.contourcore.xds;

import static io.contourcore.xds.translate.Fixtures.kuard;
import static io.contourcore.xds.translate.Fixtures.port;
import static io.contourcore.xds.translate.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import io.contourcore.model.Bytes;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Timeout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvoyNamesTest {

    @ParameterizedTest(name = "truncate({0}, {1}, {2}) = {3}")
    @CsvSource({
        "10, quijibo, a8c5e6, quijibo",
        "7, quijibo, a8c5e6, quijibo",
        "6, quijibo, a8c5, q-a8c5",
        "4, quijibo, a8c5, a8c5",
        "3, quijibo, a8c5, a8c",
        "9, gammagamma, 0d350e, ga-0d350e",
        "12, gammagammagamma, 0d350e, gamma-0d350e",
        "20, my-very-very-long-service-host-name.my.domainname, a8c5e6, my-very-very--a8c5e6",
    })
    void truncateMatchesUpstreamsTable(int l, String s, String suffix, String want) {
        assertThat(EnvoyNames.truncate(l, s, suffix)).isEqualTo(want);
    }

    @Test
    void hashnameMatchesUpstreamsTable() {
        assertThat(EnvoyNames.hashname(99)).isEmpty();
        assertThat(EnvoyNames.hashname(99, "alpha")).isEqualTo("alpha");
        assertThat(EnvoyNames.hashname(12, "gammagammagamma")).isEqualTo("0d350ea5c204");
        assertThat(EnvoyNames.hashname(4, "alpha")).isEqualTo("8ed3");
        assertThat(EnvoyNames.hashname(19, "gammagamma", "betabeta")).isEqualTo("ga-edf159/betabeta");
        assertThat(EnvoyNames.hashname(99, "alpha", "beta", "gamma")).isEqualTo("alpha/beta/gamma");
        assertThat(EnvoyNames.hashname(60, "default", "my-service-name", "my-very-very-long-service-host-name.my.domainname"))
                .isEqualTo("default/my-service-name/my-very-very--c4d2d4");
    }

    @Test
    void aPlainClusterIsNamedWithTheHashOfTheEmptyString() {
        assertThat(EnvoyNames.clusterName(Dag.Cluster.of(kuard()))).isEqualTo("default/kuard/80/da39a3ee5e");
    }

    private static Dag.Cluster withProtocol(String protocol) {
        Dag.Cluster c = Dag.Cluster.of(kuard());
        return new Dag.Cluster(c.upstream(), 0, protocol, null, "", null, null, null, null, List.of(), "", "", null,
                Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
    }

    private static Dag.Cluster withLb(String lb) {
        Dag.Cluster c = Dag.Cluster.of(kuard());
        return new Dag.Cluster(c.upstream(), 0, "", null, lb, null, null, null, null, List.of(), "", "", null,
                Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
    }

    @ParameterizedTest(name = "protocol {0} gives suffix {1}")
    @CsvSource({"tls, 4929fca9d4", "h2, bf1c365741", "h2c, f4f94965ec"})
    void protocolsChangeTheSuffixAsUpstreamsVerifiedHashes(String protocol, String suffix) {
        assertThat(EnvoyNames.clusterName(withProtocol(protocol))).isEqualTo("default/kuard/80/" + suffix);
    }

    @ParameterizedTest(name = "policy {0} gives suffix {1}")
    @CsvSource({"Cookie, e4f81994fe", "RequestHash, 1a2ffc1fef", "WeightedLeastRequest, 8bf87fefba", "Random, 58d888c08a",
            "RoundRobin, da39a3ee5e"})
    void onlyNonDefaultLoadBalancerPoliciesChangeTheSuffix(String lb, String suffix) {
        assertThat(EnvoyNames.clusterName(withLb(lb))).isEqualTo("default/kuard/80/" + suffix);
    }

    @Test
    void upstreamValidationHashesTheFirstCaSecretNameAndSubjectName() {
        Dag.Secret ca = new Dag.Secret(new ObjectRef(Kind.SECRET, "default", "secret"), Map.of("ca.crt", Bytes.utf8("cacert")));
        Dag.Service s = service("default", "kuard", port("http", 443));
        Dag.Cluster c = new Dag.Cluster(s, 0, "tls",
                new Dag.PeerValidationContext(List.of(ca), List.of("foo.bar.io"), false, null, null, false, false), "", null, null,
                null, null, List.of(), "", "", null, Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
        assertThat(EnvoyNames.clusterName(c)).isEqualTo("default/kuard/443/62d1f9ad02");
    }

    @Test
    void externalNameSniIsPartOfTheHash() {
        Dag.Service s = service("default", "kuard", port("http", 443));
        Dag.Cluster c = new Dag.Cluster(s, 0, "tls", null, "", null, null, null, null, List.of(), "projectcontour.local", "", null,
                Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
        assertThat(EnvoyNames.clusterName(c)).isEqualTo("default/kuard/443/a996a742af");
    }

    @Test
    void idleConnectionTimeoutAndSlowStartUseGoFormatting() {
        Dag.Service s = service("default", "kuard", port("http", 443));
        Dag.Cluster idle = new Dag.Cluster(s, 0, "", null, "", null, null, null, null, List.of(), "", "", null,
                new Dag.ClusterTimeoutPolicy(Timeout.of(Duration.ofSeconds(10)), Duration.ZERO), null, 0, 0, null);
        assertThat(EnvoyNames.clusterName(idle)).isEqualTo("default/kuard/443/357c84df09");
        Dag.Cluster slow = new Dag.Cluster(s, 0, "", null, "", null, null, null, null, List.of(), "", "", null,
                Dag.ClusterTimeoutPolicy.NONE, new Dag.SlowStartConfig(Duration.ofSeconds(10), 1.0, 10), 0, 0, null);
        assertThat(EnvoyNames.clusterName(slow)).isEqualTo("default/kuard/443/2c8f64025b");
        Dag.Cluster slowLeast = new Dag.Cluster(s, 0, "", null, "WeightedLeastRequest", null, null, null, null, List.of(), "", "",
                null, Dag.ClusterTimeoutPolicy.NONE, new Dag.SlowStartConfig(Duration.ofSeconds(10), 1.0, 10), 0, 0, null);
        assertThat(EnvoyNames.clusterName(slowLeast)).isEqualTo("default/kuard/443/0b01a6912a");
    }

    @Test
    void httpHealthCheckFieldsAreHashedInUpstreamsOrder() {
        Dag.Cluster c = new Dag.Cluster(kuard(), 0, "", null, "",
                new Dag.HttpHealthCheckPolicy("/healthz", "", Duration.ofSeconds(5), Duration.ofSeconds(2), 3, 2, List.of()),
                null, null, null, List.of(), "", "", null, Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
        // interval 5s, timeout 2s: upstream appends timeout first, then interval, thresholds and path.
        assertThat(EnvoyNames.clusterHashInput(c)).isEqualTo("2s5s32/healthz");
    }

    @Test
    void loadAssignmentNamesUseThePortName() {
        assertThat(EnvoyNames.clusterLoadAssignmentName("default", "kuard", "http")).isEqualTo("default/kuard/http");
        assertThat(EnvoyNames.clusterLoadAssignmentName("default", "kuard", "")).isEqualTo("default/kuard");
        assertThat(EnvoyNames.altStatName(kuard())).isEqualTo("default_kuard_80");
    }

    @Test
    void secretNamesHashTheCertificate() {
        Dag.Secret s = new Dag.Secret(new ObjectRef(Kind.SECRET, "default", "tls"),
                Map.of("tls.crt", Bytes.utf8("cert"), "tls.key", Bytes.utf8("key")));
        // printf cert | sha1sum
        assertThat(EnvoyNames.secretName(s)).isEqualTo("default/tls/cd1b506996");
    }

    @Test
    void listenerAndRouteConfigNamesFollowUpstream() {
        Dag.Listener https = new Dag.Listener("ingress_https", "https", "0.0.0.0", 8443, "https", "ingress_fallbackcert",
                List.of(), List.of(), null, false);
        assertThat(EnvoyNames.httpsRouteConfigName(https, "www.example.com")).isEqualTo("https/www.example.com");
        assertThat(EnvoyNames.fallbackRouteConfigName(https)).isEqualTo("ingress_fallbackcert");
        Dag.Listener gw = new Dag.Listener("https-443", "https", "0.0.0.0", 8443, "", "", List.of(), List.of(), null, true);
        assertThat(EnvoyNames.httpsRouteConfigName(gw, "a.com")).isEqualTo("https-443/a.com");
        assertThat(EnvoyNames.fallbackRouteConfigName(gw)).isEqualTo("https-443/fallbackcert");
        assertThat(EnvoyNames.virtualHostName("www.example.com")).isEqualTo("www.example.com");
        assertThat(EnvoyNames.extensionClusterName("projectcontour", "ratelimit")).isEqualTo("extension/projectcontour/ratelimit");
    }
}
