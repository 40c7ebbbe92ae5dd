package io.contourcore.dag.ingress;

import static io.contourcore.dag.ingress.Fixtures.backend;
import static io.contourcore.dag.ingress.Fixtures.build;
import static io.contourcore.dag.ingress.Fixtures.defaultBackend;
import static io.contourcore.dag.ingress.Fixtures.ingress;
import static io.contourcore.dag.ingress.Fixtures.kuard;
import static io.contourcore.dag.ingress.Fixtures.listener;
import static io.contourcore.dag.ingress.Fixtures.meta;
import static io.contourcore.dag.ingress.Fixtures.onlyRoute;
import static io.contourcore.dag.ingress.Fixtures.path;
import static io.contourcore.dag.ingress.Fixtures.port;
import static io.contourcore.dag.ingress.Fixtures.prefix;
import static io.contourcore.dag.ingress.Fixtures.route;
import static io.contourcore.dag.ingress.Fixtures.rule;
import static io.contourcore.dag.ingress.Fixtures.segment;
import static io.contourcore.dag.ingress.Fixtures.service;
import static io.contourcore.dag.ingress.Fixtures.status;
import static io.contourcore.dag.ingress.Fixtures.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.DefaultListeners;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.Ingress;
import io.contourcore.model.IntOrString;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.Service;
import io.contourcore.model.config.ContourConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules, paths, path types and backends; cases mirror upstream's builder_test Ingress cases where they exist. */
class IngressRoutingTest {

    private static List<SubCondition> errors(BuildResult r, Ingress ing) {
        return status(r, ing).conditions().get(0).errors();
    }

