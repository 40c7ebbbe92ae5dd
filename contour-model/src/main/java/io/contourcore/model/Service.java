package io.contourcore.model;

import java.util.List;
import java.util.Optional;

/**
 * A {@code v1} Service: its type, ExternalName target and ports.
 *
 * <pre>{@code
 * Service s = new Service(ObjectMeta.of("default", "kuard"), "ClusterIP", null,
 *         List.of(new Service.Port("http", "TCP", 80, IntOrString.of(8080), null)));
 * s.port(80).orElseThrow().name(); // "http"
 * }</pre>
 */
public record Service(ObjectMeta metadata, String type, String externalName, List<Port> ports) implements K8sObject {

    /** One {@code spec.ports[]} entry; protocol defaults to TCP as Kubernetes defaults it. */
    public record Port(String name, String protocol, int port, IntOrString targetPort, String appProtocol) {
        public Port {
            name = name == null ? "" : name;
            protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be in 1-65535, got " + port);
            }
            targetPort = targetPort == null ? IntOrString.of(port) : targetPort;
            appProtocol = appProtocol == null ? "" : appProtocol;
        }
    }

    public Service {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        type = type == null || type.isEmpty() ? "ClusterIP" : type;
        externalName = externalName == null ? "" : externalName;
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    @Override
    public Kind kind() {
        return Kind.SERVICE;
    }

    /** Whether this is an {@code ExternalName} Service. */
    public boolean isExternalName() {
        return "ExternalName".equals(type);
    }

    /** The port with this number. */
    public Optional<Port> port(int number) {
        return ports.stream().filter(p -> p.port() == number).findFirst();
    }

    /** The port with this name. */
    public Optional<Port> port(String name) {
        return ports.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
