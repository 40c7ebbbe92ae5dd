package io.contourcore.dag.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import io.contourcore.model.IntOrString;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Service;
import io.contourcore.model.TLSCertificateDelegation;
import io.contourcore.model.config.ContourConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildContextTest {

    private static BuildContext ctx(ContourConfig c, Object... objects) {
        return new BuildContext(ResourceSet.of(java.util.Arrays.stream(objects).map(o -> (io.contourcore.model.K8sObject) o).toList()), c);
    }

    private static Service svc(String name, ObjectMeta meta, Service.Port... ports) {
        return new Service(meta, "ClusterIP", null, List.of(ports));
    }

    @Test
    void aServicePortIsFoundByNumberOrNameAndAMissingOneIsExplainedAsUpstreamDoes() {
        BuildContext c = ctx(ContourConfig.DEFAULTS, svc("kuard", ObjectMeta.of("default", "kuard"),
                new Service.Port("http", "TCP", 80, IntOrString.of(8080), null)));
        assertThat(c.ensureService("default", "kuard", IntOrString.of(80), 0).ok()).isTrue();
        assertThat(c.ensureService("default", "kuard", IntOrString.of("http"), 0).value().port().port()).isEqualTo(80);
        assertThat(c.ensureService("default", "kuard", IntOrString.of(9999), 0).error())
                .isEqualTo("port \"9999\" on service \"default/kuard\" not matched");
        assertThat(c.ensureService("default", "nope", IntOrString.of(80), 0).error())
                .isEqualTo("service \"default/nope\" not found");
    }

    @Test
    void aUdpPortIsRefused() {
        BuildContext c = ctx(ContourConfig.DEFAULTS, svc("dns", ObjectMeta.of("default", "dns"),
                new Service.Port("dns", "UDP", 53, null, null)));
        assertThat(c.ensureService("default", "dns", IntOrString.of(53), 0).error()).isEqualTo("unsupported service protocol \"UDP\"");
    }

    @Test
    void appProtocolOverridesTheUpstreamProtocolAnnotation() {
        ObjectMeta meta = ObjectMeta.of("default", "grpc").withAnnotation("projectcontour.io/upstream-protocol.tls", "80,https");
        BuildContext c = ctx(ContourConfig.DEFAULTS, svc("grpc", meta,
                new Service.Port("http", "TCP", 80, null, "kubernetes.io/h2c"),
                new Service.Port("https", "TCP", 443, null, null)));
        assertThat(c.ensureService("default", "grpc", IntOrString.of(80), 0).value().protocol()).isEqualTo("h2c");
        assertThat(c.ensureService("default", "grpc", IntOrString.of(443), 0).value().protocol()).isEqualTo("tls");
    }

    @Test
    void circuitBreakerAnnotationsAreReadAsUint32AndGarbageIsZero() {
        ObjectMeta meta = ObjectMeta.of("default", "s").withAnnotation("projectcontour.io/max-connections", "9000")
                .withAnnotation("projectcontour.io/max-requests", "-1")
                .withAnnotation("projectcontour.io/per-host-max-connections", "4294967295");
        Dag.CircuitBreakers cb = BuildContext.circuitBreakers(svc("s", meta, new Service.Port("", "TCP", 80, null, null)));
        assertThat(cb).isEqualTo(new Dag.CircuitBreakers(9000, 0, 0, 0, 4294967295L));
    }

    @Test
    void externalNameServicesAreOffByDefaultAndNeverPointAtLocalhost() {
        Service en = new Service(ObjectMeta.of("default", "ext"), "ExternalName", "localhost.",
                List.of(new Service.Port("", "TCP", 80, null, null)));
        assertThat(ctx(ContourConfig.DEFAULTS, en).ensureService("default", "ext", IntOrString.of(80), 0).error())
                .contains("these are not currently enabled");
        assertThat(ctx(ContourConfig.DEFAULTS.toBuilder().enableExternalNameService(true).build(), en)
                .ensureService("default", "ext", IntOrString.of(80), 0).error())
                .isEqualTo("default/ext is an ExternalName service that points to localhost, this is not allowed");
        Service loop = new Service(ObjectMeta.of("default", "ip"), "ExternalName", "127.0.0.1",
                List.of(new Service.Port("", "TCP", 80, null, null)));
        assertThat(ctx(ContourConfig.DEFAULTS.toBuilder().enableExternalNameService(true).build(), loop)
                .ensureService("default", "ip", IntOrString.of(80), 0).error()).contains("loopback");
    }

    @Test
    void everySpellingOfALoopbackOrLinkLocalExternalNameIsRefused() {
        ContourConfig enabled = ContourConfig.DEFAULTS.toBuilder().enableExternalNameService(true).build();
        for (String name : List.of("127.1", "2130706433", "0x7f000001", "0177.0.0.1", "2852039166", "0", "::1")) {
            Service s = new Service(ObjectMeta.of("default", "ext"), "ExternalName", name,
                    List.of(new Service.Port("", "TCP", 80, null, null)));
            assertThat(ctx(enabled, s).ensureService("default", "ext", IntOrString.of(80), 0).error()).as(name)
                    .isEqualTo("default/ext is an ExternalName service that points to a loopback, link-local or "
                            + "unspecified IP address, this is not allowed");
        }
        for (String name : List.of("ip6-localhost", "ip6-loopback", "localhost6", "api.localhost")) {
            Service s = new Service(ObjectMeta.of("default", "ext"), "ExternalName", name,
                    List.of(new Service.Port("", "TCP", 80, null, null)));
            assertThat(ctx(enabled, s).ensureService("default", "ext", IntOrString.of(80), 0).error()).as(name)
                    .isEqualTo("default/ext is an ExternalName service that points to localhost, this is not allowed");
        }
        Service ok = new Service(ObjectMeta.of("default", "ext"), "ExternalName", "10.1",
                List.of(new Service.Port("", "TCP", 80, null, null)));
        assertThat(ctx(enabled, ok).ensureService("default", "ext", IntOrString.of(80), 0).ok()).isTrue();
    }

    @Test
    void delegationAllowsNamedNamespacesOrEveryNamespaceWithAStar() {
        TLSCertificateDelegation d = new TLSCertificateDelegation(ObjectMeta.of("certs", "d"), List.of(
                new TLSCertificateDelegation.Delegation("one", List.of("team-a")),
                new TLSCertificateDelegation.Delegation("all", List.of("*"))));
        BuildContext c = ctx(ContourConfig.DEFAULTS, d);
        assertThat(c.delegationPermitted("certs", "one", "team-a")).isTrue();
        assertThat(c.delegationPermitted("certs", "one", "team-b")).isFalse();
        assertThat(c.delegationPermitted("certs", "all", "anyone")).isTrue();
        assertThat(c.delegationPermitted("team-b", "x", "team-b")).isTrue();
        assertThat(c.lookupTlsSecret("certs", "one", "team-b").delegationNotPermitted()).isTrue();
        assertThat(c.lookupTlsSecret("certs", "one", "team-a").error()).isEqualTo("Secret not found");
    }
}
