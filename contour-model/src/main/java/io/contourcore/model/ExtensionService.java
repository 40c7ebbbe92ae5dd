package io.contourcore.model;

import java.util.List;

/**
 * A {@code projectcontour.io/v1alpha1} ExtensionService: a gRPC (or HTTP) service in the same namespace that Envoy
 * calls, e.g. for external authorization. It becomes the cluster {@code extension/<namespace>/<name>}.
 *
 * <pre>{@code
 * ExtensionService auth = new ExtensionService(ObjectMeta.of("auth", "authz"), new ExtensionService.Spec(
 *         List.of(new ExtensionService.Target("authz", 9443, 0)), null, "h2c", null, null, "", null));
 * }</pre>
 */
public record ExtensionService(ObjectMeta metadata, Spec spec) implements K8sObject {

    public ExtensionService {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        spec = spec == null ? new Spec(List.of(), null, null, null, null, "", null) : spec;
    }

    @Override
    public Kind kind() {
        return Kind.EXTENSION_SERVICE;
    }

    /**
     * {@code spec}; {@code protocol} ({@code h2} or {@code h2c}) is null when not written, {@code protocolVersion} is
     * {@code v3} or empty, the policies are null when absent.
     */
    public record Spec(List<Target> services, HTTPProxy.UpstreamValidation validation, String protocol,
            HTTPProxy.LoadBalancerPolicy loadBalancerPolicy, HTTPProxy.TimeoutPolicy timeoutPolicy,
            String protocolVersion, CircuitBreakers circuitBreakerPolicy) {
        public Spec {
            services = services == null ? List.of() : List.copyOf(services);
            protocolVersion = protocolVersion == null ? "" : protocolVersion;
        }
    }

    /** {@code services[]}: a Service in the ExtensionService's namespace, by port number, with a weight. */
    public record Target(String name, int port, long weight) {
        public Target {
            name = name == null ? "" : name;
        }
    }

    /** {@code circuitBreakerPolicy}; 0 means unset. */
    public record CircuitBreakers(long maxConnections, long maxPendingRequests, long maxRequests, long maxRetries,
            long perHostMaxConnections) {}
}
