package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Gateway API objects are read and admitted, and until the DAG renders them every command that reads says so. */
class GatewayApiNotTranslatedTest {

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
            """;

    static final String WARNINGS = """
            warning: -:1:1: Gateway infra/gw: read but not translated yet: Gateway API rendering is not implemented in this version
            warning: -:13:1: HTTPRoute infra/web: read but not translated yet: Gateway API rendering is not implemented in this version
            contour: 2 objects read but not translated (Gateway API rendering is not implemented in this version)
            """;

    @Test
    void renderWarnsOncePerGatewayApiObjectAndStillRendersTheRest() {
        Cli.Run r = Cli.runWithStdin(INPUT, "render", "-");
        assertThat(r.err()).isEqualTo(WARNINGS);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("static_resources");
    }

    @Test
    void renderWithStrictExitsOneBecauseObjectsWereNotTranslated() {
        Cli.Run r = Cli.runWithStdin(INPUT, "render", "--strict", "-");
        assertThat(r.err()).isEqualTo(WARNINGS);
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void statusWarnsOncePerGatewayApiObjectAndExitsOne() {
        Cli.Run r = Cli.runWithStdin(INPUT, "status", "-");
        assertThat(r.err()).isEqualTo(WARNINGS);
        assertThat(r.exit()).isEqualTo(1);
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
        assertThat(r.err()).doesNotContain("not translated");
    }
}
