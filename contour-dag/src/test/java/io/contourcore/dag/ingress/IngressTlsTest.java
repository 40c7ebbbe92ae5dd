package io.contourcore.dag.ingress;

import static io.contourcore.dag.ingress.Fixtures.backend;
import static io.contourcore.dag.ingress.Fixtures.build;
import static io.contourcore.dag.ingress.Fixtures.ingress;
import static io.contourcore.dag.ingress.Fixtures.invalidSecret;
import static io.contourcore.dag.ingress.Fixtures.kuard;
import static io.contourcore.dag.ingress.Fixtures.listener;
import static io.contourcore.dag.ingress.Fixtures.meta;
import static io.contourcore.dag.ingress.Fixtures.onlyRoute;
import static io.contourcore.dag.ingress.Fixtures.path;
import static io.contourcore.dag.ingress.Fixtures.port;
import static io.contourcore.dag.ingress.Fixtures.prefix;
import static io.contourcore.dag.ingress.Fixtures.rule;
import static io.contourcore.dag.ingress.Fixtures.service;
import static io.contourcore.dag.ingress.Fixtures.status;
import static io.contourcore.dag.ingress.Fixtures.svhost;
import static io.contourcore.dag.ingress.Fixtures.tls;
import static io.contourcore.dag.ingress.Fixtures.tlsSecret;
import static io.contourcore.dag.ingress.Fixtures.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.DefaultListeners;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.Bytes;
import io.contourcore.model.Ingress;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.Secret;
import io.contourcore.model.TLSCertificateDelegation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.tls: secrets, delegation, protocol versions, and which routes reach the HTTPS side. */
class IngressTlsTest {

    private static Ingress kuardTls(ObjectMeta meta, String secret) {
        return ingress(meta, List.of(tls(secret, "kuard.example.com")),
                rule("kuard.example.com", path("", "", backend("kuard", 8080))));
    }

    private static List<SubCondition> errors(BuildResult r, Ingress ing) {
        return status(r, ing).conditions().get(0).errors();
    }

