package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which Gateway the commands program (--gateway, gateway.gatewayRef, or the only one), and that Gateway API objects
 * left out as not ours are listed on stderr, fail --strict and status, and are never dropped in silence.
 */
class GatewaySelectionCommandTest {

    static final String CLASS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata:
              name: contour
            spec:
              controllerName: projectcontour.io/gateway-controller
            ---
            """;

    static final String INPUT = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: gw
              namespace: infra
            spec:
              gatewayClassName: contour
              listeners:
              - name: http
                port: 80
                protocol: HTTP
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: web
              namespace: infra
            spec:
              parentRefs:
              - name: gw
              rules:
              - backendRefs:
                - name: web
                  port: 80
            ---
            # the route's backend, so that with the HTTPRoute rules in the build its references resolve
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: infra}
            spec: {ports: [{port: 80}]}
            """;

    static final String OTHER_GATEWAY = """
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: other
              namespace: infra
            spec:
              gatewayClassName: contour
              listeners:
              - name: http
                port: 80
                protocol: HTTP
            """;

    static final String WARNINGS_WITHOUT_CLASS = """
            warning: -:1:1: Gateway infra/gw: not ours: its GatewayClass "contour" is not in the input
            warning: -:13:1: HTTPRoute infra/web: not ours: no Gateway is programmed
            contour: 2 Gateway API objects not ours (another Gateway's or controller's), not rendered
            """;

    @Test
    void aGatewayWhoseClassIsMissingIsListedAsNotOursWithItsRoutesAndTheRestStillRenders() {
        Cli.Run r = Cli.runWithStdin(INPUT, "render", "-");
        assertThat(r.err()).isEqualTo(WARNINGS_WITHOUT_CLASS);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("static_resources");
    }

    @Test
    void renderWithStrictExitsOneWhenObjectsAreNotOurs() {
        Cli.Run r = Cli.runWithStdin(INPUT, "render", "--strict", "-");
        assertThat(r.err()).isEqualTo(WARNINGS_WITHOUT_CLASS);
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void statusExitsOneWhenObjectsAreNotOurs() {
        Cli.Run r = Cli.runWithStdin(INPUT, "status", "-");
        assertThat(r.err()).isEqualTo(WARNINGS_WITHOUT_CLASS);
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void theOnlyGatewayOfAnAcceptedClassIsProgrammedWithoutWarnings() {
        Cli.Run r = Cli.runWithStdin(CLASS + INPUT, "status", "-");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("gateway/gw").contains("httproute/web");
    }

    @Test
    void aClassOfAnotherControllerLeavesItsGatewayOut() {
        Cli.Run r = Cli.runWithStdin(CLASS + INPUT, "status", "--gateway-controller-name", "example.com/other", "-");
        assertThat(r.err()).contains("GatewayClass contour: not ours: its controllerName "
                + "\"projectcontour.io/gateway-controller\" is not \"example.com/other\"")
                .contains("Gateway infra/gw: not ours: its GatewayClass \"contour\" belongs to controller");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void severalGatewaysAndNoneNamedIsAUsageErrorListingThem() {
        Cli.Run r = Cli.runWithStdin(CLASS + INPUT + OTHER_GATEWAY, "render", "-");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("the input holds 2 Gateways (infra/gw, infra/other) and none is named")
                .contains("--gateway NS/NAME");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theGatewayFlagPicksOneAndTheOtherIsNotOurs() {
        Cli.Run r = Cli.runWithStdin(CLASS + INPUT + OTHER_GATEWAY, "status", "--gateway", "infra/gw", "-");
        assertThat(r.err()).isEqualTo("""
                warning: -:39:1: Gateway infra/other: not ours: the configured Gateway is infra/gw
                contour: 1 Gateway API object not ours (another Gateway's or controller's), not rendered
                """);
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void theConfigFileNamesTheGatewayAsUpstreamsGatewayRef() throws Exception {
        java.nio.file.Path cfg = java.nio.file.Files.createTempFile("contour", ".yaml");
        try {
            java.nio.file.Files.writeString(cfg, "gateway:\n  gatewayRef:\n    namespace: infra\n    name: other\n");
            Cli.Run r = Cli.runWithStdin(CLASS + INPUT + OTHER_GATEWAY, "status", "--config", cfg.toString(), "-");
            assertThat(r.err()).contains("Gateway infra/gw: not ours: the configured Gateway is infra/other")
                    .contains("HTTPRoute infra/web: not ours: no parentRef names Gateway infra/other");
            assertThat(r.out()).contains("gateway/other");
        } finally {
            java.nio.file.Files.delete(cfg);
        }
    }

    @Test
    void aMalformedGatewayFlagIsAUsageError() {
        Cli.Run r = Cli.runWithStdin(CLASS + INPUT, "render", "--gateway", "gw", "-");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--gateway: expected NAMESPACE/NAME, got 'gw'");
    }

    @Test
    void anHttpRouteTheApiServerWouldRefuseIsBadInputLocatedAtTheRulesField() {
        String bad = INPUT.replace("  - backendRefs:\n", """
                  - matches:
                    - path:
                        value: no-slash
                    backendRefs:
                """);
        Cli.Run r = Cli.runWithStdin(bad, "render", "-");
        assertThat(r.exit()).isEqualTo(2);
        // The rule is attached to the path match; its message is the CRD's.
        assertThat(r.err()).contains("-:24:9: HTTPRoute infra/web: spec.rules[0].matches[0].path: "
                + "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']");
        assertThat(r.err()).doesNotContain("not ours");
    }

    @Test
    void statusJsonGivesEachGatewayApiObjectItsStatusAsTheApiDefinesIt() throws Exception {
        Cli.Run r = Cli.runWithStdin(CLASS + INPUT, "status", "-o", "json", "-");
        assertThat(r.exit()).isZero();
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        com.fasterxml.jackson.databind.JsonNode gw = find(doc, "Gateway");
        assertThat(gw.get("conditions").findValuesAsText("type")).containsExactly("Accepted", "Programmed");
        com.fasterxml.jackson.databind.JsonNode listener = gw.get("listeners").get(0);
        assertThat(listener.get("name").asText()).isEqualTo("http");
        assertThat(listener.get("attachedRoutes").asInt()).isEqualTo(1);
        assertThat(listener.get("supportedKinds").findValuesAsText("kind")).containsExactly("HTTPRoute", "GRPCRoute");
        assertThat(listener.get("conditions").findValuesAsText("type")).containsExactly("Programmed", "Accepted", "ResolvedRefs");
        assertThat(find(doc, "GatewayClass").get("conditions").findValuesAsText("reason")).containsExactly("Accepted");
        com.fasterxml.jackson.databind.JsonNode parent = find(doc, "HTTPRoute").get("parents").get(0);
        assertThat(parent.get("parentRef").get("name").asText()).isEqualTo("gw");
        assertThat(parent.get("controllerName").asText()).isEqualTo("projectcontour.io/gateway-controller");
        assertThat(parent.get("conditions").findValuesAsText("type")).containsExactly("ResolvedRefs", "Accepted");
    }

    private static com.fasterxml.jackson.databind.JsonNode find(com.fasterxml.jackson.databind.JsonNode doc, String kind) {
        for (com.fasterxml.jackson.databind.JsonNode n : doc) {
            if (n.get("kind").asText().equals(kind)) {
                return n;
            }
        }
        throw new AssertionError("no " + kind + " in " + doc);
    }
}
