package io.contourcore.dag.status;

import java.util.List;

/**
 * A policy's status towards one ancestor (Gateway API's {@code PolicyAncestorStatus}): the ancestor it was applied
 * through, as the route's parentRef names it, the controller that wrote it and the conditions, at most one per type.
 *
 * <pre>{@code
 * PolicyAncestorStatus a = policy.ancestors().get(0);
 * a.ancestorRef();  // gateway.networking.k8s.io/Gateway projectcontour/contour
 * a.isProblem();    // false when Accepted is True
 * }</pre>
 */
public record PolicyAncestorStatus(ParentRef ancestorRef, String controllerName, List<StatusCondition> conditions) {

    public PolicyAncestorStatus {
        if (ancestorRef == null) {
            throw new IllegalArgumentException("ancestorRef is required");
        }
        controllerName = controllerName == null ? "" : controllerName;
        conditions = List.copyOf(conditions);
    }

    /** Not Accepted: the policy does not take effect through this ancestor. */
    public boolean isProblem() {
        return !StatusCondition.isTrue(conditions, StatusCondition.ACCEPTED);
    }
}
