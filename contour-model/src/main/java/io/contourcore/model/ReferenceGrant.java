package io.contourcore.model;

import java.util.List;

/**
 * A {@code gateway.networking.k8s.io/v1beta1} ReferenceGrant: lets objects of the {@code from} kinds in other
 * namespaces refer to the {@code to} objects of this one.
 *
 * <pre>{@code
 * new ReferenceGrant(ObjectMeta.of("backends", "allow-routes"),
 *         List.of(new ReferenceGrant.From("gateway.networking.k8s.io", "HTTPRoute", "apps")),
 *         List.of(new ReferenceGrant.To("", "Service", "")));
 * }</pre>
 */
public record ReferenceGrant(ObjectMeta metadata, List<From> from, List<To> to) implements K8sObject {

    public record From(String group, String kind, String namespace) {
        public From {
            group = GatewayApi.text(group);
            kind = GatewayApi.text(kind);
            namespace = GatewayApi.text(namespace);
        }
    }

    /** @param name one object, or {@code ""} for every object of the kind */
    public record To(String group, String kind, String name) {
        public To {
            group = GatewayApi.text(group);
            kind = GatewayApi.text(kind);
            name = GatewayApi.text(name);
        }
    }

    public ReferenceGrant {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        from = GatewayApi.list(from);
        to = GatewayApi.list(to);
    }

    @Override
    public Kind kind() {
        return Kind.REFERENCE_GRANT;
    }
}
