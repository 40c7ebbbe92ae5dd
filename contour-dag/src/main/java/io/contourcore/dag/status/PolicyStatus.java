package io.contourcore.dag.status;

import io.contourcore.model.ObjectRef;
import java.util.List;

/**
 * The status of a BackendTLSPolicy: one {@link PolicyAncestorStatus} per ancestor (Gateway API's
 * {@code status.ancestors}). Upstream Contour writes it only when an HTTPRoute backend reaches the policy, so a policy
 * whose target no route uses has no status at all.
 *
 * <pre>{@code
 * PolicyStatus p = result.status().policy(new ObjectRef(Kind.BACKEND_TLS_POLICY, "apps", "tls")).orElseThrow();
 * p.ancestors().get(0).conditions(); // [Accepted True Accepted "Accepted BackendTLSPolicy"]
 * }</pre>
 */
public record PolicyStatus(ObjectRef ref, List<PolicyAncestorStatus> ancestors) implements Status {

    public PolicyStatus {
        if (ref == null || Shape.of(ref.kind()) != Shape.POLICY) {
            throw new IllegalArgumentException("a policy status needs a BackendTLSPolicy ref: " + ref);
        }
        ancestors = List.copyOf(ancestors);
        if (ancestors.stream().map(PolicyAncestorStatus::ancestorRef).distinct().count() != ancestors.size()) {
            throw new IllegalArgumentException("one status per ancestorRef: " + ref);
        }
    }

    /** Any ancestor through which the policy is not Accepted. */
    @Override
    public boolean isProblem() {
        return ancestors.stream().anyMatch(PolicyAncestorStatus::isProblem);
    }

    @Override
    public String currentStatus() {
        return isProblem() ? ObjectStatus.INVALID : ObjectStatus.VALID;
    }

    /** The Accepted message of the first problem ancestor, else of the first ancestor. */
    @Override
    public String description() {
        PolicyAncestorStatus a = ancestors.stream().filter(PolicyAncestorStatus::isProblem).findFirst()
                .orElse(ancestors.isEmpty() ? null : ancestors.get(0));
        return a == null ? "" : StatusCondition.find(a.conditions(), StatusCondition.ACCEPTED)
                .map(StatusCondition::message).orElse("");
    }
}
