package io.contourcore.model;

import java.util.List;

/**
 * A {@code gateway.networking.k8s.io/v1alpha2} TCPRoute: connections to a TCP listener (or to a terminating TLS
 * listener) go to the rule's backends. Contour programs a TCPRoute with exactly one rule.
 *
 * <pre>{@code
 * TCPRoute r = resources.get(Kind.TCP_ROUTE, "apps", "db", TCPRoute.class).orElseThrow();
 * r.rules().get(0).backendRefs().get(0).port(); // 5432
 * }</pre>
 */
public record TCPRoute(ObjectMeta metadata, List<GatewayApi.ParentRef> parentRefs, List<TLSRoute.StreamRule> rules)
        implements K8sObject {

    public TCPRoute {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        parentRefs = GatewayApi.list(parentRefs);
        rules = GatewayApi.list(rules);
    }

    @Override
    public Kind kind() {
        return Kind.TCP_ROUTE;
    }
}
