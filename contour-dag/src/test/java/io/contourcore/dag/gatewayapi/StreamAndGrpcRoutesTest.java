package io.contourcore.dag.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.DagBuilder;
import io.contourcore.dag.status.ListenerStatus;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GRPCRoute, TLSRoute and TCPRoute built through the whole DAG build, with a Gateway selected. */
class StreamAndGrpcRoutesTest {

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
              - {name: tls, protocol: TLS, port: 443, tls: {mode: Passthrough}, allowedRoutes: {namespaces: {from: All}}}
              - {name: tcp, protocol: TCP, port: 5432, allowedRoutes: {namespaces: {from: All}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: echo, namespace: default}
            spec: {ports: [{name: grpc, port: 9000, targetPort: 9000}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: db, namespace: default}
            spec: {ports: [{name: pg, port: 5432, targetPort: 5432}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: db2, namespace: default}
            spec: {ports: [{name: pg, port: 5432, targetPort: 5432}]}
            """;

    private static BuildResult build(String routes) {
        LoadResult loaded = ManifestLoader.parse("test.yaml", BASE + "---\n" + routes, "default");
        assertThat(loaded.errors()).as("input is admitted").isEmpty();
        return DagBuilder.build(loaded.resources(), ContourConfig.DEFAULTS);
    }

    private static Dag.Listener listener(BuildResult r, String name) {
        return r.dag().listeners().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no listener " + name + " in " + r.dag().listeners().stream().map(Dag.Listener::name).toList()));
    }

    private static List<StatusCondition> conditions(BuildResult r, Kind kind, String name) {
        return r.status().route(new ObjectRef(kind, "default", name)).orElseThrow().parents().get(0).conditions();
    }

    private static final String GATEWAY_PARENT = "parentRefs: [{name: contour, namespace: projectcontour, sectionName: %s}]";

    @Test
    void aGrpcMethodMatchBecomesAnExactPathToAnH2cClusterBehindAnHttpListener() {
        BuildResult r = build("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: echo}
                spec:
                  %s
                  hostnames: [grpc.example.com]
                  rules:
                  - matches: [{method: {service: echo.Echo, method: Ping}, headers: [{name: x-tenant, value: a}]}]
                    backendRefs: [{name: echo, port: 9000}]
                """.formatted(GATEWAY_PARENT.formatted("http")));
        Dag.VirtualHost vh = listener(r, "http-80").virtualHosts().get(0);
        assertThat(vh.name()).isEqualTo("grpc.example.com");
        Dag.Route route = vh.routes().get(0);
        assertThat(route.pathMatch()).isEqualTo(new Dag.ExactMatch("/echo.Echo/Ping"));
        assertThat(route.headerMatches()).containsExactly(
                new Dag.HeaderMatch("x-tenant", "a", Dag.HeaderMatchType.EXACT, false, false, false));
        assertThat(route.clusters()).singleElement().satisfies(c -> {
            assertThat(c.protocol()).isEqualTo("h2c");
            assertThat(c.upstream().protocol()).isEqualTo("h2c");
        });
        assertThat(conditions(r, Kind.GRPC_ROUTE, "echo")).extracting(StatusCondition::reason)
                .containsExactlyInAnyOrder("Accepted", "ResolvedRefs");
    }

    @Test
    void aGrpcRuleWithoutMatchesOrHostnamesTakesEveryPathOfEveryHost() {
        BuildResult r = build("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: echo}
                spec:
                  %s
                  rules: [{backendRefs: [{name: echo, port: 9000}]}]
                """.formatted(GATEWAY_PARENT.formatted("http")));
        assertThat(listener(r, "http-80").virtualHosts()).extracting(Dag.VirtualHost::name).containsExactly("*");
        assertThat(listener(r, "http-80").virtualHosts().get(0).routes().get(0).pathMatch())
                .isEqualTo(new Dag.PrefixMatch("/", Dag.PrefixType.STRING));
    }

    @Test
    void aRegularExpressionMethodMatchIsUnsupportedAsUpstreamSays() {
        BuildResult r = build("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: echo}
                spec:
                  %s
                  rules:
                  - matches: [{method: {type: RegularExpression, service: "echo.*", method: Ping}}]
                    backendRefs: [{name: echo, port: 9000}]
                """.formatted(GATEWAY_PARENT.formatted("http")));
        assertThat(conditions(r, Kind.GRPC_ROUTE, "echo")).contains(new StatusCondition("Accepted", "False", "UnsupportedValue",
                "GRPCRoute.Spec.Rules.Matches.Method: Only Exact match type is supported.", 0));
    }

    @Test
    void aTlsRouteOnAPassthroughListenerProxiesEachHostnameBySniWithoutACertificate() {
        BuildResult r = build("""
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TLSRoute
                metadata: {name: db}
                spec:
                  %s
                  hostnames: [db.example.com]
                  rules: [{backendRefs: [{name: db, port: 5432, weight: 3}, {name: db2, port: 5432}]}]
                """.formatted(GATEWAY_PARENT.formatted("tls")));
        Dag.SecureVirtualHost svh = listener(r, "https-443").secureVirtualHosts().get(0);
        assertThat(svh.name()).isEqualTo("db.example.com");
        assertThat(svh.secret()).isNull();
        assertThat(svh.tcpProxy().clusters()).extracting(Dag.Cluster::weight).containsExactly(3, 1);
        assertThat(conditions(r, Kind.TLS_ROUTE, "db")).extracting(StatusCondition::reason)
                .containsExactlyInAnyOrder("Accepted", "ResolvedRefs");
    }

    @Test
    void aTlsRouteWhoseBackendsAllWeighZeroIsNotProgrammed() {
        BuildResult r = build("""
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TLSRoute
                metadata: {name: db}
                spec:
                  %s
                  hostnames: [db.example.com]
                  rules: [{backendRefs: [{name: db, port: 5432, weight: 0}]}]
                """.formatted(GATEWAY_PARENT.formatted("tls")));
        assertThat(r.dag().listeners()).extracting(Dag.Listener::name).doesNotContain("https-443");
        assertThat(conditions(r, Kind.TLS_ROUTE, "db")).contains(new StatusCondition("ValidBackendRefs", "False",
                "AllBackendRefsHaveZeroWeights", "At least one Spec.Rules.BackendRef must have a non-zero weight.", 0));
    }

    @Test
    void aTcpRouteTakesTheWholeTcpListener() {
        BuildResult r = build("""
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TCPRoute
                metadata: {name: db}
                spec:
                  %s
                  rules: [{backendRefs: [{name: db, port: 5432}]}]
                """.formatted(GATEWAY_PARENT.formatted("tcp")));
        Dag.Listener tcp = listener(r, "tcp-5432");
        assertThat(tcp.tcpProxy().clusters()).extracting(c -> c.upstream().weighted().serviceName()).containsExactly("db");
        assertThat(conditions(r, Kind.TCP_ROUTE, "db")).extracting(StatusCondition::reason)
                .containsExactlyInAnyOrder("Accepted", "ResolvedRefs");
    }

    @Test
    void aTcpRouteWithTwoRulesIsNotAccepted() {
        BuildResult r = build("""
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TCPRoute
                metadata: {name: db}
                spec:
                  %s
                  rules: [{backendRefs: [{name: db, port: 5432}]}, {backendRefs: [{name: db2, port: 5432}]}]
                """.formatted(GATEWAY_PARENT.formatted("tcp")));
        assertThat(conditions(r, Kind.TCP_ROUTE, "db")).contains(new StatusCondition("Accepted", "False", "InvalidRouteRules",
                "TCPRoute must have only a single rule defined", 0));
    }

    @Test
    void aTcpRouteCannotAttachToAnHttpListener() {
        BuildResult r = build("""
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TCPRoute
                metadata: {name: db}
                spec:
                  %s
                  rules: [{backendRefs: [{name: missing, port: 5432}]}]
                """.formatted(GATEWAY_PARENT.formatted("http")));
        assertThat(conditions(r, Kind.TCP_ROUTE, "db")).extracting(StatusCondition::reason)
                .contains("NotAllowedByListeners");
    }

    @Test
    void everyRouteKindCountsInItsListenersAttachedRoutes() {
        BuildResult r = build("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: echo}
                spec:
                  %s
                  rules: [{backendRefs: [{name: echo, port: 9000}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TLSRoute
                metadata: {name: db}
                spec:
                  %s
                  hostnames: [db.example.com]
                  rules: [{backendRefs: [{name: db, port: 5432}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TCPRoute
                metadata: {name: db}
                spec:
                  %s
                  rules: [{backendRefs: [{name: db, port: 5432}]}]
                """.formatted(GATEWAY_PARENT.formatted("http"), GATEWAY_PARENT.formatted("tls"), GATEWAY_PARENT.formatted("tcp")));
        List<ListenerStatus> listeners = r.status().gateway(new ObjectRef(Kind.GATEWAY, "projectcontour", "contour"))
                .orElseThrow().listeners();
        assertThat(listeners).extracting(ListenerStatus::name, ListenerStatus::attachedRoutes, ListenerStatus::supportedKinds)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("http", 1, List.of(Kind.HTTP_ROUTE, Kind.GRPC_ROUTE)),
                        org.assertj.core.groups.Tuple.tuple("tls", 1, List.of(Kind.TLS_ROUTE, Kind.TCP_ROUTE)),
                        org.assertj.core.groups.Tuple.tuple("tcp", 1, List.of(Kind.TCP_ROUTE)));
    }

    @Test
    void aTlsRouteNoListenerTakesStillHasItsMissingBackendReported() {
        BuildResult r = build("""
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TLSRoute
                metadata: {name: db}
                spec:
                  %s
                  hostnames: [db.example.com]
                  rules: [{backendRefs: [{name: missing, port: 5432}]}]
                """.formatted(GATEWAY_PARENT.formatted("http")));
        assertThat(conditions(r, Kind.TLS_ROUTE, "db")).extracting(StatusCondition::reason)
                .contains("NotAllowedByListeners", "BackendNotFound");
    }

    @Test
    void theServicesOwnProtocolWinsOverTheListenersH2Default() {
        Dag.Service declared = new Dag.Service(new Dag.WeightedService(1, "default", "echo", null, null), "h2", null, "");
        Dag.Service plain = new Dag.Service(new Dag.WeightedService(1, "default", "echo", null, null), "", null, "");
        ListenerInfo https = new ListenerInfo(new io.contourcore.model.Gateway.Listener("https", "", 443, "HTTPS", null, null),
                "https-443", List.of(Kind.GRPC_ROUTE), null, null, true);
        ListenerInfo http = new ListenerInfo(new io.contourcore.model.Gateway.Listener("http", "", 80, "HTTP", null, null),
                "http-80", List.of(Kind.GRPC_ROUTE), null, null, true);
        assertThat(GRPCRouteRules.defaultProtocol(plain, https).protocol()).isEqualTo("h2");
        assertThat(GRPCRouteRules.defaultProtocol(plain, http).protocol()).isEqualTo("h2c");
        assertThat(GRPCRouteRules.defaultProtocol(declared, http).protocol()).isEqualTo("h2");
    }
}
