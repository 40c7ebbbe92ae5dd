package io.contourcore.model;

import java.util.List;

/**
 * A {@code contour.heptio.com/v1beta1} IngressRoute: Heptio Contour's multi-team ingress API, which HTTPProxy replaced
 * (upstream read it until its 1.x line). Optional blocks are {@code null} when absent, optional strings empty, lists
 * never null; the decoder reports what the CRD's schema refuses.
 *
 * <pre>{@code
 * IngressRoute ir = new IngressRoute(ObjectMeta.of("default", "web"), new IngressRoute.Spec(
 *         IngressRoute.VirtualHost.of("web.example.com"),
 *         List.of(IngressRoute.Route.to("/", List.of(IngressRoute.Service.of("web", 80)))),
 *         null));
 * }</pre>
 */
public record IngressRoute(ObjectMeta metadata, Spec spec) implements K8sObject {

    public IngressRoute {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        spec = spec == null ? new Spec(null, List.of(), null) : spec;
    }

    @Override
    public Kind kind() {
        return Kind.INGRESS_ROUTE;
    }

    /** {@code spec}: a root has a virtualhost; a delegate has only routes or a tcpproxy. */
    public record Spec(VirtualHost virtualhost, List<Route> routes, TcpProxy tcpproxy) {
        public Spec {
            routes = list(routes);
        }
    }

    /** {@code spec.virtualhost}. */
    public record VirtualHost(String fqdn, Tls tls) {
        public VirtualHost {
            fqdn = str(fqdn);
        }

        public static VirtualHost of(String fqdn) {
            return new VirtualHost(fqdn, null);
        }
    }

    /**
     * {@code virtualhost.tls}: {@code secretName} is {@code name} or {@code namespace/name}; {@code passthrough} only
     * counts when no secret is named.
     */
    public record Tls(String secretName, String minimumProtocolVersion, boolean passthrough) {
        public Tls {
            secretName = str(secretName);
            minimumProtocolVersion = str(minimumProtocolVersion);
        }
    }

    /** {@code spec.routes[]}: a prefix {@code match} sent to services, or handed to another IngressRoute. */
    public record Route(String match, List<Service> services, Delegate delegate, boolean enableWebsockets,
            boolean permitInsecure, String prefixRewrite, TimeoutPolicy timeoutPolicy, RetryPolicy retryPolicy) {
        public Route {
            match = str(match);
            services = list(services);
            prefixRewrite = str(prefixRewrite);
        }

        public static Route to(String match, List<Service> services) {
            return new Route(match, services, null, false, false, "", null, null);
        }

        public static Route delegateTo(String match, Delegate delegate) {
            return new Route(match, List.of(), delegate, false, false, "", null, null);
        }
    }

    /** A backend: a Service port with its weight, load-balancing {@code strategy}, health check and TLS validation. */
    public record Service(String name, int port, long weight, String strategy, HealthCheck healthCheck,
            UpstreamValidation validation) {
        public Service {
            name = str(name);
            strategy = str(strategy);
        }

        public static Service of(String name, int port) {
            return new Service(name, port, 0, "", null, null);
        }
    }

    /** {@code services[].healthCheck}: an HTTP health check. */
    public record HealthCheck(String path, String host, long intervalSeconds, long timeoutSeconds,
            long unhealthyThresholdCount, long healthyThresholdCount) {
        public HealthCheck {
            path = str(path);
            host = str(host);
        }
    }

    /** {@code services[].validation}: the CA Secret and subject name to verify a TLS backend with. */
    public record UpstreamValidation(String caSecret, String subjectName) {
        public UpstreamValidation {
            caSecret = str(caSecret);
            subjectName = str(subjectName);
        }
    }

    /** {@code delegate}: another IngressRoute, in this namespace when none is named. */
    public record Delegate(String name, String namespace) {
        public Delegate {
            name = str(name);
            namespace = str(namespace);
        }
    }

    /** {@code routes[].timeoutPolicy}: {@code request} is, despite its name, the response timeout. */
    public record TimeoutPolicy(String request) {
        public TimeoutPolicy {
            request = str(request);
        }
    }

    /** {@code routes[].retryPolicy}. */
    public record RetryPolicy(long count, String perTryTimeout) {
        public RetryPolicy {
            perTryTimeout = str(perTryTimeout);
        }
    }

    /** {@code spec.tcpproxy}: services, or a delegate to another IngressRoute's tcpproxy. */
    public record TcpProxy(List<Service> services, Delegate delegate) {
        public TcpProxy {
            services = list(services);
        }
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
