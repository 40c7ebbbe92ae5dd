package io.contourcore.dag.status;

import java.util.List;

/**
 * A route's status towards one of its parents (upstream's {@code RouteParentStatus}): the parentRef, the controller
 * that wrote it and the conditions, at most one per type.
 *
 * <pre>{@code
 * RouteParentStatus p = route.parents().get(0);
 * p.isProblem(); // false when Accepted is True and ResolvedRefs is not False
 * }</pre>
 */
public record RouteParentStatus(ParentRef parentRef, String controllerName, List<StatusCondition> conditions) {

    public RouteParentStatus {
        if (parentRef == null) {
            throw new IllegalArgumentException("parentRef is required");
        }
        controllerName = controllerName == null ? "" : controllerName;
        conditions = List.copyOf(conditions);
    }

    /** Not Accepted, or references not resolved: the route is not (fully) programmed for this parent. */
    public boolean isProblem() {
        return !StatusCondition.isTrue(conditions, StatusCondition.ACCEPTED)
                || StatusCondition.find(conditions, StatusCondition.RESOLVED_REFS).map(StatusCondition::isFalse).orElse(false);
    }

    /** The condition that explains a problem (Accepted when it is not True, else ResolvedRefs), or Accepted. */
    StatusCondition explaining() {
        StatusCondition accepted = StatusCondition.find(conditions, StatusCondition.ACCEPTED).orElse(null);
        if (accepted != null && !accepted.isTrue()) {
            return accepted;
        }
        StatusCondition resolved = StatusCondition.find(conditions, StatusCondition.RESOLVED_REFS).orElse(null);
        if (resolved != null && resolved.isFalse()) {
            return resolved;
        }
        return accepted;
    }
}
