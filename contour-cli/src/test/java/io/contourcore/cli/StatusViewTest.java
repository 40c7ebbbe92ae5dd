package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contourcore.dag.status.ParentRef;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.dag.status.StatusSet;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.xds.render.ProtoText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusViewTest {

    /** One object of every shape: an HTTPProxy, a GatewayClass, a Gateway with two listeners, two routes. */
    static StatusSet everyShape() {
        StatusRecorder rec = new StatusRecorder().gatewayController("projectcontour.io/gateway-controller");
        rec.forObject(new ObjectRef(Kind.HTTP_PROXY, "default", "app"), "Valid HTTPProxy").vhost("app.example.com");
        rec.gatewayClass(new ObjectRef(Kind.GATEWAY_CLASS, "", "contour"), 1);
        StatusRecorder.GatewayEntry gw = rec.gateway(new ObjectRef(Kind.GATEWAY, "infra", "gw"), 2)
                .gatewayClassName("contour").address("IPAddress", "10.0.0.1");
        gw.listener("http").supportedKinds(Kind.HTTP_ROUTE, Kind.GRPC_ROUTE).attachRoute();
        gw.listener("tls").supportedKinds(Kind.TLS_ROUTE)
                .addCondition("Conflicted", "True", "HostnameConflict", "All Listener hostnames for a given port must be unique");
        rec.route(new ObjectRef(Kind.HTTP_ROUTE, "default", "web"), 3)
                .parent(ParentRef.gateway("infra", "gw").withSectionName("http"));
        StatusRecorder.RouteEntry tls = rec.route(new ObjectRef(Kind.TLS_ROUTE, "default", "db"), 1);
        tls.parent(ParentRef.gateway("infra", "gw").withSectionName("tls").withPort(443))
                .addCondition("Accepted", "False", "NoMatchingParent", "No listeners match this parent ref");
        return rec.freeze();
    }

    /** A route and a Gateway alone: the two shapes with nested parts, small enough to read whole. */
    static StatusSet routeAndGateway() {
        StatusRecorder rec = new StatusRecorder().gatewayController("projectcontour.io/gateway-controller");
        rec.gateway(new ObjectRef(Kind.GATEWAY, "infra", "gw"), 2).listener("http").supportedKinds(Kind.HTTP_ROUTE).attachRoute();
        rec.route(new ObjectRef(Kind.HTTP_ROUTE, "default", "web"), 3)
                .parent(ParentRef.gateway("infra", "gw").withSectionName("http").withPort(80))
                .addCondition("ResolvedRefs", "False", "BackendNotFound", "service default/missing not found");
        return rec.freeze();
    }

    @Test
    void aStatusLineQuotingALineBreakStaysOneLine() {
        StatusRecorder rec = new StatusRecorder().gatewayController("projectcontour.io/gateway-controller");
        rec.route(new ObjectRef(Kind.HTTP_ROUTE, "default", "web"), 1).parent(ParentRef.gateway("infra", "gw"))
                .addCondition("Accepted", "False", "UnsupportedValue", "header \"x\r\nwarning: forged\" is invalid");
        String line = StatusView.describe(rec.freeze().statuses().get(0));
        assertThat(line).doesNotContain("\n").doesNotContain("\r")
                .isEqualTo("HTTPRoute default/web: invalid: parent infra/gw: Accepted=False UnsupportedValue: "
                        + "header \"x\\r\\nwarning: forged\" is invalid");
    }

    @Test
    void yamlListsGatewaysWithListenersAndRoutesWithTheirParentsAfterTheCommonFields() {
        assertThat(ProtoText.toYaml(StatusView.tree(routeAndGateway().statuses()))).isEqualTo("""
                  - kind: Gateway
                    namespace: infra
                    name: gw
                    status: valid
                    description: Valid Gateway
                    conditions:
                      - type: Accepted
                        status: "True"
                        reason: Accepted
                        message: Gateway is accepted
                        observedGeneration: 2
                      - type: Programmed
                        status: "True"
                        reason: Programmed
                        message: Valid Gateway
                        observedGeneration: 2
                    listeners:
                      - name: http
                        supportedKinds:
                          - group: gateway.networking.k8s.io
                            kind: HTTPRoute
                        attachedRoutes: 1
                        conditions:
                          - type: Programmed
                            status: "True"
                            reason: Programmed
                            message: Valid listener
                            observedGeneration: 2
                          - type: Accepted
                            status: "True"
                            reason: Accepted
                            message: Listener accepted
                            observedGeneration: 2
                          - type: ResolvedRefs
                            status: "True"
                            reason: ResolvedRefs
                            message: Listener references resolved
                            observedGeneration: 2
                  - kind: HTTPRoute
                    namespace: default
                    name: web
                    status: invalid
                    description: service default/missing not found
                    conditions: []
                    parents:
                      - parentRef:
                          group: gateway.networking.k8s.io
                          kind: Gateway
                          namespace: infra
                          name: gw
                          sectionName: http
                          port: 80
                        controllerName: projectcontour.io/gateway-controller
                        conditions:
                          - type: ResolvedRefs
                            status: "False"
                            reason: BackendNotFound
                            message: service default/missing not found
                            observedGeneration: 3
                          - type: Accepted
                            status: "True"
                            reason: Accepted
                            message: Accepted HTTPRoute
                            observedGeneration: 3
                """);
    }

    @Test
    void jsonHasOneEntryPerObjectOfEveryShapeInKindNamespaceNameOrderWithTheContractsFields() throws Exception {
        JsonNode tree = ProtoText.JSON.readTree(ProtoText.jsonText(StatusView.tree(everyShape().statuses())));

        assertThat(tree).extracting(n -> n.get("kind").asText() + " " + n.get("namespace").asText() + "/" + n.get("name").asText())
                .containsExactly("Gateway infra/gw", "GatewayClass /contour", "HTTPProxy default/app",
                        "HTTPRoute default/web", "TLSRoute default/db");
        assertThat(fields(tree.get(0))).containsExactly("kind", "namespace", "name", "status", "description", "conditions",
                "listeners", "addresses");
        assertThat(fields(tree.get(0).get("listeners").get(0)))
                .containsExactly("name", "supportedKinds", "attachedRoutes", "conditions");
        assertThat(fields(tree.get(1))).containsExactly("kind", "namespace", "name", "status", "description", "conditions");
        assertThat(fields(tree.get(1).get("conditions").get(0)))
                .containsExactly("type", "status", "reason", "message", "observedGeneration");
        assertThat(fields(tree.get(2).get("conditions").get(0))).containsExactly("type", "status", "reason", "message");
        assertThat(fields(tree.get(3))).containsExactly("kind", "namespace", "name", "status", "description", "conditions",
                "parents");
        assertThat(fields(tree.get(3).get("parents").get(0))).containsExactly("parentRef", "controllerName", "conditions");
        assertThat(fields(tree.get(3).get("parents").get(0).get("parentRef")))
                .containsExactly("group", "kind", "namespace", "name", "sectionName");
        assertThat(tree.get(4).get("parents").get(0).get("parentRef").get("port").asInt()).isEqualTo(443);
        assertThat(tree).extracting(n -> n.get("status").asText())
                .containsExactly("invalid", "valid", "valid", "valid", "invalid");
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theTablePrintsTheHttpProxyTableFirstThenOneKubectlLikeTablePerGatewayApiKind() {
        assertThat(StatusView.table(everyShape().statuses())).isEqualTo("""
                NAMESPACE   NAME   FQDN              TLS SECRET   STATUS   STATUS DESCRIPTION
                default     app    app.example.com                valid    Valid HTTPProxy

                NAME                   ACCEPTED   STATUS   STATUS DESCRIPTION
                gatewayclass/contour   True       valid    Valid GatewayClass

                NAMESPACE   NAME         CLASS     ADDRESS    PROGRAMMED   STATUS    STATUS DESCRIPTION
                infra       gateway/gw   contour   10.0.0.1   False        invalid   Listeners are not valid

                NAMESPACE   NAME            PARENTS         ACCEPTED   STATUS   STATUS DESCRIPTION
                default     httproute/web   infra/gw/http   1/1        valid    Accepted HTTPRoute

                NAMESPACE   NAME          PARENTS            ACCEPTED   STATUS    STATUS DESCRIPTION
                default     tlsroute/db   infra/gw/tls:443   0/1        invalid   No listeners match this parent ref
                """);
    }

    @Test
    void withOnlyGatewayApiObjectsTheTableLeavesOutTheEmptyHttpProxyTable() {
        assertThat(StatusView.table(routeAndGateway().statuses())).isEqualTo("""
                NAMESPACE   NAME         CLASS   ADDRESS   PROGRAMMED   STATUS   STATUS DESCRIPTION
                infra       gateway/gw                     True         valid    Valid Gateway

                NAMESPACE   NAME            PARENTS            ACCEPTED   STATUS    STATUS DESCRIPTION
                default     httproute/web   infra/gw/http:80   1/1        invalid   service default/missing not found
                """);
    }

    @Test
    void withNoObjectsAtAllTheTableSaysSoAsBefore() {
        assertThat(StatusView.table(StatusSet.EMPTY.statuses())).isEqualTo("""
                NAMESPACE   NAME   FQDN   TLS SECRET   STATUS   STATUS DESCRIPTION
                (no HTTPProxy or Ingress objects)
                """);
    }

    @Test
    void eachProblemIsOneLineNamingTheFailingConditionsOfItsShape() {
        StatusRecorder rec = new StatusRecorder();
        rec.forObject(new ObjectRef(Kind.HTTP_PROXY, "default", "bad"), "Valid HTTPProxy")
                .addError("ServiceError", "ServiceUnresolvedReference", "Spec.Routes unresolved service reference");
        rec.gatewayClass(new ObjectRef(Kind.GATEWAY_CLASS, "", "late"), 1).setCondition("Accepted", "False",
                StatusRecorder.OLDER_GATEWAY_CLASS_EXISTS_REASON, StatusRecorder.OLDER_GATEWAY_CLASS_EXISTS_MESSAGE);
        StatusSet set = StatusSet.of(List.of(everyShape().statuses().get(0), everyShape().statuses().get(4),
                routeAndGateway().statuses().get(1), rec.freeze().statuses().get(0), rec.freeze().statuses().get(1)));

        assertThat(set.problems()).extracting(StatusView::describe).containsExactly(
                "Gateway infra/gw: invalid: Programmed=False ListenersNotValid: Listeners are not valid; "
                        + "listener tls: Programmed=False Invalid: Invalid listener, see other listener conditions for details",
                "GatewayClass late: invalid: Accepted=False OlderGatewayClassExists: Invalid GatewayClass: another older "
                        + "GatewayClass with the same Spec.Controller exists",
                "HTTPProxy default/bad: invalid: Spec.Routes unresolved service reference",
                "HTTPRoute default/web: invalid: parent infra/gw/http:80: ResolvedRefs=False BackendNotFound: "
                        + "service default/missing not found",
                "TLSRoute default/db: invalid: parent infra/gw/tls:443: Accepted=False NoMatchingParent: "
                        + "No listeners match this parent ref");
    }

    @Test
    void aParentThatIsNotAGatewayNamesItsKind() {
        assertThat(StatusView.parentText(new ParentRef("gateway.networking.k8s.io", "ListenerSet", "", "ls", "", 0)))
                .isEqualTo("ListenerSet ls");
        assertThat(StatusView.parentText(ParentRef.gateway("", "gw"))).isEqualTo("gw");
    }

    @Test
    void aPolicyPrintsItsAncestorsInTheApisShapeAsATableOfItsOwnAndAsOneProblemLine() throws Exception {
        StatusRecorder rec = new StatusRecorder().gatewayController("projectcontour.io/gateway-controller");
        rec.policy(new ObjectRef(Kind.BACKEND_TLS_POLICY, "default", "db-tls"), 4, ParentRef.gateway("infra", "gw"))
                .addCondition("Accepted", "False", "Invalid", "Could not find CACertificateRef ConfigMap: default/db-ca");
        StatusSet set = rec.freeze();

        JsonNode entry = ProtoText.JSON.readTree(ProtoText.jsonText(StatusView.tree(set.statuses()))).get(0);
        assertThat(entry.get("kind").asText()).isEqualTo("BackendTLSPolicy");
        assertThat(entry.get("status").asText()).isEqualTo("invalid");
        JsonNode ancestor = entry.get("ancestors").get(0);
        assertThat(ancestor.get("ancestorRef").toString())
                .isEqualTo("{\"group\":\"gateway.networking.k8s.io\",\"kind\":\"Gateway\",\"namespace\":\"infra\",\"name\":\"gw\"}");
        assertThat(ancestor.get("controllerName").asText()).isEqualTo("projectcontour.io/gateway-controller");
        assertThat(ancestor.get("conditions").get(0).toString()).isEqualTo("{\"type\":\"Accepted\",\"status\":\"False\","
                + "\"reason\":\"Invalid\",\"message\":\"Could not find CACertificateRef ConfigMap: default/db-ca\",\"observedGeneration\":4}");

        assertThat(StatusView.table(set.statuses())).isEqualTo("""
                NAMESPACE   NAME                      ANCESTORS   ACCEPTED   STATUS    STATUS DESCRIPTION
                default     backendtlspolicy/db-tls   infra/gw    0/1        invalid   Could not find CACertificateRef ConfigMap: default/db-ca
                """);
        assertThat(set.problems()).extracting(StatusView::describe).containsExactly("BackendTLSPolicy default/db-tls: invalid: "
                + "ancestor infra/gw: Accepted=False Invalid: Could not find CACertificateRef ConfigMap: default/db-ca");
    }
}