    @Test
    void aValidSecretGivesASecureVirtualHostWithTheSameRouteAndDefaultVersions() {
        Ingress ing = kuardTls(meta("default", "kuard"), "secret");
        BuildResult r = build(kuard(), tlsSecret("default", "secret"), ing);
        Dag.SecureVirtualHost svh = svhost(r, "kuard.example.com").orElseThrow();
        assertThat(svh.secret().ref().namespacedName()).isEqualTo("default/secret");
        assertThat(svh.minTlsVersion()).isEqualTo("1.2");
        assertThat(svh.maxTlsVersion()).isEqualTo("1.3");
        assertThat(svh.virtualHost().routes()).containsExactly(onlyRoute(r, "kuard.example.com"));
        assertThat(status(r, ing).currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(status(r, ing).tlsSecret()).isEqualTo("secret");
        assertThat(status(r, ing).fqdn()).isEqualTo("kuard.example.com");
    }

    @Test
    void aSecretWithABlankCaCrtStillServesTls() {
        Secret sec = new Secret(ObjectMeta.of("default", "secret"), Secret.TYPE_TLS, Map.of(Secret.CA_CERT, Bytes.EMPTY,
                Secret.TLS_CERT, Fixtures.cert("example.crt"), Secret.TLS_KEY, Fixtures.cert("example.key")));
        BuildResult r = build(kuard(), sec, kuardTls(meta("default", "kuard"), "secret"));
        assertThat(svhost(r, "kuard.example.com")).isPresent();
    }

    @Test
    void aSecretWithoutRoutesBuildsNoListener() {
        BuildResult r = build(tlsSecret("default", "secret"), kuardTls(meta("default", "kuard"), "secret"));
        assertThat(r.dag().listeners()).isEmpty();
    }

    @Test
    void anInvalidSecretLeavesOnlyTheHttpSideAndSaysWhy() {
        Ingress ing = kuardTls(meta("default", "kuard"), "secret");
        BuildResult r = build(kuard(), invalidSecret("default", "secret"), ing);
        assertThat(vhost(r, "kuard.example.com")).isPresent();
        assertThat(listener(r, DefaultListeners.HTTPS)).isEmpty();
        SubCondition e = errors(r, ing).get(0);
        assertThat(e.type()).isEqualTo("TLSError");
        assertThat(e.reason()).isEqualTo("SecretNotValid");
        assertThat(e.message()).startsWith("Secret \"default/secret\" is invalid: invalid TLS certificate");
    }

    @Test
    void aMissingSecretIsReportedAsNotFound() {
        Ingress ing = kuardTls(meta("default", "kuard"), "secret");
        BuildResult r = build(kuard(), ing);
        assertThat(listener(r, DefaultListeners.HTTPS)).isEmpty();
        assertThat(errors(r, ing)).containsExactly(
                new SubCondition("TLSError", "SecretNotValid", "Secret \"default/secret\" is invalid: Secret not found"));
    }

    @Test
    void withRootNamespacesASecretOutsideThemIsNotSeenAsUpstreamsInformerDoesNotWatchIt() {
        Ingress ing = kuardTls(meta("apps", "kuard"), "secret");
        io.contourcore.model.config.ContourConfig c = io.contourcore.model.config.ContourConfig.DEFAULTS
                .toBuilder().rootNamespaces(List.of("projectcontour")).build();
        BuildResult r = build(c, service("apps", "kuard", port("http", 8080)), tlsSecret("apps", "secret"), ing);
        assertThat(vhost(r, "kuard.example.com")).isPresent();
        assertThat(listener(r, DefaultListeners.HTTPS)).isEmpty();
        assertThat(errors(r, ing).get(0).message()).startsWith("Secret \"apps/secret\" is invalid: Secret not found (with root");
        BuildResult watched = build(c.toBuilder().rootNamespaces(List.of("apps")).build(), service("apps", "kuard", port("http", 8080)),
                tlsSecret("apps", "secret"), ing);
        assertThat(svhost(watched, "kuard.example.com")).isPresent();
    }

    @Test
    void aSecretFromTheCertNamespaceAnnotationNeedsADelegation() {
        Ingress ing = kuardTls(meta("default", "tls-from-other-ns-annotation", "projectcontour.io/tls-cert-namespace", "root"),
                "secret");
        BuildResult r = build(kuard(), tlsSecret("root", "secret"), ing);
        assertThat(vhost(r, "kuard.example.com")).isPresent();
        assertThat(listener(r, DefaultListeners.HTTPS)).isEmpty();
        assertThat(errors(r, ing)).containsExactly(new SubCondition("TLSError", "DelegationNotPermitted",
                "Secret \"root/secret\" certificate delegation not permitted"));
    }

    @Test
    void aDelegationToEveryNamespaceLetsTheAnnotatedSecretServe() {
        Ingress ing = kuardTls(meta("default", "tls-from-other-ns-annotation", "projectcontour.io/tls-cert-namespace", "root"),
                "secret");
        TLSCertificateDelegation d = new TLSCertificateDelegation(ObjectMeta.of("root", "CertDelegation"),
                List.of(new TLSCertificateDelegation.Delegation("secret", List.of("*"))));
        BuildResult r = build(kuard(), tlsSecret("root", "secret"), d, ing);
        assertThat(svhost(r, "kuard.example.com").orElseThrow().secret().ref().namespacedName()).isEqualTo("root/secret");
        assertThat(status(r, ing).currentStatus()).isEqualTo(ObjectStatus.VALID);
    }

    @Test
    void aNamespaceInTheSecretNameWinsOverTheAnnotationAndIsDelegatedPerNamespace() {
        Ingress ing = kuardTls(meta("default", "kuard", "projectcontour.io/tls-cert-namespace", "elsewhere"), "certs/wild");
        TLSCertificateDelegation toOther = new TLSCertificateDelegation(ObjectMeta.of("certs", "d"),
                List.of(new TLSCertificateDelegation.Delegation("wild", List.of("other"))));
        BuildResult denied = build(kuard(), tlsSecret("certs", "wild"), toOther, ing);
        assertThat(errors(denied, ing)).extracting(SubCondition::reason).containsExactly("DelegationNotPermitted");

        TLSCertificateDelegation toDefault = new TLSCertificateDelegation(ObjectMeta.of("certs", "d"),
                List.of(new TLSCertificateDelegation.Delegation("wild", List.of("other", "default"))));
        BuildResult allowed = build(kuard(), tlsSecret("certs", "wild"), toDefault, ing);
        assertThat(svhost(allowed, "kuard.example.com").orElseThrow().secret().ref().namespacedName()).isEqualTo("certs/wild");
    }

    @Test
    void versionAnnotationsSetTheSecureVirtualHostsVersions() {
        Ingress ing = kuardTls(meta("default", "kuard", "projectcontour.io/tls-minimum-protocol-version", "1.3",
                "projectcontour.io/tls-maximum-protocol-version", "1.3"), "secret");
        Dag.SecureVirtualHost svh = svhost(build(kuard(), tlsSecret("default", "secret"), ing), "kuard.example.com").orElseThrow();
        assertThat(svh.minTlsVersion()).isEqualTo("1.3");
        assertThat(svh.maxTlsVersion()).isEqualTo("1.3");
    }

    @Test
    void anUnknownVersionFallsBackToTheDefaultWithAWarning() {
        Ingress ing = kuardTls(meta("default", "kuard", "projectcontour.io/tls-minimum-protocol-version", "1.1"), "secret");
        BuildResult r = build(kuard(), tlsSecret("default", "secret"), ing);
        assertThat(svhost(r, "kuard.example.com").orElseThrow().minTlsVersion()).isEqualTo("1.2");
        assertThat(status(r, ing).currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(status(r, ing).conditions().get(0).warnings()).extracting(SubCondition::message).containsExactly(
                "ignoring projectcontour.io/tls-minimum-protocol-version \"1.1\": it must be \"1.2\" or \"1.3\", so \"1.2\" is used");
    }

    @Test
    void aMaximumBelowTheMinimumStopsTlsForThatAndEveryLaterIngressAsUpstreamDoes() {
        Ingress a = ingress(meta("default", "a"), List.of(tls("secret", "a.example.com")),
                rule("a.example.com", path("", "", backend("kuard", 8080))));
        Ingress bad = ingress(meta("default", "b", "projectcontour.io/tls-minimum-protocol-version", "1.3",
                        "projectcontour.io/tls-maximum-protocol-version", "1.2"), List.of(tls("secret", "b.example.com")),
                rule("b.example.com", path("", "", backend("kuard", 8080))));
        Ingress c = ingress(meta("default", "c"), List.of(tls("secret", "c.example.com")),
                rule("c.example.com", path("", "", backend("kuard", 8080))));
        BuildResult r = build(kuard(), tlsSecret("default", "secret"), a, bad, c);
        assertThat(svhost(r, "a.example.com")).isPresent();
        assertThat(svhost(r, "b.example.com")).isEmpty();
        assertThat(svhost(r, "c.example.com")).isEmpty();
        assertThat(vhost(r, "b.example.com")).isPresent();
        assertThat(vhost(r, "c.example.com")).isPresent();
        assertThat(status(r, a).currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(errors(r, bad)).extracting(SubCondition::type, SubCondition::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TLSError", "TLSConfigNotValid"));
        assertThat(errors(r, bad).get(0).message())
                .startsWith("the minimum protocol version \"1.3\" is greater than the maximum protocol version \"1.2\"");
        assertThat(errors(r, c).get(0).message()).contains("Ingress \"default/b\"");
    }

    @Test
    void withoutTlsTheHttpsSideIsNeverBuilt() {
        Ingress ing = ingress(meta("default", "kuard"), rule("kuard.example.com", path("", "", backend("kuard", 8080))));
        BuildResult r = build(kuard(), tlsSecret("default", "secret"), ing);
        assertThat(listener(r, DefaultListeners.HTTPS)).isEmpty();
        assertThat(status(r, ing).tlsSecret()).isEmpty();
    }

    @Test
    void allowHttpFalseKeepsRoutesOffPort80ButOnTls() {
        Ingress ing = ingress(meta("default", "two-rules", "kubernetes.io/ingress.allow-http", "false"),
                List.of(tls("secret", "b.example.com")),
                rule("b.example.com", path("", "", backend("kuard", "http"))),
                rule("b.example.com", path("/kuarder", "", backend("kuarder", 8080))));
        BuildResult r = build(ing, tlsSecret("default", "secret"), kuard(), service("default", "kuarder", port("http", 8080)));
        assertThat(listener(r, DefaultListeners.HTTP)).isEmpty();
        assertThat(svhost(r, "b.example.com").orElseThrow().virtualHost().routes()).extracting(Dag.Route::pathMatch)
                .containsExactlyInAnyOrder(prefix("/"), prefix("/kuarder"));
    }

    @Test
    void aDefaultBackendIsNeverServedOverTlsSoAllowHttpFalseLeavesNothing() {
        Ingress ing = new Ingress(meta("default", "kuard", "kubernetes.io/ingress.allow-http", "false"),
                new Ingress.Spec(null, backend("kuard", 8080), List.of(tls("secret", "*")), List.of()));
        BuildResult r = build(ing, tlsSecret("default", "secret"), kuard());
        assertThat(r.dag().listeners()).isEmpty();
        assertThat(status(r, ing).currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(status(r, ing).conditions().get(0).warnings()).extracting(SubCondition::reason)
                .containsExactly("NoRoutesProgrammed");
    }

    @Test
    void onlyTheHostsListedUnderTlsGetTheHttpsRoute() {
        Ingress ing = ingress(meta("default", "two-vhosts", "kubernetes.io/ingress.allow-http", "false"),
                List.of(tls("secret", "b.example.com")),
                rule("a.example.com", path("", "", backend("kuard", 8080))),
                rule("b.example.com", path("", "", backend("kuard", "http"))));
        BuildResult r = build(ing, tlsSecret("default", "secret"), kuard());
        assertThat(listener(r, DefaultListeners.HTTP)).isEmpty();
        assertThat(svhost(r, "b.example.com")).isPresent();
        assertThat(svhost(r, "a.example.com")).isEmpty();
    }

    @Test
    void forceSslRedirectUpgradesOnPort80AndTheSameRouteServesTls() {
        Ingress ing = ingress(meta("default", "two-vhosts", "ingress.kubernetes.io/force-ssl-redirect", "true"),
                List.of(tls("secret", "b.example.com")), rule("b.example.com", path("", "", backend("kuard", "http"))));
        BuildResult r = build(ing, tlsSecret("default", "secret"), kuard());
        Dag.Route http = onlyRoute(r, "b.example.com");
        assertThat(http.httpsUpgrade()).isTrue();
        assertThat(svhost(r, "b.example.com").orElseThrow().virtualHost().routes()).containsExactly(http);
    }

    @Test
    void forceSslRedirectWinsOverAllowHttpFalseOnPort80() {
        Ingress ing = ingress(meta("default", "two-vhosts", "ingress.kubernetes.io/force-ssl-redirect", "true",
                        "kubernetes.io/ingress.allow-http", "false"),
                List.of(tls("secret", "b.example.com")), rule("b.example.com", path("", "", backend("kuard", "http"))));
        BuildResult r = build(ing, tlsSecret("default", "secret"), kuard());
        assertThat(onlyRoute(r, "b.example.com").httpsUpgrade()).isTrue();
        assertThat(svhost(r, "b.example.com")).isPresent();
    }

    @Test
    void forceSslRedirectWithoutTlsStillRedirectsOnPort80() {
        Ingress ing = ingress(meta("default", "kuard", "ingress.kubernetes.io/force-ssl-redirect", "true"),
                rule("b.example.com", path("", "", backend("kuard", "http"))));
        BuildResult r = build(ing, kuard());
        assertThat(onlyRoute(r, "b.example.com").httpsUpgrade()).isTrue();
        assertThat(listener(r, DefaultListeners.HTTPS)).isEmpty();
    }

    @Test
    void onlyTheExactTextTrueTurnsOnForceSslRedirect() {
        Ingress ing = ingress(meta("default", "kuard", "ingress.kubernetes.io/force-ssl-redirect", "True"),
                rule("b.example.com", path("", "", backend("kuard", "http"))));
        BuildResult r = build(ing, kuard());
        assertThat(onlyRoute(r, "b.example.com").httpsUpgrade()).isFalse();
        assertThat(status(r, ing).conditions().get(0).warnings()).hasSize(1);
    }

    @Test
    void aWildcardTlsHostServesTheWildcardRoute() {
        Ingress ing = ingress(meta("default", "wild"), List.of(tls("secret", "*.example.com")),
                rule("*.example.com", path("", "", backend("kuard", "http"))));
        BuildResult r = build(ing, tlsSecret("default", "secret"), kuard());
        Dag.Route route = svhost(r, "*.example.com").orElseThrow().virtualHost().routes().get(0);
        assertThat(route.headerMatches()).extracting(Dag.HeaderMatch::name).containsExactly(":authority");
    }

    @Test
    void aTlsHostFromOneIngressServesRoutesOfAnotherIngress() {
        Ingress app = ingress(meta("default", "app", "ingress.kubernetes.io/force-ssl-redirect", "true"),
                List.of(tls("example-tls", "example.com")), rule("example.com", path("/", "", backend("app-service", 8080))));
        Ingress challenge = ingress(meta("nginx-ingress", "challenge"), rule("example.com",
                path("/.well-known/acme-challenge/token", "", backend("challenge-service", 8009))));
        BuildResult r = build(app, challenge, tlsSecret("default", "example-tls"),
                service("default", "app-service", port("", 8080)), service("nginx-ingress", "challenge-service", port("", 8009)));
        List<Dag.Route> secure = svhost(r, "example.com").orElseThrow().virtualHost().routes();
        assertThat(secure).extracting(Dag.Route::pathMatch)
                .containsExactlyInAnyOrder(prefix("/"), prefix("/.well-known/acme-challenge/token"));
        assertThat(secure).filteredOn(Dag.Route::httpsUpgrade).extracting(Dag.Route::pathMatch).containsExactly(prefix("/"));
    }
}
