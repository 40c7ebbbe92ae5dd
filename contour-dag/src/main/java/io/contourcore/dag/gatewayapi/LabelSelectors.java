package io.contourcore.dag.gatewayapi;

import io.contourcore.model.GatewayApi;
import java.util.Map;

/**
 * Kubernetes label selectors ({@code metav1.LabelSelectorAsSelector} and {@code Matches}): every
 * {@code matchLabels} pair must be a label, and every expression hold: {@code In} and {@code NotIn} over
 * {@code values}, {@code Exists}, {@code DoesNotExist}.
 *
 * <pre>{@code
 * LabelSelectors.matches(selector, Map.of("team", "a")); // true when the selector asks for team=a
 * }</pre>
 */
final class LabelSelectors {

    private LabelSelectors() {}

    /** Why the selector cannot be used, as Kubernetes words it, or null. */
    static String error(GatewayApi.LabelSelector s) {
        for (GatewayApi.Requirement r : s.matchExpressions()) {
            switch (r.operator()) {
                case "In", "NotIn" -> {
                    if (r.values().isEmpty()) {
                        return "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty";
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (!r.values().isEmpty()) {
                        return "values: Invalid value: " + goStrings(r.values())
                                + ": values set must be empty for exists and does not exist";
                    }
                }
                default -> {
                    return "\"" + r.operator() + "\" is not a valid label selector operator";
                }
            }
        }
        return null;
    }

    static boolean matches(GatewayApi.LabelSelector s, Map<String, String> labels) {
        for (Map.Entry<String, String> e : s.matchLabels().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (GatewayApi.Requirement r : s.matchExpressions()) {
            String v = labels.get(r.key());
            boolean ok = switch (r.operator()) {
                case "In" -> v != null && r.values().contains(v);
                case "NotIn" -> v == null || !r.values().contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String goStrings(java.util.List<String> values) {
        return "[]string{" + String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList()) + "}";
    }
}
