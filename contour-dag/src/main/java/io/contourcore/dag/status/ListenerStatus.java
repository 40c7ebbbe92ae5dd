package io.contourcore.dag.status;

import io.contourcore.model.Kind;
import java.util.List;

/**
 * One Gateway listener's status (upstream's {@code ListenerStatus}): its name, the route kinds it supports (all in
 * group {@code gateway.networking.k8s.io}), how many routes attached to it and its conditions (Accepted, Programmed,
 * ResolvedRefs, Conflicted ...), at most one per type. Upstream's listener validation records Programmed False
 * {@code Invalid}, Accepted False {@code UnsupportedProtocol} or {@code PortUnavailable}, or Conflicted True
 * {@code ProtocolConflict} / {@code HostnameConflict} (internal/gatewayapi/listeners.go); the recorder then fills in
 * the other conditions.
 *
 * <pre>{@code
 * ListenerStatus l = gateway.listeners().get(0);
 * l.attachedRoutes(); // 2
 * }</pre>
 */
public record ListenerStatus(String name, List<Kind> supportedKinds, int attachedRoutes, List<StatusCondition> conditions) {

    public ListenerStatus {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name is required");
        }
        supportedKinds = List.copyOf(supportedKinds);
        for (Kind k : supportedKinds) {
            if (Status.Shape.of(k) != Status.Shape.ROUTE) {
                throw new IllegalArgumentException("a listener supports route kinds only, not " + k.kindName());
            }
        }
        if (attachedRoutes < 0) {
            throw new IllegalArgumentException("attachedRoutes must not be negative");
        }
        conditions = List.copyOf(conditions);
    }

    /** Whether the listener's Programmed condition is False (which makes its Gateway not Programmed). */
    public boolean isNotProgrammed() {
        return StatusCondition.find(conditions, StatusCondition.PROGRAMMED).map(StatusCondition::isFalse).orElse(false);
    }
}
