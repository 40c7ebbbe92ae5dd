package io.contourcore.dag.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.DagBuilder;
import io.contourcore.dag.status.GatewayStatus;
import io.contourcore.dag.status.RouteParentStatus;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.model.Gateway;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.GatewayClass;
import io.contourcore.model.HTTPRoute;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.Location;
import io.contourcore.model.Namespace;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayApiProcessorTest {

    static final GatewayClass CLASS = new GatewayClass(ObjectMeta.of("", "contour"), "projectcontour.io/gateway-controller", null, "");

    /** Our GatewayClass, as the first document of a manifest. */
    static final String CLASS_YAML = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: contour}
            spec: {controllerName: projectcontour.io/gateway-controller}
            ---
            """;

    static Gateway gateway(String name, Gateway.Listener... listeners) {
        return new Gateway(ObjectMeta.of("infra", name), "contour", List.of(listeners), List.of(), null, List.of());
    }

    static Gateway.Listener http(String name, int port, String hostname, Gateway.RouteNamespaces ns) {
        return new Gateway.Listener(name, hostname, port, "HTTP", null, new Gateway.AllowedRoutes(ns, List.of()));
    }

    /**
     * A route with one rule that programs nothing: upstream marks a route without rules RuleMatchConflict (every one
     * of its zero rules conflicts), which would hide the attachment these tests look at.
     */
    static HTTPRoute route(String ns, String name, GatewayApi.ParentRef parent, String... hostnames) {
        return new HTTPRoute(ObjectMeta.of(ns, name), List.of(parent), List.of(hostnames),
                List.of(new HTTPRoute.Rule("", List.of(), List.of(), List.of(), null, null)));
    }

    static GatewayApi.ParentRef parent(String section, int port) {
        return new GatewayApi.ParentRef(GatewayApi.GROUP, "Gateway", "infra", "gw", section, port);
    }

    static BuildResult build(K8sObject... objects) {
        return DagBuilder.build(ResourceSet.of(List.of(objects)), ContourConfig.DEFAULTS);
    }

    static RouteParentStatus parentStatus(BuildResult r, String ns, String name) {
        return r.status().route(new ObjectRef(Kind.HTTP_ROUTE, ns, name)).orElseThrow().parents().get(0);
    }

    static String accepted(BuildResult r, String ns, String name) {
        StatusCondition c = StatusCondition.find(parentStatus(r, ns, name).conditions(), StatusCondition.ACCEPTED).orElseThrow();
        return c.status() + " " + c.reason();
    }

    @Test
    void ofTwoRoutesWithTheSameMatchTheOlderKeepsItWhateverTheNames() {
        String route = """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: %s, namespace: infra, creationTimestamp: "%s"}
                spec:
                  parentRefs: [{name: gw}]
                  rules: [{matches: [{path: {value: /same}}], backendRefs: [{name: web, port: 80}]}]
                """;
        LoadResult loaded = ManifestLoader.parse("t.yaml", CLASS_YAML + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: infra}
                spec:
                  gatewayClassName: contour
                  listeners: [{name: http, port: 80, protocol: HTTP}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: infra}
                spec: {ports: [{port: 80}]}
                """ + route.formatted("a-newer", "2024-02-01T00:00:00Z") + route.formatted("z-older", "2024-01-01T00:00:00Z"),
                "default");
        assertThat(loaded.errors()).isEmpty();
        BuildResult r = DagBuilder.build(loaded.resources(), ContourConfig.DEFAULTS);
        assertThat(accepted(r, "infra", "z-older")).isEqualTo("True Accepted");
        assertThat(accepted(r, "infra", "a-newer")).isEqualTo("False RuleMatchConflict");
    }

    @Test
    void aGatewayIsProgrammedWhenTheClusterAssignedOneOfTheAddressesItAsksForAndShowsThem() {
        String gateway = CLASS_YAML + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: infra}
                spec:
                  gatewayClassName: contour
                  addresses: [{value: 10.1.1.1}]
                  listeners: [{name: http, port: 80, protocol: HTTP}]
                status:
                  addresses: [{type: %s, value: %s}]
                """;
        for (String[] c : List.of(new String[] {"IPAddress", "10.1.1.1", "True Programmed"},
                new String[] {"IPAddress", "10.9.9.9", "False AddressNotAssigned"},
                new String[] {"Hostname", "10.1.1.1", "False AddressNotAssigned"})) {
            LoadResult loaded = ManifestLoader.parse("t.yaml", gateway.formatted(c[0], c[1]), "default");
            assertThat(loaded.errors()).isEmpty();
            GatewayStatus g = DagBuilder.build(loaded.resources(), ContourConfig.DEFAULTS).status()
                    .gateway(new ObjectRef(Kind.GATEWAY, "infra", "gw")).orElseThrow();
            StatusCondition programmed = StatusCondition.find(g.conditions(), StatusCondition.PROGRAMMED).orElseThrow();
            assertThat(programmed.status() + " " + programmed.reason()).as(c[0] + " " + c[1]).isEqualTo(c[2]);
            assertThat(g.addresses()).containsExactly(new GatewayStatus.Address(c[0], c[1]));
        }
    }

    @Test
    void theGatewaysListenersReplaceTheDefaultOnesAndMarkTheDagDynamic() {
        BuildResult r = build(CLASS, gateway("gw", http("http", 80, "", Gateway.RouteNamespaces.SAME)));
        assertThat(r.dag().hasDynamicListeners()).isTrue();
        assertThat(r.configErrors()).isEmpty();
        assertThat(r.notOurs()).isEmpty();
    }

    @Test
    void aParentRefPortSelectsTheListenersOnThatPortOnly() {
        BuildResult r = build(CLASS,
                gateway("gw", http("a", 80, "", Gateway.RouteNamespaces.SAME), http("b", 8081, "", Gateway.RouteNamespaces.SAME)),
                route("infra", "on-8081", parent("", 8081)),
                route("infra", "on-9999", parent("", 9999)),
                route("infra", "a-on-8081", parent("a", 8081)));
        assertThat(accepted(r, "infra", "on-8081")).isEqualTo("True Accepted");
        assertThat(accepted(r, "infra", "on-9999")).isEqualTo("False NoMatchingParent");
        assertThat(accepted(r, "infra", "a-on-8081")).isEqualTo("False NoMatchingParent");
        GatewayStatus gw = r.status().gateway(new ObjectRef(Kind.GATEWAY, "infra", "gw")).orElseThrow();
        assertThat(gw.listeners()).extracting(l -> l.name() + "=" + l.attachedRoutes()).containsExactly("a=0", "b=1");
    }

    @Test
    void aSelectorAdmitsRoutesFromNamespacesWhoseLabelsMatchItsExpressions() {
        GatewayApi.LabelSelector sel = new GatewayApi.LabelSelector(Map.of(),
                List.of(new GatewayApi.Requirement("team", "In", List.of("a", "b")), new GatewayApi.Requirement("frozen", "DoesNotExist", List.of())));
        List<K8sObject> objects = new ArrayList<>(List.of(CLASS,
                gateway("gw", http("http", 80, "", new Gateway.RouteNamespaces("Selector", sel))),
                ns("team-a", Map.of("team", "a")), ns("team-c", Map.of("team", "c")), ns("team-b", Map.of("team", "b", "frozen", "yes")),
                route("team-a", "r", parent("", 0)), route("team-b", "r", parent("", 0)), route("team-c", "r", parent("", 0))));
        BuildResult r = build(objects.toArray(K8sObject[]::new));
        assertThat(accepted(r, "team-a", "r")).isEqualTo("True Accepted");
        assertThat(accepted(r, "team-b", "r")).isEqualTo("False NotAllowedByListeners");
        assertThat(accepted(r, "team-c", "r")).isEqualTo("False NotAllowedByListeners");
    }

    @Test
    void aSelectorWithAnInOperatorWithoutValuesMakesTheListenerInvalidWithKubernetesWords() {
        GatewayApi.LabelSelector sel = new GatewayApi.LabelSelector(Map.of(), List.of(new GatewayApi.Requirement("team", "In", List.of())));
        BuildResult r = build(CLASS, gateway("gw", http("http", 80, "", new Gateway.RouteNamespaces("Selector", sel))));
        GatewayStatus gw = r.status().gateway(new ObjectRef(Kind.GATEWAY, "infra", "gw")).orElseThrow();
        assertThat(StatusCondition.find(gw.listeners().get(0).conditions(), StatusCondition.PROGRAMMED).orElseThrow().message())
                .isEqualTo("Error parsing Listener.AllowedRoutes.Namespaces.Selector: values: Invalid value: []string{}: "
                        + "for 'in', 'notin' operators, values set can't be empty.");
    }

    @Test
    void aRouteHostnameAMoreSpecificListenerClaimsIsNotAddedToTheWildcardListener() {
        List<String> errors = new ArrayList<>();
        assertThat(GatewayApiProcessor.computeHosts(List.of("a.example.com", "b.example.com"), "*.example.com",
                List.of("a.example.com"), errors)).containsExactly("b.example.com");
        assertThat(GatewayApiProcessor.computeHosts(List.of(), "", List.of(), errors)).containsExactly("*");
        assertThat(GatewayApiProcessor.computeHosts(List.of(), "x.example.com", List.of(), errors)).containsExactly("x.example.com");
        assertThat(GatewayApiProcessor.computeHosts(List.of("*.example.com"), "x.example.com", List.of(), errors))
                .containsExactly("x.example.com");
        assertThat(GatewayApiProcessor.computeHosts(List.of("example.com"), "*.example.com", List.of(), errors)).isEmpty();
        assertThat(errors).isEmpty();
        assertThat(GatewayApiProcessor.computeHosts(List.of("1.2.3.4"), "", List.of(), errors)).isEmpty();
        assertThat(errors).containsExactly("invalid hostname \"1.2.3.4\": must be a DNS name, not an IP address");
    }

    @Test
    void withSeveralGatewaysAndNoneNamedNothingIsProgrammedAndTheBuildSaysWhy() {
        BuildResult r = build(CLASS, gateway("gw", http("http", 80, "", Gateway.RouteNamespaces.SAME)),
                gateway("other", http("http", 80, "", Gateway.RouteNamespaces.SAME)));
        assertThat(r.configErrors()).singleElement().asString().contains("2 Gateways (infra/gw, infra/other)");
        assertThat(r.dag().hasDynamicListeners()).isFalse();
    }

    @Test
    void theOldestClassOfTheControllerIsAcceptedAndTheOthersAreRefused() {
        GatewayClass newer = new GatewayClass(ObjectMeta.of("", "zzz"), "projectcontour.io/gateway-controller", null, "");
        GatewaySelection s = GatewaySelection.select(ResourceSet.of(List.of(CLASS, newer,
                new Gateway(ObjectMeta.of("infra", "gw"), "zzz", List.of(), List.of(), null, List.of()))), ContourConfig.DEFAULTS);
        assertThat(s.gateway()).isEmpty();
        assertThat(s.acceptedClasses()).extracting(v -> v.gatewayClass().name() + "=" + v.accepted()).containsExactly("contour=true", "zzz=false");
        assertThat(s.notOurs()).extracting(p -> p.message()).containsExactly(
                "not ours: its GatewayClass \"zzz\" is not accepted: "
                        + "Invalid GatewayClass: another older GatewayClass with the same Spec.Controller exists");
    }

    @Test
    void aParentRefWithoutNamespaceNamesTheGatewayAsUpstreamReadsIt() {
        Gateway gw = gateway("gw");
        assertThat(GatewaySelection.isRefTo(new GatewayApi.ParentRef("", "", "", "gw", "", 0), gw)).isTrue();
        assertThat(GatewaySelection.isRefTo(new GatewayApi.ParentRef("", "", "other", "gw", "", 0), gw)).isFalse();
        assertThat(GatewaySelection.isRefTo(new GatewayApi.ParentRef("example.com", "", "", "gw", "", 0), gw)).isFalse();
        assertThat(GatewaySelection.isRefTo(new GatewayApi.ParentRef(GatewayApi.GROUP, "Service", "", "gw", "", 0), gw)).isFalse();
    }

    static Namespace ns(String name, Map<String, String> labels) {
        return new Namespace(new ObjectMeta("", name, labels, Map.of(), 0, Location.UNKNOWN));
    }

}
