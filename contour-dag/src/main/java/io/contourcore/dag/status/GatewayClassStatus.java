package io.contourcore.dag.status;

import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import java.util.List;

/**
 * A GatewayClass's status: its conditions, at most one per type. Upstream's Contour accepts the class with
 * "Valid GatewayClass" or refuses it as {@code OlderGatewayClassExists} (internal/status/gatewayclassconditions.go);
 * its provisioner writes Accepted ({@code Accepted} / {@code InvalidParameters}) and {@code SupportedVersion}, which
 * needs the Gateway API CRD bundle version (internal/provisioner/controller/gatewayclass.go).
 *
 * <pre>{@code
 * GatewayClassStatus c = result.status().gatewayClass(new ObjectRef(Kind.GATEWAY_CLASS, "", "contour")).orElseThrow();
 * c.isProblem(); // false when Accepted is True
 * }</pre>
 */
public record GatewayClassStatus(ObjectRef ref, List<StatusCondition> conditions) implements Status {

    public GatewayClassStatus {
        if (ref == null || ref.kind() != Kind.GATEWAY_CLASS) {
            throw new IllegalArgumentException("a GatewayClass status needs a GatewayClass ref: " + ref);
        }
        conditions = List.copyOf(conditions);
    }

    /** Not Accepted. */
    @Override
    public boolean isProblem() {
        return !StatusCondition.isTrue(conditions, StatusCondition.ACCEPTED);
    }

    @Override
    public String currentStatus() {
        return isProblem() ? ObjectStatus.INVALID : ObjectStatus.VALID;
    }

    /** The Accepted condition's message. */
    @Override
    public String description() {
        return StatusCondition.find(conditions, StatusCondition.ACCEPTED).map(StatusCondition::message).orElse("");
    }
}
