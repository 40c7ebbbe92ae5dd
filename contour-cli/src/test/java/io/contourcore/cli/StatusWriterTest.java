package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.dag.status.Condition;
import io.contourcore.dag.status.GatewayClassStatus;
import io.contourcore.dag.status.GatewayStatus;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.ParentRef;
import io.contourcore.dag.status.Status;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.dag.status.StatusSet;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The status the writer puts on an object of each kind, given what the object has: upstream's merge rules. */
class StatusWriterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectRef APP = new ObjectRef(Kind.HTTP_PROXY, "default", "app");
    static final ObjectStatus VALID = new ObjectStatus(APP, ObjectStatus.VALID, "Valid HTTPProxy", "app.example.com",
            "", List.of(new Condition("Valid", "True", "Valid", "Valid HTTPProxy", List.of(), List.of())));
    static final ObjectStatus INVALID = new ObjectStatus(APP, ObjectStatus.INVALID,
            "At least one error present, see Errors for details", "app.example.com", "",
            List.of(new Condition("Valid", "False", "ErrorPresent", "At least one error present, see Errors for details",
                    List.of(new SubCondition("ServiceError", "ServiceUnresolvedReference", "not found")), List.of())));
    static final Instant EARLIER = Instant.parse("2026-01-01T00:00:00.250Z");
    static final Instant LATER = Instant.parse("2026-02-01T00:00:00Z");

    static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void aConditionKeepsItsTransitionTimeUntilItsStatusFlips() throws Exception {
        ObjectNode first = StatusWriter.proxyStatus(JSON.createObjectNode(), VALID, 3, EARLIER, Optional.empty());
        assertThat(first.toString()).isEqualTo("{\"currentStatus\":\"valid\",\"description\":\"Valid HTTPProxy\","
                + "\"conditions\":[{\"type\":\"Valid\",\"status\":\"True\",\"reason\":\"Valid\",\"message\":"
                + "\"Valid HTTPProxy\",\"observedGeneration\":3,\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}");

        ObjectNode again = StatusWriter.proxyStatus(first, VALID, 4, LATER, Optional.empty());
        assertThat(again.at("/conditions/0/lastTransitionTime").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(again.at("/conditions/0/observedGeneration").asLong()).isEqualTo(4);

        ObjectNode flipped = StatusWriter.proxyStatus(again, INVALID, 5, LATER, Optional.empty());
        assertThat(flipped.at("/conditions/0/lastTransitionTime").asText()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(flipped.at("/conditions/0/errors/0/reason").asText()).isEqualTo("ServiceUnresolvedReference");
        assertThat(flipped.get("currentStatus").asText()).isEqualTo("invalid");
    }

    @Test
    void conditionsOfOtherTypesAndOfANewerGenerationAreLeftAsTheyAre() throws Exception {
        ObjectNode had = json("""
                {"currentStatus": "valid", "conditions": [
                  {"type": "Valid", "status": "True", "observedGeneration": 9, "lastTransitionTime": "2026-01-01T00:00:00Z"},
                  {"type": "example.com/Audited", "status": "True"}]}""");
        ObjectNode out = StatusWriter.proxyStatus(had, INVALID, 8, LATER, Optional.empty());
        assertThat(out.get("conditions")).isEqualTo(had.get("conditions"));
    }

    @Test
    void theLoadBalancerIsSetOnlyWhenOneIsKnown() throws Exception {
        ObjectNode had = json("{\"loadBalancer\": {\"ingress\": [{\"ip\": \"192.0.2.1\"}]}}");
        assertThat(StatusWriter.proxyStatus(had, VALID, 1, LATER, Optional.empty()).get("loadBalancer"))
                .isEqualTo(had.get("loadBalancer"));
        assertThat(StatusWriter.ingressStatus(had, StatusWriter.LoadBalancer.parse(List.of("lb.example.com")))
                .toString()).isEqualTo("{\"loadBalancer\":{\"ingress\":[{\"hostname\":\"lb.example.com\"}]}}");
        assertThat(StatusWriter.ingressStatus(had, JSON.createArrayNode()).toString())
                .isEqualTo("{\"loadBalancer\":{}}");
    }

    /** Our Gateway with an HTTP listener, its class, and a route and a policy attached through it. */
    static StatusSet gatewayApi() {
        StatusRecorder rec = new StatusRecorder().gatewayController("projectcontour.io/gateway-controller");
        rec.gatewayClass(new ObjectRef(Kind.GATEWAY_CLASS, "", "contour"), 2);
        rec.gateway(GW, 4).gatewayClassName("contour").listener("http").supportedKinds(Kind.HTTP_ROUTE).attachRoute();
        rec.route(new ObjectRef(Kind.HTTP_ROUTE, "default", "web"), 5).parent(ParentRef.gateway("infra", "gw"));
        rec.policy(new ObjectRef(Kind.BACKEND_TLS_POLICY, "default", "tls"), 6, ParentRef.gateway("infra", "gw"))
                .addCondition("Accepted", "True", "Accepted", "Accepted BackendTLSPolicy");
        return rec.freeze();
    }

    static final ObjectRef GW = new ObjectRef(Kind.GATEWAY, "infra", "gw");

    static Status of(StatusSet set, Kind kind) {
        return set.statuses().stream().filter(s -> s.ref().kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void aGatewayClassConditionIsMergedKeepingItsTimeWhileItsStatusHoldsAndOtherConditionsStay() throws Exception {
        GatewayClassStatus accepted = (GatewayClassStatus) of(gatewayApi(), Kind.GATEWAY_CLASS);
        ObjectNode had = json("""
                {"conditions": [
                  {"type": "Accepted", "status": "True", "reason": "Accepted", "message": "old words",
                   "observedGeneration": 1, "lastTransitionTime": "2026-01-01T00:00:00Z"},
                  {"type": "SupportedVersion", "status": "True", "reason": "SupportedVersion", "message": "ok",
                   "observedGeneration": 1, "lastTransitionTime": "2026-01-01T00:00:00Z"}]}""");
        ObjectNode out = StatusWriter.gatewayClassStatus(had, accepted, LATER);
        assertThat(out.at("/conditions/0/message").asText()).isEqualTo("Valid GatewayClass");
        assertThat(out.at("/conditions/0/observedGeneration").asLong()).isEqualTo(2);
        assertThat(out.at("/conditions/0/lastTransitionTime").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(out.get("conditions").get(1)).isEqualTo(had.get("conditions").get(1));

        ObjectNode fresh = StatusWriter.gatewayClassStatus(JSON.createObjectNode(), accepted, LATER);
        assertThat(fresh.at("/conditions/0/lastTransitionTime").asText()).isEqualTo("2026-02-01T00:00:00Z");
    }

    @Test
    void aGatewayGetsOurConditionsAndListenersAndTheLoadBalancersAddressesUnlessANewerConditionIsThere()
            throws Exception {
        GatewayStatus gw = (GatewayStatus) of(gatewayApi(), Kind.GATEWAY);
        ObjectNode had = json("""
                {"conditions": [{"type": "Accepted", "status": "False", "reason": "Pending", "message": "Waiting",
                                 "observedGeneration": 9, "lastTransitionTime": "2026-01-01T00:00:00Z"}],
                 "listeners": [{"name": "gone", "attachedRoutes": 3, "supportedKinds": [], "conditions": []}],
                 "addresses": [{"type": "IPAddress", "value": "192.0.2.99"}]}""");
        ObjectNode out = StatusWriter.gatewayStatus(had, gw, LATER,
                Optional.of(StatusWriter.LoadBalancer.parse(List.of("192.0.2.10", "lb.example.com"))));
        assertThat(out.get("conditions").get(0)).isEqualTo(had.get("conditions").get(0));
        assertThat(out.at("/conditions/1/type").asText()).isEqualTo("Programmed");
        assertThat(out.at("/conditions/1/observedGeneration").asLong()).isEqualTo(4);
        assertThat(out.at("/conditions/1/lastTransitionTime").asText()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(out.get("listeners")).hasSize(1);
        assertThat(out.at("/listeners/0/name").asText()).isEqualTo("http");
        assertThat(out.at("/listeners/0/attachedRoutes").asInt()).isEqualTo(1);
        assertThat(out.get("addresses").toString()).isEqualTo("[{\"type\":\"IPAddress\",\"value\":\"192.0.2.10\"},"
                + "{\"type\":\"Hostname\",\"value\":\"lb.example.com\"}]");
        assertThat(StatusWriter.gatewayStatus(had, gw, LATER, Optional.empty()).get("addresses"))
                .isEqualTo(had.get("addresses"));
    }

    @Test
    void aRouteKeepsTheParentEntriesOfOtherGatewaysAndGetsOursInPlaceOfTheOldOnes() throws Exception {
        Status route = of(gatewayApi(), Kind.HTTP_ROUTE);
        ObjectNode had = json("""
                {"parents": [
                  {"parentRef": {"name": "gw"}, "controllerName": "projectcontour.io/gateway-controller",
                   "conditions": [{"type": "Accepted", "status": "False", "reason": "Old", "message": "old"}]},
                  {"parentRef": {"group": "gateway.networking.k8s.io", "kind": "Gateway", "namespace": "other",
                                 "name": "gw"}, "controllerName": "example.com/other", "conditions": []}]}""");
        ObjectNode out = StatusWriter.gatewayEntries(had, route, GW, LATER);
        assertThat(out.get("parents")).hasSize(2);
        assertThat(out.at("/parents/0/parentRef/namespace").asText()).isEqualTo("infra");
        assertThat(out.at("/parents/0/conditions").findValuesAsText("reason")).contains("Accepted")
                .doesNotContain("Old");
        assertThat(out.at("/parents/0/conditions/0/observedGeneration").asLong()).isEqualTo(5);
        assertThat(out.at("/parents/0/conditions/0/lastTransitionTime").asText()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(out.get("parents").get(1)).isEqualTo(had.get("parents").get(1));
    }

    @Test
    void aPolicyKeepsTheAncestorEntriesOfOtherGateways() throws Exception {
        Status policy = of(gatewayApi(), Kind.BACKEND_TLS_POLICY);
        ObjectNode had = json("""
                {"ancestors": [{"ancestorRef": {"kind": "Gateway", "namespace": "other", "name": "edge"},
                                "controllerName": "example.com/other", "conditions": []}]}""");
        ObjectNode out = StatusWriter.gatewayEntries(had, policy, GW, LATER);
        assertThat(out.at("/ancestors/0/ancestorRef/name").asText()).isEqualTo("gw");
        assertThat(out.at("/ancestors/0/conditions/0/message").asText()).isEqualTo("Accepted BackendTLSPolicy");
        assertThat(out.get("ancestors").get(1)).isEqualTo(had.get("ancestors").get(0));
    }

    @Test
    void aParentRefIsOurGatewaysWhenItsGroupKindAndNamespaceAreOursOrLeftOut() throws Exception {
        assertThat(StatusWriter.refersTo(json("{\"name\": \"gw\"}"), GW)).isTrue();
        assertThat(StatusWriter.refersTo(json("{\"namespace\": \"infra\", \"name\": \"gw\"}"), GW)).isTrue();
        assertThat(StatusWriter.refersTo(json("{\"namespace\": \"other\", \"name\": \"gw\"}"), GW)).isFalse();
        assertThat(StatusWriter.refersTo(json("{\"kind\": \"Service\", \"name\": \"gw\"}"), GW)).isFalse();
        assertThat(StatusWriter.refersTo(json("{\"group\": \"example.com\", \"name\": \"gw\"}"), GW)).isFalse();
        assertThat(StatusWriter.refersTo(json("{\"name\": \"edge\"}"), GW)).isFalse();
    }

    @Test
    void anIngressRouteGetsTheCurrentStatusAndDescriptionContourOnePointFiveWrote() throws Exception {
        ObjectStatus invalid = new ObjectStatus(new ObjectRef(Kind.INGRESS_ROUTE, "default", "root"),
                ObjectStatus.INVALID, "fqdn \"a..b\" is invalid", "", "", List.of());
        ObjectNode out = StatusWriter.ingressRouteStatus(json("{\"currentStatus\": \"valid\", \"extra\": 1}"),
                invalid);
        assertThat(out.toString()).isEqualTo(
                "{\"currentStatus\":\"invalid\",\"extra\":1,\"description\":\"fqdn \\\"a..b\\\" is invalid\"}");
        assertThat(StatusWriter.hasStatusSubresource(Kind.INGRESS_ROUTE)).isFalse();
        assertThat(StatusWriter.hasStatusSubresource(Kind.HTTP_ROUTE)).isTrue();
    }
}
