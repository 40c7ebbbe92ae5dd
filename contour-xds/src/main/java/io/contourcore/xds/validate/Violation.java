package io.contourcore.xds.validate;

import java.util.Objects;

/**
 * One rule an Envoy resource breaks: which resource, where in it, which rule, and why.
 *
 * <pre>{@code
 * Violation v = new Violation("envoy.config.listener.v3.Listener", "ingress_http",
 *         "filter_chains[0].filters[0].typed_config.http_filters[2].name", "string.min_len",
 *         "value length must be at least 1 characters");
 * v.toString(); // envoy.config.listener.v3.Listener ingress_http: filter_chains[0]...name: string.min_len: value length ...
 * }</pre>
 *
 * <p>{@code path} uses proto field names; repeated fields carry {@code [index]}, maps {@code ["key"]} (string keys)
 * or {@code [key]}, and the fields of a message packed in an {@code Any} follow the {@code Any} field directly. An
 * empty path means the resource as a whole. {@code rule} names the protoc-gen-validate option (as in
 * {@code (validate.rules).string.min_len}) or, for checks Envoy makes beyond those options, a name starting with
 * {@code envoy.}.
 */
public record Violation(String resourceType, String resourceName, String path, String rule, String message) {

    public Violation {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        if (resourceType.isEmpty() || rule.isEmpty()) {
            throw new IllegalArgumentException("a violation needs a resource type and a rule");
        }
    }

    /** {@code TYPE NAME: PATH: RULE: message}; an unnamed resource shows as {@code -}, the whole resource as {@code .}. */
    @Override
    public String toString() {
        return resourceType + " " + (resourceName.isEmpty() ? "-" : resourceName) + ": "
                + (path.isEmpty() ? "." : path) + ": " + rule + ": " + message;
    }
}
