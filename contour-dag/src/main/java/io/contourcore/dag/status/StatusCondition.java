package io.contourcore.dag.status;

import java.util.List;
import java.util.Optional;

/**
 * A Kubernetes {@code metav1.Condition} as Gateway API objects carry it: type, status ({@code True}, {@code False},
 * {@code Unknown}), reason, message and the generation it was computed for. We are pure, so there is no
 * {@code lastTransitionTime}.
 *
 * <pre>{@code
 * new StatusCondition("Accepted", "True", "Accepted", "Accepted HTTPRoute", 3);
 * }</pre>
 */
public record StatusCondition(String type, String status, String reason, String message, long observedGeneration) {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    // Condition types of the Gateway API shapes (sigs.k8s.io/gateway-api apis/v1).
    public static final String ACCEPTED = "Accepted";
    public static final String PROGRAMMED = "Programmed";
    public static final String RESOLVED_REFS = "ResolvedRefs";
    public static final String PARTIALLY_INVALID = "PartiallyInvalid";
    public static final String CONFLICTED = "Conflicted";
    public static final String SUPPORTED_VERSION = "SupportedVersion";

    public StatusCondition {
        if (type == null || type.isEmpty() || reason == null || reason.isEmpty()) {
            throw new IllegalArgumentException("type and reason are required");
        }
        if (!TRUE.equals(status) && !FALSE.equals(status) && !UNKNOWN.equals(status)) {
            throw new IllegalArgumentException("status must be True, False or Unknown, got " + status);
        }
        if (observedGeneration < 0) {
            throw new IllegalArgumentException("observedGeneration must not be negative");
        }
        message = message == null ? "" : message;
    }

    public boolean isTrue() {
        return status.equals(TRUE);
    }

    public boolean isFalse() {
        return status.equals(FALSE);
    }

    /** The condition of {@code type} in {@code conditions}; every shape holds at most one per type. */
    public static Optional<StatusCondition> find(List<StatusCondition> conditions, String type) {
        for (StatusCondition c : conditions) {
            if (c.type.equals(type)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code conditions} holds a {@code type} condition that is True. */
    static boolean isTrue(List<StatusCondition> conditions, String type) {
        return find(conditions, type).map(StatusCondition::isTrue).orElse(false);
    }
}
