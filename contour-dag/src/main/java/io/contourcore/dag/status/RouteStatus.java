package io.contourcore.dag.status;

import io.contourcore.model.ObjectRef;
import java.util.List;

/**
 * The status of an HTTPRoute, GRPCRoute, TLSRoute or TCPRoute: one {@link RouteParentStatus} per parentRef this
 * controller handled, in the order they were first recorded (upstream appends them as it meets the parentRefs,
 * {@code internal/status/routeconditions.go}).
 *
 * <pre>{@code
 * RouteStatus r = result.status().route(new ObjectRef(Kind.HTTP_ROUTE, "default", "web")).orElseThrow();
 * r.parents().get(0).conditions(); // [ResolvedRefs True, Accepted True]
 * }</pre>
 */
public record RouteStatus(ObjectRef ref, List<RouteParentStatus> parents) implements Status {

    public RouteStatus {
        if (ref == null || Shape.of(ref.kind()) != Shape.ROUTE) {
            throw new IllegalArgumentException("a route status needs an HTTPRoute, GRPCRoute, TLSRoute or TCPRoute ref: " + ref);
        }
        parents = List.copyOf(parents);
        if (parents.stream().map(RouteParentStatus::parentRef).distinct().count() != parents.size()) {
            throw new IllegalArgumentException("one status per parentRef: " + ref);
        }
    }

    /** Any parent not Accepted or with ResolvedRefs False. */
    @Override
    public boolean isProblem() {
        return parents.stream().anyMatch(RouteParentStatus::isProblem);
    }

    @Override
    public String currentStatus() {
        return isProblem() ? ObjectStatus.INVALID : ObjectStatus.VALID;
    }

    /** The message of the first problem parent's failing condition, else the first parent's Accepted message. */
    @Override
    public String description() {
        RouteParentStatus p = parents.stream().filter(RouteParentStatus::isProblem).findFirst()
                .orElse(parents.isEmpty() ? null : parents.get(0));
        StatusCondition c = p == null ? null : p.explaining();
        return c == null ? "" : c.message();
    }
}
