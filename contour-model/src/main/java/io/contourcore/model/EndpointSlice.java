package io.contourcore.model;

import java.util.List;

/**
 * A {@code discovery.k8s.io/v1} EndpointSlice. The owning Service is named by the
 * {@code kubernetes.io/service-name} label, as Kubernetes sets it.
 *
 * <pre>{@code
 * slice.serviceName(); // "kuard"
 * }</pre>
 */
public record EndpointSlice(ObjectMeta metadata, String addressType, List<Endpoint> endpoints, List<Port> ports)
        implements K8sObject {

    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    /** {@code conditions}: null means unknown, which Kubernetes says to treat as ready. */
    public record Conditions(Boolean ready, Boolean serving, Boolean terminating) {
        public static final Conditions UNKNOWN = new Conditions(null, null, null);
    }

    public record Endpoint(List<String> addresses, Conditions conditions) {
        public Endpoint {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            conditions = conditions == null ? Conditions.UNKNOWN : conditions;
        }

        /** Upstream skips only endpoints whose ready condition is explicitly false. */
        public boolean ready() {
            return conditions.ready() == null || conditions.ready();
        }
    }

    /** A slice port; a null port number means "all ports", which Contour cannot use. */
    public record Port(String name, Integer port, String protocol) {
        public Port {
            name = name == null ? "" : name;
            protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
        }
    }

    public EndpointSlice {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        addressType = addressType == null ? "IPv4" : addressType;
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    @Override
    public Kind kind() {
        return Kind.ENDPOINT_SLICE;
    }

    /** The Service this slice belongs to, or empty when the label is missing. */
    public String serviceName() {
        String s = metadata.label(SERVICE_NAME_LABEL);
        return s == null ? "" : s;
    }
}
