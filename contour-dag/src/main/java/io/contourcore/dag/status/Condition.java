package io.contourcore.dag.status;

import java.util.List;

/**
 * A status condition as upstream's {@code DetailedCondition}: type (e.g. {@code Valid}), status True/False, reason,
 * message, and the errors and warnings behind it.
 *
 * <pre>{@code
 * Condition c = new Condition("Valid", "True", "Valid", "Valid HTTPProxy", List.of(), List.of());
 * }</pre>
 */
public record Condition(String type, String status, String reason, String message, List<SubCondition> errors,
        List<SubCondition> warnings) {
    public Condition {
        if (type == null || status == null || reason == null || message == null) {
            throw new IllegalArgumentException("type, status, reason and message are required");
        }
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }
}
