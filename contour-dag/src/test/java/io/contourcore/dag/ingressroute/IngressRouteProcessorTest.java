package io.contourcore.dag.ingressroute;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.DagBuilder;
import io.contourcore.dag.kernel.TestCerts;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.IngressRoute;
import io.contourcore.model.IntOrString;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Secret;
import io.contourcore.model.Service;
import io.contourcore.model.TLSCertificateDelegation;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressRouteProcessorTest {

    private static Service service(String ns, String name) {
        return new Service(ObjectMeta.of(ns, name), "ClusterIP", null,
                List.of(new Service.Port("http", "TCP", 80, IntOrString.of(80), null)));
    }

    private static Secret tlsSecret(String ns, String name) {
        return new Secret(ObjectMeta.of(ns, name), Secret.TYPE_TLS,
                Map.of(Secret.TLS_CERT, TestCerts.read("example.crt"), Secret.TLS_KEY, TestCerts.read("example.key")));
    }

    private static IngressRoute root(String ns, String name, String fqdn, IngressRoute.Route... routes) {
        return new IngressRoute(ObjectMeta.of(ns, name), new IngressRoute.Spec(IngressRoute.VirtualHost.of(fqdn), List.of(routes), null));
    }

    private static IngressRoute delegate(String ns, String name, IngressRoute.Route... routes) {
        return new IngressRoute(ObjectMeta.of(ns, name), new IngressRoute.Spec(null, List.of(routes), null));
    }

    private static IngressRoute.Route to(String match, String service) {
        return IngressRoute.Route.to(match, List.of(IngressRoute.Service.of(service, 80)));
    }

    private static IngressRoute.Route handOff(String match, String ns, String name) {
        return IngressRoute.Route.delegateTo(match, new IngressRoute.Delegate(name, ns));
    }

    private static BuildResult build(K8sObject... objects) {
        return DagBuilder.build(ResourceSet.of(List.of(objects)), ContourConfig.DEFAULTS);
    }

    private static ObjectStatus status(BuildResult r, K8sObject o) {
        return r.status().get(o.ref()).orElseThrow();
    }

    private static List<Dag.Route> routes(BuildResult r, String listener, String host) {
        List<Dag.Route> out = new ArrayList<>();
        for (Dag.Listener l : r.dag().listeners()) {
            if (l.name().equals(listener)) {
                l.virtualHosts().stream().filter(v -> v.name().equals(host)).forEach(v -> out.addAll(v.routes()));
                l.secureVirtualHosts().stream().filter(v -> v.name().equals(host)).forEach(v -> out.addAll(v.virtualHost().routes()));
            }
        }
        return out;
    }

    @Test
    void programsTheRoutesAndClustersTheEquivalentHttpProxyGets() {
        IngressRoute ir = root("default", "app", "app.example.com", to("/", "app"));
        HTTPProxy proxy = new HTTPProxy(ObjectMeta.of("default", "app"), new HTTPProxy.Spec(HTTPProxy.VirtualHost.of("app.example.com"),
                List.of(HTTPProxy.Route.to(List.of(HTTPProxy.MatchCondition.prefix("/")), List.of(HTTPProxy.Service.of("app", 80)))),
                null, List.of(), ""));
        Dag.Route fromIr = routes(build(service("default", "app"), ir), "ingress_http", "app.example.com").get(0);
        Dag.Route fromProxy = routes(build(service("default", "app"), proxy), "ingress_http", "app.example.com").get(0);

        assertThat(fromIr.source().kind()).isEqualTo(Kind.INGRESS_ROUTE);
        assertThat(fromIr.toBuilder().build()).usingRecursiveComparison().ignoringFields("source").isEqualTo(fromProxy);
    }

    @Test
    void aDelegateReachedFromTwoRootsKeepsTheFirstStatusItGot() {
        IngressRoute a = root("default", "a", "a.example.com", handOff("/shared", "team", "shared"));
        IngressRoute b = root("default", "b", "b.example.com", handOff("/other", "team", "shared"));
        IngressRoute shared = delegate("team", "shared", to("/shared", "app"));

        BuildResult r = build(service("team", "app"), a, b, shared);

        // from root a the match fits; from root b ("/other") it does not, but the first status stands
        assertThat(status(r, shared).currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(routes(r, "ingress_http", "a.example.com")).hasSize(1);
        assertThat(routes(r, "ingress_http", "b.example.com")).isEmpty();
    }

    @Test
    void aDelegateUnderTheWrongPrefixIsInvalidAndKeepsTheRoutesBeforeIt() {
        IngressRoute root = root("default", "root", "app.example.com", handOff("/blog", "", "blog"));
        IngressRoute blog = delegate("default", "blog", to("/blog", "app"), to("/admin", "app"), to("/blog/late", "app"));

        BuildResult r = build(service("default", "app"), root, blog);

        assertThat(status(r, blog).description())
                .isEqualTo("the path prefix \"/admin\" does not match the parent's path prefix \"/blog\"");
        assertThat(status(r, blog).conditions()).isEmpty();
        assertThat(status(r, root).description()).isEqualTo(IngressRouteProcessor.VALID_MESSAGE);
        assertThat(routes(r, "ingress_http", "app.example.com"))
                .extracting(rt -> ((Dag.PrefixMatch) rt.pathMatch()).prefix()).containsExactly("/blog");
    }

    @Test
    void aSecretDelegatedByTheLegacyKindServesTheRootOverHttps() {
        IngressRoute ir = new IngressRoute(ObjectMeta.of("default", "app"), new IngressRoute.Spec(
                new IngressRoute.VirtualHost("app.example.com", new IngressRoute.Tls("certs/wildcard", "", false)),
                List.of(to("/", "app")), null));
        TLSCertificateDelegation legacy = new TLSCertificateDelegation(Kind.LEGACY_TLS_CERTIFICATE_DELEGATION,
                ObjectMeta.of("certs", "d"), List.of(new TLSCertificateDelegation.Delegation("wildcard", List.of("default"))));

        BuildResult without = build(service("default", "app"), ir, tlsSecret("certs", "wildcard"));
        BuildResult with = build(service("default", "app"), ir, tlsSecret("certs", "wildcard"), legacy);

        assertThat(status(without, ir).description())
                .isEqualTo("Spec.VirtualHost.TLS Secret \"certs/wildcard\" certificate delegation not permitted");
        assertThat(status(with, ir).currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(routes(with, "ingress_https", "app.example.com")).hasSize(1);
    }

    @Test
    void anIngressRouteAndAnHttpProxyOnOneHostShareItAndTheProxyWinsOnTheSameMatch() {
        IngressRoute ir = root("default", "app", "app.example.com", to("/", "old"), to("/legacy", "old"));
        HTTPProxy proxy = new HTTPProxy(ObjectMeta.of("default", "app"), new HTTPProxy.Spec(HTTPProxy.VirtualHost.of("app.example.com"),
                List.of(HTTPProxy.Route.to(List.of(HTTPProxy.MatchCondition.prefix("/")), List.of(HTTPProxy.Service.of("new", 80)))),
                null, List.of(), ""));

        BuildResult r = build(service("default", "old"), service("default", "new"), ir, proxy);

        assertThat(routes(r, "ingress_http", "app.example.com"))
                .extracting(rt -> ((Dag.PrefixMatch) rt.pathMatch()).prefix() + " " + rt.source().kind())
                .containsExactlyInAnyOrder("/ HTTP_PROXY", "/legacy INGRESS_ROUTE");
        assertThat(status(r, ir).currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(status(r, proxy).currentStatus()).isEqualTo(ObjectStatus.VALID);
    }

    @Test
    void matchesPathPrefixSegmentWiseAsUpstreamDid() {
        assertThat(IngressRouteProcessor.matchesPathPrefix("/blog/post", "/blog")).isTrue();
        assertThat(IngressRouteProcessor.matchesPathPrefix("/blog", "/blog/")).isTrue();
        assertThat(IngressRouteProcessor.matchesPathPrefix("/blogger", "/blog")).isFalse();
        assertThat(IngressRouteProcessor.matchesPathPrefix("/anything", "")).isTrue();
        assertThat(IngressRouteProcessor.matchesPathPrefix("", "/blog")).isFalse();
    }
}
