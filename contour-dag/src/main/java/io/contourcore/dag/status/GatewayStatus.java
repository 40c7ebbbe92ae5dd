package io.contourcore.dag.status;

import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import java.util.List;

/**
 * A Gateway's status: its conditions (Accepted, Programmed), one {@link ListenerStatus} per listener and its
 * addresses. Upstream's DAG leaves addresses alone (internal/status/gatewaystatus.go): they come from the Envoy
 * Service's load balancer, so a source records them only when it knows them. {@code gatewayClassName} is the Gateway's {@code spec.gatewayClassName}, kept for the table view the way
 * {@code kubectl get gateway} shows CLASS; it is not part of the Kubernetes status.
 *
 * <pre>{@code
 * GatewayStatus g = result.status().gateway(new ObjectRef(Kind.GATEWAY, "infra", "gw")).orElseThrow();
 * g.listeners().get(0).name(); // "http"
 * }</pre>
 */
public record GatewayStatus(ObjectRef ref, String gatewayClassName, List<StatusCondition> conditions,
        List<ListenerStatus> listeners, List<Address> addresses) implements Status {

    /** One {@code status.addresses} entry: type ({@code IPAddress}, {@code Hostname}, ...) and value. */
    public record Address(String type, String value) {
        public Address {
            if (type == null || type.isEmpty() || value == null || value.isEmpty()) {
                throw new IllegalArgumentException("an address needs a type and a value");
            }
        }
    }

    public GatewayStatus {
        if (ref == null || ref.kind() != Kind.GATEWAY) {
            throw new IllegalArgumentException("a Gateway status needs a Gateway ref: " + ref);
        }
        gatewayClassName = gatewayClassName == null ? "" : gatewayClassName;
        conditions = List.copyOf(conditions);
        listeners = List.copyOf(listeners);
        addresses = List.copyOf(addresses);
        if (listeners.stream().map(ListenerStatus::name).distinct().count() != listeners.size()) {
            throw new IllegalArgumentException("one status per listener name: " + ref);
        }
    }

    /** Not Accepted or not Programmed. */
    @Override
    public boolean isProblem() {
        return !StatusCondition.isTrue(conditions, StatusCondition.ACCEPTED)
                || !StatusCondition.isTrue(conditions, StatusCondition.PROGRAMMED);
    }

    @Override
    public String currentStatus() {
        return isProblem() ? ObjectStatus.INVALID : ObjectStatus.VALID;
    }

    /** The Accepted message when it is not True, else the Programmed message ("Valid Gateway"). */
    @Override
    public String description() {
        StatusCondition accepted = StatusCondition.find(conditions, StatusCondition.ACCEPTED).orElse(null);
        if (accepted != null && !accepted.isTrue()) {
            return accepted.message();
        }
        return StatusCondition.find(conditions, StatusCondition.PROGRAMMED)
                .or(() -> StatusCondition.find(conditions, StatusCondition.ACCEPTED))
                .map(StatusCondition::message).orElse("");
    }
}
