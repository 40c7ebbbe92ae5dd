package io.contourcore.dag.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayApiStatusRecorderTest {

    static final ObjectRef ROUTE = new ObjectRef(Kind.HTTP_ROUTE, "default", "web");
    static final ObjectRef GATEWAY = new ObjectRef(Kind.GATEWAY, "infra", "gw");
    static final ObjectRef CLASS = new ObjectRef(Kind.GATEWAY_CLASS, "", "contour");
    static final ParentRef GW = ParentRef.gateway("infra", "gw");

    private static StatusCondition c(String type, String status, String reason, String message, long gen) {
        return new StatusCondition(type, status, reason, message, gen);
    }

    @Test
    void aRouteParentWithNothingRecordedGetsResolvedRefsThenAcceptedTrueNamingTheRouteKind() {
        StatusRecorder rec = new StatusRecorder().gatewayController("projectcontour.io/gateway-controller");
        rec.route(ROUTE, 3).parent(GW);
        rec.route(new ObjectRef(Kind.TCP_ROUTE, "default", "db"), 1).parent(GW);

        StatusSet set = rec.freeze();

        RouteParentStatus p = set.route(ROUTE).orElseThrow().parents().get(0);
        assertThat(p.parentRef()).isEqualTo(GW);
        assertThat(p.controllerName()).isEqualTo("projectcontour.io/gateway-controller");
        assertThat(p.conditions()).containsExactly(
                c("ResolvedRefs", "True", "ResolvedRefs", "References resolved", 3),
                c("Accepted", "True", "Accepted", "Accepted HTTPRoute", 3));
        assertThat(set.route(new ObjectRef(Kind.TCP_ROUTE, "default", "db")).orElseThrow().parents().get(0).conditions())
                .extracting(StatusCondition::message).containsExactly("References resolved", "Accepted TCPRoute");
        assertThat(set.problems()).isEmpty();
    }

    @Test
    void anAcceptedFalseConditionReplacesTheDefaultAndMakesTheRouteAProblem() {
        StatusRecorder rec = new StatusRecorder();
        rec.route(ROUTE, 2).parent(GW).addCondition("Accepted", "False", "NoMatchingParent", "No listeners match this parent ref");

        RouteStatus r = rec.freeze().route(ROUTE).orElseThrow();

        assertThat(r.parents().get(0).conditions()).containsExactly(
                c("Accepted", "False", "NoMatchingParent", "No listeners match this parent ref", 2),
                c("ResolvedRefs", "True", "ResolvedRefs", "References resolved", 2));
        assertThat(r.isProblem()).isTrue();
        assertThat(r.currentStatus()).isEqualTo(ObjectStatus.INVALID);
        assertThat(r.description()).isEqualTo("No listeners match this parent ref");
    }

    @Test
    void resolvedRefsFalseIsAProblemEvenWhileTheParentIsAccepted() {
        StatusRecorder rec = new StatusRecorder();
        rec.route(ROUTE, 1).parent(GW).addCondition("ResolvedRefs", "False", "BackendNotFound", "service \"default/missing\" is invalid");

        RouteStatus r = rec.freeze().route(ROUTE).orElseThrow();

        assertThat(StatusCondition.find(r.parents().get(0).conditions(), "Accepted").orElseThrow().isTrue()).isTrue();
        assertThat(r.isProblem()).isTrue();
        assertThat(r.description()).isEqualTo("service \"default/missing\" is invalid");
    }

    @Test
    void aConditionOtherThanAcceptedOrResolvedRefsLeavesTheDefaultsAndIsNoProblem() {
        StatusRecorder rec = new StatusRecorder();
        rec.route(ROUTE, 1).parent(GW).addCondition("PartiallyInvalid", "True", "RuleMatchPartiallyConflict", "Dropped Rule");

        RouteStatus r = rec.freeze().route(ROUTE).orElseThrow();

        assertThat(r.parents().get(0).conditions()).extracting(StatusCondition::type)
                .containsExactly("PartiallyInvalid", "ResolvedRefs", "Accepted");
        assertThat(r.isProblem()).isFalse();
        assertThat(r.description()).isEqualTo("Accepted HTTPRoute");
    }

    @Test
    void aSecondConditionOfATypeKeepsTheFirstPlaceTakesTheNewStatusAndJoinsTheMessages() {
        StatusRecorder rec = new StatusRecorder();
        StatusRecorder.ParentEntry p = rec.route(ROUTE, 1).parent(GW);
        p.addCondition("ResolvedRefs", "False", "Degraded", "first");
        p.addCondition("Accepted", "False", "UnsupportedValue", "bad match");
        p.addCondition("ResolvedRefs", "False", "BackendNotFound", "second");

        assertThat(rec.freeze().route(ROUTE).orElseThrow().parents().get(0).conditions()).containsExactly(
                c("ResolvedRefs", "False", "BackendNotFound", "first, second", 1),
                c("Accepted", "False", "UnsupportedValue", "bad match", 1));
    }

    @Test
    void eachParentRefKeepsItsOwnConditionsInTheOrderTheParentsWereFirstRecorded() {
        StatusRecorder rec = new StatusRecorder();
        ParentRef http = GW.withSectionName("http");
        ParentRef https = GW.withSectionName("https").withPort(443);
        StatusRecorder.RouteEntry r = rec.route(ROUTE, 1);
        r.parent(https).addCondition("Accepted", "False", "NotAllowedByListeners", "not allowed");
        r.parent(http);
        assertThat(r.parent(https).hasCondition("Accepted")).isTrue();
        assertThat(r.parent(http).hasCondition("Accepted")).isFalse();

        List<RouteParentStatus> parents = rec.freeze().route(ROUTE).orElseThrow().parents();

        assertThat(parents).extracting(RouteParentStatus::parentRef).containsExactly(https, http);
        assertThat(parents).extracting(RouteParentStatus::isProblem).containsExactly(true, false);
    }

    @Test
    void aRouteWithoutAnyParentRecordedHasNoStatus() {
        StatusRecorder rec = new StatusRecorder();
        rec.route(ROUTE, 1);

        assertThat(rec.has(ROUTE)).isTrue();
        assertThat(rec.freeze().status(ROUTE)).isEmpty();
    }

    @Test
    void aListenerWithoutConditionsIsProgrammedAcceptedAndResolvedWithItsKindsAndAttachedRoutes() {
        StatusRecorder rec = new StatusRecorder();
        StatusRecorder.GatewayEntry g = rec.gateway(GATEWAY, 4).gatewayClassName("contour");
        g.listener("http").supportedKinds(Kind.HTTP_ROUTE, Kind.GRPC_ROUTE).attachRoute().attachRoute();
        g.listener("tls").supportedKinds(Kind.TLS_ROUTE, Kind.TCP_ROUTE);

        GatewayStatus s = rec.freeze().gateway(GATEWAY).orElseThrow();

        assertThat(s.gatewayClassName()).isEqualTo("contour");
        assertThat(s.listeners()).containsExactly(
                new ListenerStatus("http", List.of(Kind.HTTP_ROUTE, Kind.GRPC_ROUTE), 2, List.of(
                        c("Programmed", "True", "Programmed", "Valid listener", 4),
                        c("Accepted", "True", "Accepted", "Listener accepted", 4),
                        c("ResolvedRefs", "True", "ResolvedRefs", "Listener references resolved", 4))),
                new ListenerStatus("tls", List.of(Kind.TLS_ROUTE, Kind.TCP_ROUTE), 0, List.of(
                        c("Programmed", "True", "Programmed", "Valid listener", 4),
                        c("Accepted", "True", "Accepted", "Listener accepted", 4),
                        c("ResolvedRefs", "True", "ResolvedRefs", "Listener references resolved", 4))));
        assertThat(s.conditions()).containsExactly(
                c("Accepted", "True", "Accepted", "Gateway is accepted", 4),
                c("Programmed", "True", "Programmed", "Valid Gateway", 4));
        assertThat(s.isProblem()).isFalse();
        assertThat(s.description()).isEqualTo("Valid Gateway");
    }

    @Test
    void aListenerWithAnyConditionButProgrammedIsNotProgrammedAndSoIsItsGateway() {
        StatusRecorder rec = new StatusRecorder();
        StatusRecorder.GatewayEntry g = rec.gateway(GATEWAY, 1);
        g.listener("a").addCondition("Conflicted", "True", "HostnameConflict", "All Listener hostnames for a given port must be unique");
        g.listener("b").attachedRoutes(5);

        GatewayStatus s = rec.freeze().gateway(GATEWAY).orElseThrow();

        assertThat(s.listeners().get(0).conditions()).containsExactly(
                c("Conflicted", "True", "HostnameConflict", "All Listener hostnames for a given port must be unique", 1),
                c("Programmed", "False", "Invalid", "Invalid listener, see other listener conditions for details", 1),
                c("Accepted", "True", "Accepted", "Listener accepted", 1),
                c("ResolvedRefs", "True", "ResolvedRefs", "Listener references resolved", 1));
        assertThat(s.listeners().get(1).attachedRoutes()).isEqualTo(5);
        assertThat(s.conditions()).containsExactly(
                c("Accepted", "True", "Accepted", "Gateway is accepted", 1),
                c("Programmed", "False", "ListenersNotValid", "Listeners are not valid", 1));
        assertThat(s.isProblem()).isTrue();
        assertThat(s.description()).isEqualTo("Listeners are not valid");
    }

    @Test
    void aProgrammedConditionTheSourceRecordedWinsOverTheListenersAndAcceptedStaysFirst() {
        StatusRecorder rec = new StatusRecorder();
        rec.gateway(GATEWAY, 1)
                .addCondition("Programmed", "False", "AddressNotAssigned", "None of the addresses in Spec.Addresses have been assigned to the Gateway")
                .address("IPAddress", "10.0.0.1")
                .listener("http");

        GatewayStatus s = rec.freeze().gateway(GATEWAY).orElseThrow();

        assertThat(s.conditions()).extracting(StatusCondition::type, StatusCondition::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Accepted", "Accepted"),
                        org.assertj.core.groups.Tuple.tuple("Programmed", "AddressNotAssigned"));
        assertThat(s.addresses()).containsExactly(new GatewayStatus.Address("IPAddress", "10.0.0.1"));
        assertThat(s.isProblem()).isTrue();
    }

    @Test
    void aGatewayClassIsAcceptedAsValidUnlessTheSourceSetsOtherwiseAndASecondSettingReplacesTheFirst() {
        StatusRecorder rec = new StatusRecorder();
        rec.gatewayClass(CLASS, 2);
        ObjectRef older = new ObjectRef(Kind.GATEWAY_CLASS, "", "newer");
        rec.gatewayClass(older, 1)
                .setCondition("SupportedVersion", "True", "SupportedVersion", "Gateway API CRD bundle version v1.3.0 is supported.")
                .setCondition("Accepted", "True", "Accepted", "ignored")
                .setCondition("Accepted", "False", StatusRecorder.OLDER_GATEWAY_CLASS_EXISTS_REASON,
                        StatusRecorder.OLDER_GATEWAY_CLASS_EXISTS_MESSAGE);

        StatusSet set = rec.freeze();

        assertThat(set.gatewayClass(CLASS).orElseThrow().conditions())
                .containsExactly(c("Accepted", "True", "Accepted", "Valid GatewayClass", 2));
        assertThat(set.gatewayClass(older).orElseThrow().conditions()).containsExactly(
                c("Accepted", "False", "OlderGatewayClassExists",
                        "Invalid GatewayClass: another older GatewayClass with the same Spec.Controller exists", 1),
                c("SupportedVersion", "True", "SupportedVersion", "Gateway API CRD bundle version v1.3.0 is supported.", 1));
        assertThat(set.problems()).extracting(Status::ref).containsExactly(older);
    }

    @Test
    void recordingAStatusOfTheWrongShapeForAKindIsRefused() {
        StatusRecorder rec = new StatusRecorder();
        assertThatThrownBy(() -> rec.route(GATEWAY, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rec.gateway(ROUTE, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rec.gatewayClass(GATEWAY, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rec.gateway(GATEWAY, 1).listener("x").supportedKinds(Kind.SERVICE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectStatus(ROUTE, ObjectStatus.VALID, "", "", "", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void freezingTwiceGivesTheSameStatusesWithoutAddingDefaultsTwice() {
        StatusRecorder rec = new StatusRecorder();
        rec.route(ROUTE, 1).parent(GW).addCondition("Accepted", "True", "Accepted", "custom");
        rec.gateway(GATEWAY, 1).listener("http");
        rec.gatewayClass(CLASS, 1);

        assertThat(rec.freeze().statuses()).isEqualTo(rec.freeze().statuses());
        assertThat(rec.freeze().route(ROUTE).orElseThrow().parents().get(0).conditions())
                .extracting(StatusCondition::message).containsExactly("custom", "References resolved");
    }

    @Test
    void aPolicyEvaluationThatRecordsAConditionReplacesTheEarlierOneWholeAndAnEmptyOneChangesNothing() {
        ObjectRef policy = new ObjectRef(Kind.BACKEND_TLS_POLICY, "default", "tls");
        StatusRecorder rec = new StatusRecorder().gatewayController("projectcontour.io/gateway-controller");
        rec.policy(policy, 2, GW).addCondition("Accepted", "False", "Invalid", "first")
                .addCondition("Accepted", "False", "Invalid", "second");
        assertThat(rec.freeze().policy(policy).orElseThrow().ancestors()).singleElement().satisfies(a -> {
            assertThat(a.ancestorRef()).isEqualTo(GW);
            assertThat(a.controllerName()).isEqualTo("projectcontour.io/gateway-controller");
            assertThat(a.conditions()).containsExactly(c("Accepted", "False", "Invalid", "first, second", 2));
        });

        ParentRef http = GW.withSectionName("http");
        rec.policy(policy, 2, http).addCondition("Accepted", "True", "Accepted", "Accepted BackendTLSPolicy");
        rec.policy(policy, 2, GW.withSectionName("unused"));
        PolicyStatus p = rec.freeze().policy(policy).orElseThrow();
        assertThat(p.ancestors()).extracting(PolicyAncestorStatus::ancestorRef).containsExactly(http);
        assertThat(p.isProblem()).isFalse();
        assertThat(p.description()).isEqualTo("Accepted BackendTLSPolicy");
        assertThat(rec.has(policy)).isTrue();
        assertThat(rec.has(new ObjectRef(Kind.BACKEND_TLS_POLICY, "default", "never"))).isFalse();
    }
}
