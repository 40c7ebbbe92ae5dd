package io.contourcore.model;

import java.util.List;

/**
 * A {@code gateway.networking.k8s.io/v1alpha2} TLSRoute: TLS connections whose SNI is one of {@code hostnames} go,
 * still encrypted (Passthrough listener) or decrypted (Terminate listener), to the rules' backends. BackendRefs are
 * core Services with weight 1 unless written.
 *
 * <pre>{@code
 * TLSRoute r = resources.get(Kind.TLS_ROUTE, "apps", "db", TLSRoute.class).orElseThrow();
 * r.hostnames(); // [db.example.com]
 * }</pre>
 */
public record TLSRoute(ObjectMeta metadata, List<GatewayApi.ParentRef> parentRefs, List<String> hostnames,
                       List<StreamRule> rules) implements K8sObject {

    public TLSRoute {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        parentRefs = GatewayApi.list(parentRefs);
        hostnames = GatewayApi.list(hostnames);
        rules = GatewayApi.list(rules);
    }

    /** A TLSRoute's or TCPRoute's rule: a name and the backends connections are spread over by weight. */
    public record StreamRule(String name, List<GatewayApi.BackendRef> backendRefs) {
        public StreamRule {
            name = GatewayApi.text(name);
            backendRefs = GatewayApi.list(backendRefs);
        }
    }

    @Override
    public Kind kind() {
        return Kind.TLS_ROUTE;
    }
}
