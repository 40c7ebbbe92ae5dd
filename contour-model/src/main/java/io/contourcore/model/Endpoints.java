package io.contourcore.model;

import java.util.List;

/**
 * A {@code v1} Endpoints object. Upstream Contour reads EndpointSlices only since v1.31; we accept Endpoints too and
 * treat each subset like a slice, so older manifests still get addresses.
 *
 * <pre>{@code
 * new Endpoints(ObjectMeta.of("default", "kuard"), List.of(new Endpoints.Subset(
 *         List.of(new Endpoints.Address("10.0.0.1")), List.of(),
 *         List.of(new Endpoints.Port("http", 8080, "TCP")))));
 * }</pre>
 */
public record Endpoints(ObjectMeta metadata, List<Subset> subsets) implements K8sObject {

    public record Address(String ip) {
        public Address {
            if (ip == null || ip.isEmpty()) {
                throw new IllegalArgumentException("ip is required");
            }
        }
    }

    public record Port(String name, int port, String protocol) {
        public Port {
            name = name == null ? "" : name;
            protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
        }
    }

    public record Subset(List<Address> addresses, List<Address> notReadyAddresses, List<Port> ports) {
        public Subset {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            notReadyAddresses = notReadyAddresses == null ? List.of() : List.copyOf(notReadyAddresses);
            ports = ports == null ? List.of() : List.copyOf(ports);
        }
    }

    public Endpoints {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        subsets = subsets == null ? List.of() : List.copyOf(subsets);
    }

    @Override
    public Kind kind() {
        return Kind.ENDPOINTS;
    }
}
