package io.contourcore.dag.status;

/**
 * One error or warning inside a condition, as upstream's {@code SubCondition}: type, reason and message.
 *
 * <pre>{@code
 * new SubCondition("ServiceError", "ServiceUnresolvedReference", "Spec.Routes unresolved service reference: ...");
 * }</pre>
 */
public record SubCondition(String type, String reason, String message) {
    public SubCondition {
        if (type == null || reason == null || message == null) {
            throw new IllegalArgumentException("type, reason and message are required");
        }
    }
}
