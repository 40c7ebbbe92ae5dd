package io.contourcore.model;

import java.util.List;
import java.util.Map;

/**
 * A {@code gateway.networking.k8s.io/v1} Gateway: listeners a class's controller programs, with the API server's
 * defaults ({@code allowedRoutes.namespaces.from: Same}, {@code tls.mode: Terminate}, certificate refs of kind Secret).
 *
 * <pre>{@code
 * Gateway gw = resources.get(Kind.GATEWAY, "projectcontour", "contour", Gateway.class).orElseThrow();
 * gw.listeners().get(0).port(); // 80
 * }</pre>
 *
 * @param addresses the addresses {@code spec.addresses} asks for
 * @param infrastructure labels, annotations and parameters for what the controller creates, or null when unwritten
 * @param statusAddresses the addresses the cluster assigned ({@code status.addresses}): empty in hand-written
 *     input, present in what {@code kubectl get -o yaml} or a live cluster gives; upstream's Programmed condition
 *     compares them with {@code spec.addresses}
 */
public record Gateway(ObjectMeta metadata, String gatewayClassName, List<Listener> listeners, List<Address> addresses,
                      Infrastructure infrastructure, List<Address> statusAddresses) implements K8sObject {

    /**
     * One listener.
     *
     * @param tls null when unwritten (HTTP, TCP and UDP listeners must not have it)
     * @param allowedRoutes which routes may attach, defaulted to routes of the Gateway's namespace
     */
    public record Listener(String name, String hostname, int port, String protocol, Tls tls, AllowedRoutes allowedRoutes) {
        public Listener {
            name = GatewayApi.text(name);
            hostname = GatewayApi.text(hostname);
            port = GatewayApi.checkedPort(port, "listener port");
            protocol = GatewayApi.text(protocol);
            allowedRoutes = allowedRoutes == null ? AllowedRoutes.SAME_NAMESPACE : allowedRoutes;
        }
    }

    /** A listener's {@code tls}: {@code Terminate} or {@code Passthrough}, certificates and implementation options. */
    public record Tls(String mode, List<GatewayApi.ObjectReference> certificateRefs, Map<String, String> options) {
        public Tls {
            mode = mode == null || mode.isEmpty() ? "Terminate" : mode;
            certificateRefs = GatewayApi.list(certificateRefs);
            options = GatewayApi.map(options);
        }
    }

    /** @param kinds the route kinds allowed, empty for the listener protocol's defaults */
    public record AllowedRoutes(RouteNamespaces namespaces, List<RouteGroupKind> kinds) {
        public static final AllowedRoutes SAME_NAMESPACE = new AllowedRoutes(RouteNamespaces.SAME, List.of());

        public AllowedRoutes {
            namespaces = namespaces == null ? RouteNamespaces.SAME : namespaces;
            kinds = GatewayApi.list(kinds);
        }
    }

    /**
     * @param from {@code Same}, {@code All} or {@code Selector}
     * @param selector the namespaces' labels when {@code from} is Selector, else null
     */
    public record RouteNamespaces(String from, GatewayApi.LabelSelector selector) {
        public static final RouteNamespaces SAME = new RouteNamespaces("Same", null);

        public RouteNamespaces {
            from = from == null || from.isEmpty() ? "Same" : from;
        }
    }

    public record RouteGroupKind(String group, String kind) {
        public RouteGroupKind {
            group = GatewayApi.text(group);
            kind = GatewayApi.text(kind);
        }
    }

    /** A requested address: {@code type} IPAddress (the default), Hostname or an implementation's. */
    public record Address(String type, String value) {
        public Address {
            type = type == null || type.isEmpty() ? "IPAddress" : type;
            value = GatewayApi.text(value);
        }
    }

    /** @param parametersRef null when unwritten */
    public record Infrastructure(Map<String, String> labels, Map<String, String> annotations,
                                 GatewayApi.ObjectReference parametersRef) {
        public Infrastructure {
            labels = GatewayApi.map(labels);
            annotations = GatewayApi.map(annotations);
        }
    }

    public Gateway {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        gatewayClassName = GatewayApi.text(gatewayClassName);
        listeners = GatewayApi.list(listeners);
        addresses = GatewayApi.list(addresses);
        statusAddresses = GatewayApi.list(statusAddresses);
    }

    /**
     * Upstream's {@code isAddressAssigned}: a Gateway asking for no address has what it asked for; otherwise one of
     * its requested addresses must be among the assigned ones, type and value alike.
     */
    public boolean addressAssigned() {
        return addresses.isEmpty() || addresses.stream().anyMatch(statusAddresses::contains);
    }

    @Override
    public Kind kind() {
        return Kind.GATEWAY;
    }
}