    @Test
    void aDefaultBackendRoutesEverythingOnTheStarVirtualHostWithAStringPrefix() {
        Ingress ing = defaultBackend(meta("default", "kuard"), backend("kuard", 8080));
        BuildResult r = build(ing, kuard());
        Dag.Route route = onlyRoute(r, "*");
        assertThat(route.pathMatch()).isEqualTo(prefix("/"));
        assertThat(route.clusters()).hasSize(1);
        Dag.Cluster c = route.clusters().get(0);
        assertThat(c.upstream().name()).isEqualTo("kuard");
        assertThat(c.upstream().port().port()).isEqualTo(8080);
        assertThat(c.weight()).isZero();
        assertThat(listener(r, DefaultListeners.HTTPS)).isEmpty();
        assertThat(status(r, ing).currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(status(r, ing).description()).isEqualTo("Valid Ingress");
        assertThat(status(r, ing).fqdn()).isEqualTo("*");
    }

    @Test
    void aDefaultBackendWithoutItsServiceBuildsNothingAndSaysWhy() {
        Ingress ing = defaultBackend(meta("default", "kuard"), backend("kuard", 8080));
        BuildResult r = build(ing);
        assertThat(r.dag().listeners()).isEmpty();
        assertThat(status(r, ing).currentStatus()).isEqualTo(ObjectStatus.INVALID);
        assertThat(errors(r, ing)).containsExactly(new SubCondition("ServiceError", "ServiceUnresolvedReference",
                "spec.defaultBackend: unresolved service reference: service \"default/kuard\" not found"));
    }

    @Test
    void aServiceWithTheWrongPortGivesUpstreamsPortNotMatchedText() {
        Ingress ing = ingress(meta("default", "kuard"), rule("", path("", "", backend("kuard", 80))));
        BuildResult r = build(ing, kuard());
        assertThat(r.dag().listeners()).isEmpty();
        assertThat(errors(r, ing)).extracting(SubCondition::message).containsExactly(
                "spec.rules[0].http.paths[0]: unresolved service reference: port \"80\" on service \"default/kuard\" not matched");
    }

    @Test
    void aRuleWithoutAnHttpBlockProgramsNothingAndIsNotAnError() {
        Ingress ing = ingress(meta("default", "kuard"), new Ingress.Rule("test1.test.com", false, List.of()));
        BuildResult r = build(ing, kuard());
        assertThat(r.dag().listeners()).isEmpty();
        assertThat(status(r, ing).currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(status(r, ing).fqdn()).isEqualTo("test1.test.com");
    }

    @Test
    void aRuleHostBecomesTheVirtualHostAndThePathDefaultsToSlash() {
        Ingress ing = ingress(meta("default", "kuard"), rule("kuard.example.com", path("", "", backend("kuard", 8080))));
        BuildResult r = build(ing, kuard());
        assertThat(onlyRoute(r, "kuard.example.com").pathMatch()).isEqualTo(prefix("/"));
        assertThat(vhost(r, "*")).isEmpty();
    }

    @Test
    void aNamedBackendPortIsResolvedToItsNumber() {
        Ingress ing = ingress(meta("default", "kuard"), rule("", path("", "", backend("kuard", "http"))));
        BuildResult r = build(ing, kuard());
        assertThat(onlyRoute(r, "*").clusters().get(0).upstream().port())
                .isEqualTo(new Dag.ServicePort("http", 8080, "TCP", ""));
    }

    @Test
    void anUnknownNamedPortIsReported() {
        Ingress ing = ingress(meta("default", "kuard"), rule("", path("", "", backend("kuard", "grpc"))));
        BuildResult r = build(ing, kuard());
        assertThat(r.dag().listeners()).isEmpty();
        assertThat(errors(r, ing)).extracting(SubCondition::message).containsExactly(
                "spec.rules[0].http.paths[0]: unresolved service reference: port \"grpc\" on service \"default/kuard\" not matched");
    }

    @Test
    void aNamedPortIsLookedUpByNameThenByNumberSoAUdpPortWithTheSameNumberShadowsIt() {
        Service dns = service("default", "dns", new Service.Port("dns-udp", "UDP", 53, IntOrString.of(53), null),
                new Service.Port("dns-tcp", "TCP", 53, IntOrString.of(53), null));
        Ingress ing = ingress(meta("default", "dns"), rule("", path("", "", backend("dns", "dns-tcp"))));
        BuildResult r = build(ing, dns);
        assertThat(r.dag().listeners()).isEmpty();
        assertThat(errors(r, ing)).extracting(SubCondition::message)
                .containsExactly("spec.rules[0].http.paths[0]: unresolved service reference: unsupported service protocol \"UDP\"");
    }

    @Test
    void aMissingServiceSkipsOnlyThatPath() {
        Ingress ing = ingress(meta("default", "two-paths"), rule("b.example.com",
                path("", "", backend("kuard", "http")), path("/kuarder", "", backend("kuarder", 8080))));
        BuildResult r = build(ing, kuard());
        assertThat(onlyRoute(r, "b.example.com").pathMatch()).isEqualTo(prefix("/"));
        assertThat(errors(r, ing)).extracting(SubCondition::message).containsExactly(
                "spec.rules[0].http.paths[1]: unresolved service reference: service \"default/kuarder\" not found");
    }

    @Test
    void twoRulesForOneHostMergeIntoOneVirtualHost() {
        Ingress ing = ingress(meta("default", "two-rules"),
                rule("b.example.com", path("", "", backend("kuard", "http"))),
                rule("b.example.com", path("/kuarder", "", backend("kuarder", 8080))));
        BuildResult r = build(ing, kuard(), service("default", "kuarder", port("http", 8080)));
        List<Dag.Route> routes = vhost(r, "b.example.com").orElseThrow().routes();
        assertThat(routes).extracting(Dag.Route::pathMatch).containsExactlyInAnyOrder(prefix("/"), prefix("/kuarder"));
        assertThat(route(routes, prefix("/kuarder")).clusters().get(0).upstream().name()).isEqualTo("kuarder");
    }

    @Test
    void pathTypesMapAsUpstream() {
        Ingress ing = ingress(meta("default", "pathmatchtypes"), rule("",
                path("/exact", "Exact", backend("kuard", "http")),
                path("/exact_with_regex/.*", "Exact", backend("kuard", "http")),
                path("/prefix", "Prefix", backend("kuard", "http")),
                path("/prefix_trailing_slash/", "Prefix", backend("kuard", "http")),
                path("/prefix_with_regex/.*", "Prefix", backend("kuard", "http")),
                path("/", "Prefix", backend("kuard", "http")),
                path("/implementation_specific", "ImplementationSpecific", backend("kuard", "http")),
                path("/implementation_specific_with_regex/.*", "ImplementationSpecific", backend("kuard", "http"))));
        BuildResult r = build(ing, kuard());
        assertThat(vhost(r, "*").orElseThrow().routes()).extracting(Dag.Route::pathMatch).containsExactlyInAnyOrder(
                new Dag.ExactMatch("/exact"),
                new Dag.ExactMatch("/exact_with_regex/.*"),
                segment("/prefix"),
                segment("/prefix_trailing_slash"),
                segment("/prefix_with_regex/.*"),
                prefix("/"),
                prefix("/implementation_specific"),
                new Dag.RegexMatch("/implementation_specific_with_regex/.*"));
    }

    @Test
    void anImplementationSpecificPathWithRegexCharactersIsAValidatedRegex() {
        Ingress ing = ingress(meta("default", "regex"), rule("", path("/[^/]+/invoices(/.*|/?)", "", backend("kuard", "http"))));
        BuildResult r = build(ing, kuard());
        assertThat(onlyRoute(r, "*").pathMatch()).isEqualTo(new Dag.RegexMatch("/[^/]+/invoices(/.*|/?)"));
    }

    @Test
    void aPercentSignAloneMakesThePathARegex() {
        Ingress ing = ingress(meta("default", "regex"), rule("", path("/a%20b", "", backend("kuard", "http"))));
        assertThat(onlyRoute(build(ing, kuard()), "*").pathMatch()).isEqualTo(new Dag.RegexMatch("/a%20b"));
    }

    @Test
    void anInvalidRegexAbortsTheRestOfItsRuleButKeepsEarlierPathsAndOtherRules() {
        Ingress ing = ingress(meta("default", "regex"),
                rule("a.example.com",
                        path("/first", "", backend("kuard", "http")),
                        path("^\\/(?!\\/)(.*?)", "", backend("kuard", "http")),
                        path("/after", "", backend("kuard", "http"))),
                rule("b.example.com", path("/", "", backend("kuard", "http"))));
        BuildResult r = build(ing, kuard());
        assertThat(onlyRoute(r, "a.example.com").pathMatch()).isEqualTo(prefix("/first"));
        assertThat(onlyRoute(r, "b.example.com").pathMatch()).isEqualTo(prefix("/"));
        SubCondition e = errors(r, ing).get(0);
        assertThat(e.type()).isEqualTo("RouteError");
        assertThat(e.reason()).isEqualTo("PathMatchConditionsNotValid");
        assertThat(e.message()).startsWith("spec.rules[0].http.paths[1]: path regex \"^\\\\/(?!\\\\/)(.*?)\" is not valid: ")
                .contains("invalid or unsupported Perl syntax");
    }

    @Test
    void anInvalidRegexAloneLeavesNoListener() {
        Ingress ing = ingress(meta("default", "regex"), rule("", path("^\\/(?!\\/)(.*?)", "", backend("kuard", "http"))));
        assertThat(build(ing, kuard()).dag().listeners()).isEmpty();
    }

    @Test
    void anUnknownPathTypeSkipsThePathWithAnError() {
        Ingress ing = ingress(meta("default", "odd"), rule("",
                path("/odd", "Glob", backend("kuard", "http")), path("/ok", "Prefix", backend("kuard", "http"))));
        BuildResult r = build(ing, kuard());
        assertThat(onlyRoute(r, "*").pathMatch()).isEqualTo(segment("/ok"));
        assertThat(errors(r, ing)).extracting(SubCondition::reason).containsExactly("PathMatchConditionsNotValid");
    }

    @Test
    void aWildcardHostGetsUpstreamsSingleLabelAuthorityMatchAndAnEmptyHostDoesNot() {
        Ingress ing = ingress(meta("default", "wildcards"),
                rule("", path("", "", backend("kuard", "http"))),
                rule("*.example.com", path("", "", backend("kuard", "http"))));
        BuildResult r = build(kuard(), ing);
        assertThat(onlyRoute(r, "*").headerMatches()).isEmpty();
        Dag.Route wild = onlyRoute(r, "*.example.com");
        assertThat(wild.pathMatch()).isEqualTo(prefix("/"));
        assertThat(wild.headerMatches()).containsExactly(new Dag.HeaderMatch(":authority",
                "^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.example\\.com(:[0-9]+)?", Dag.HeaderMatchType.REGEX, false, false, false));
    }

    @Test
    void theLaterOfTwoPathsWithTheSameMatchWins() {
        Ingress ing = ingress(meta("default", "dup"), rule("example.com",
                path("/foo", "Prefix", backend("kuard", "http")), path("/foo/", "Prefix", backend("other", 80))));
        BuildResult r = build(ing, kuard(), service("default", "other", port("web", 80)));
        assertThat(onlyRoute(r, "example.com").clusters().get(0).upstream().name()).isEqualTo("other");
    }

    @Test
    void anIngressLaterInNamespaceAndNameOrderWinsASharedRoute() {
        Ingress a = ingress(meta("default", "a"), rule("example.com", path("/", "", backend("kuard", "http"))));
        Ingress b = ingress(meta("default", "b"), rule("example.com", path("/", "", backend("other", 80))));
        BuildResult r = build(b, a, kuard(), service("default", "other", port("web", 80)));
        Dag.Route route = onlyRoute(r, "example.com");
        assertThat(route.clusters().get(0).upstream().name()).isEqualTo("other");
        assertThat(route.source()).isEqualTo(b.ref());
    }

    @Test
    void anExplicitRuleOverridesTheDefaultBackendWithTheSameMatch() {
        Ingress ing = new Ingress(meta("default", "both"), new Ingress.Spec(null, backend("kuard", 8080), List.of(),
                List.of(rule("", path("/", "", backend("other", 80))))));
        BuildResult r = build(ing, kuard(), service("default", "other", port("web", 80)));
        assertThat(onlyRoute(r, "*").clusters().get(0).upstream().name()).isEqualTo("other");
    }

    @Test
    void aDefaultBackendAndHostRulesLiveSideBySide() {
        Ingress ing = new Ingress(meta("default", "both"), new Ingress.Spec(null, backend("kuard", 8080), List.of(),
                List.of(rule("a.example.com", path("/", "Prefix", backend("other", 80))))));
        BuildResult r = build(ing, kuard(), service("default", "other", port("web", 80)));
        assertThat(onlyRoute(r, "*").clusters().get(0).upstream().name()).isEqualTo("kuard");
        assertThat(onlyRoute(r, "a.example.com").clusters().get(0).upstream().name()).isEqualTo("other");
        assertThat(status(r, ing).fqdn()).isEqualTo("a.example.com");
    }

    @Test
    void everyRouteNamesItsIngressAsSource() {
        Ingress ing = ingress(meta("default", "kuard"), rule("", path("", "", backend("kuard", 8080))));
        assertThat(onlyRoute(build(ing, kuard()), "*").source()).isEqualTo(ing.ref());
    }

    @Test
    void aResourceBackendIsSkippedWithAnErrorInsteadOfCrashingAsUpstreamWould() {
        Ingress ing = ingress(meta("default", "res"), rule("",
                path("/bucket", "Prefix", new Ingress.Backend(null, null, null, "StorageBucket")),
                path("/", "Prefix", backend("kuard", "http"))));
        BuildResult r = build(ing, kuard());
        assertThat(onlyRoute(r, "*").pathMatch()).isEqualTo(prefix("/"));
        assertThat(errors(r, ing)).extracting(SubCondition::type).containsExactly("ServiceError");
    }

    @Test
    void serviceAnnotationsAndAppProtocolReachTheCluster() {
        ObjectMeta m = ObjectMeta.of("default", "kuard").withAnnotation("projectcontour.io/upstream-protocol.h2c", "80,http")
                .withAnnotation("projectcontour.io/max-connections", "9000");
        Service s = new Service(m, "ClusterIP", null, List.of(port("http", 80)));
        Ingress ing = ingress(meta("default", "h2c"), rule("", path("", "", backend("kuard", 80))));
        Dag.Cluster c = onlyRoute(build(ing, s), "*").clusters().get(0);
        assertThat(c.protocol()).isEqualTo("h2c");
        assertThat(c.upstream().protocol()).isEqualTo("h2c");
        assertThat(c.upstream().circuitBreakers().maxConnections()).isEqualTo(9000);
    }

    @Test
    void externalNameServicesAreRefusedUnlessEnabledAndNeverToLocalhost() {
        Service ext = new Service(ObjectMeta.of("default", "kuard"), "ExternalName", "externalservice.io",
                List.of(port("", 80)));
        Ingress ing = ingress(meta("default", "externalname"), rule("example.com", path("", "", backend("kuard", 80))));

        BuildResult off = build(ing, ext);
        assertThat(off.dag().listeners()).isEmpty();
        assertThat(errors(off, ing)).extracting(SubCondition::message).containsExactly(
                "spec.rules[0].http.paths[0]: unresolved service reference: default/kuard is an ExternalName service, "
                        + "these are not currently enabled. See the config.enableExternalNameService config file setting");

        BuildResult on = build(ContourConfig.DEFAULTS.toBuilder().enableExternalNameService(true).build(), ing, ext);
        Dag.Cluster c = onlyRoute(on, "example.com").clusters().get(0);
        assertThat(c.upstream().externalName()).isEqualTo("externalservice.io");
        // upstream's Ingress processor never copies cluster.dns-lookup-family onto its clusters
        assertThat(c.dnsLookupFamily()).isEmpty();

        Service local = new Service(ObjectMeta.of("default", "kuard"), "ExternalName", "localhost", List.of(port("", 80)));
        BuildResult lh = build(ContourConfig.DEFAULTS.toBuilder().enableExternalNameService(true).build(), ing, local);
        assertThat(lh.dag().listeners()).isEmpty();
        assertThat(errors(lh, ing)).extracting(SubCondition::message).containsExactly(
                "spec.rules[0].http.paths[0]: unresolved service reference: "
                        + "default/kuard is an ExternalName service that points to localhost, this is not allowed");
    }

    @Test
    void externalNameIpLiteralsAreJudgedAsAResolverReadsThem() {
        ContourConfig on = ContourConfig.DEFAULTS.toBuilder().enableExternalNameService(true).build();
        Ingress ing = ingress(meta("default", "externalname"), rule("example.com", path("", "", backend("kuard", 80))));
        Service unspecified = new Service(ObjectMeta.of("default", "kuard"), "ExternalName", "0.0.0.0", List.of(port("", 80)));
        assertThat(build(on, ing, unspecified).dag().listeners()).isEmpty();
        // Go's net.ParseIP does not read "127.1" as an address, but the resolver behind Envoy's STRICT_DNS cluster
        // does (inet_aton): it is loopback, and refused (issue 17)
        Service shortForm = new Service(ObjectMeta.of("default", "kuard"), "ExternalName", "127.1", List.of(port("", 80)));
        assertThat(build(on, ing, shortForm).dag().listeners()).isEmpty();
        Service elsewhere = new Service(ObjectMeta.of("default", "kuard"), "ExternalName", "10.1", List.of(port("", 80)));
        assertThat(onlyRoute(build(on, ing, elsewhere), "example.com").clusters().get(0).upstream().externalName())
                .isEqualTo("10.1");
    }

    @Test
    void aSecondIngressCanAddRoutesToAnotherNamespacesHost() {
        Ingress app = ingress(meta("default", "app"), rule("example.com", path("/", "", backend("app-service", 8080))));
        Ingress challenge = ingress(meta("nginx-ingress", "challenge"), rule("example.com",
                path("/.well-known/acme-challenge/token", "", backend("challenge-service", 8009))));
        BuildResult r = build(app, challenge, service("default", "app-service", port("", 8080)),
                service("nginx-ingress", "challenge-service", port("", 8009)));
        assertThat(vhost(r, "example.com").orElseThrow().routes()).extracting(Dag.Route::pathMatch)
                .containsExactlyInAnyOrder(prefix("/"), prefix("/.well-known/acme-challenge/token"));
    }
}
