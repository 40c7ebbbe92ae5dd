package io.contourcore.dag.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusSetTest {

    private static ObjectStatus proxy(String name, String current) {
        return new ObjectStatus(new ObjectRef(Kind.HTTP_PROXY, "default", name), current, "", "", "", List.of());
    }

    private static StatusCondition c(String type, String status) {
        return new StatusCondition(type, status, type.equals("Accepted") ? "Accepted" : "Reason", "", 1);
    }

    @Test
    void holdsEveryShapeInKindNamespaceNameOrderWhileAllAndGetKeepToTheValidConditionShape() {
        GatewayStatus gw = new GatewayStatus(new ObjectRef(Kind.GATEWAY, "infra", "gw"), "contour",
                List.of(c("Accepted", "True"), c("Programmed", "True")), List.of(), List.of());
        GatewayClassStatus cls = new GatewayClassStatus(new ObjectRef(Kind.GATEWAY_CLASS, "", "contour"), List.of(c("Accepted", "True")));
        RouteStatus route = new RouteStatus(new ObjectRef(Kind.HTTP_ROUTE, "default", "web"),
                List.of(new RouteParentStatus(ParentRef.gateway("infra", "gw"), "c", List.of(c("Accepted", "True")))));
        ObjectStatus b = proxy("b", ObjectStatus.VALID);
        ObjectStatus a = proxy("a", ObjectStatus.VALID);

        StatusSet set = StatusSet.of(List.of(route, b, gw, a, cls));

        assertThat(set.statuses()).containsExactly(gw, cls, a, b, route);
        assertThat(set.all()).containsExactly(a, b);
        assertThat(set.get(gw.ref())).isEmpty();
        assertThat(set.status(gw.ref())).contains(gw);
        assertThat(set.gateway(gw.ref())).contains(gw);
        assertThat(set.problems()).isEmpty();
    }

    @Test
    void eachShapeDecidesWhatIsAProblem() {
        ParentRef gwRef = ParentRef.gateway("infra", "gw");
        RouteStatus notAccepted = new RouteStatus(new ObjectRef(Kind.GRPC_ROUTE, "default", "r1"),
                List.of(new RouteParentStatus(gwRef, "c", List.of(c("Accepted", "False"), c("ResolvedRefs", "True")))));
        RouteStatus unresolved = new RouteStatus(new ObjectRef(Kind.TLS_ROUTE, "default", "r2"),
                List.of(new RouteParentStatus(gwRef, "c", List.of(c("Accepted", "True"), c("ResolvedRefs", "False")))));
        RouteStatus fine = new RouteStatus(new ObjectRef(Kind.TCP_ROUTE, "default", "r3"),
                List.of(new RouteParentStatus(gwRef, "c", List.of(c("Accepted", "True"), c("PartiallyInvalid", "True")))));
        GatewayStatus notProgrammed = new GatewayStatus(new ObjectRef(Kind.GATEWAY, "infra", "a"), "",
                List.of(c("Accepted", "True"), c("Programmed", "False")), List.of(), List.of());
        GatewayStatus notAcceptedGw = new GatewayStatus(new ObjectRef(Kind.GATEWAY, "infra", "b"), "",
                List.of(c("Accepted", "Unknown"), c("Programmed", "True")), List.of(), List.of());
        GatewayClassStatus rejected = new GatewayClassStatus(new ObjectRef(Kind.GATEWAY_CLASS, "", "x"), List.of(c("Accepted", "False")));
        GatewayClassStatus accepted = new GatewayClassStatus(new ObjectRef(Kind.GATEWAY_CLASS, "", "y"), List.of(c("Accepted", "True")));
        ObjectStatus orphaned = proxy("o", ObjectStatus.ORPHANED);
        ObjectStatus ignored = proxy("i", ObjectStatus.IGNORED);

        StatusSet set = StatusSet.of(List.of(notAccepted, unresolved, fine, notProgrammed, notAcceptedGw, rejected,
                accepted, orphaned, ignored));

        // Sorted by kind name as every listing is: GRPCRoute sorts before Gateway.
        assertThat(set.problems()).containsExactly(notAccepted, notProgrammed, notAcceptedGw, rejected, orphaned, unresolved);
        assertThat(set.problems()).extracting(Status::currentStatus)
                .containsExactly("invalid", "invalid", "invalid", "invalid", "orphaned", "invalid");
    }

    @Test
    void theMapConstructorStillMakesASetOfValidConditionStatuses() {
        ObjectStatus bad = proxy("bad", ObjectStatus.INVALID);
        StatusSet set = new StatusSet(Map.of(bad.ref(), bad));

        assertThat(set.statuses()).containsExactly(bad);
        assertThat(set.problems()).containsExactly(bad);
    }

    @Test
    void twoStatusesForOneObjectAreRefused() {
        ObjectStatus a = proxy("a", ObjectStatus.VALID);
        assertThatThrownBy(() -> StatusSet.of(List.of(a, proxy("a", ObjectStatus.INVALID))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
