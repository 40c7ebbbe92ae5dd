package io.contourcore.dag.gatewayapi;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.ClusterDefaults;
import io.contourcore.dag.kernel.Lookup;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.GoQuote;
import io.contourcore.model.IntOrString;
import io.contourcore.model.Timeout;
import java.util.Set;

/**
 * Upstream's {@code validateBackendObjectRef}: whether a route's reference to a backend (a rule's backendRef, a
 * mirror's backendRef) names a usable Service port, and if not, the {@code ResolvedRefs} False condition the route
 * gets, with upstream's reason and message. A reference into another namespace needs a ReferenceGrant there.
 *
 * <pre>{@code
 * BackendRefs.Result r = BackendRefs.validate(ctx, ref, BackendRefs.RULE_FIELD, "HTTPRoute", "apps");
 * if (!r.ok()) parent.addCondition("ResolvedRefs", "False", r.reason(), r.message());
 * }</pre>
 */
public final class BackendRefs {

    /** The field a rule's backendRef is named by in messages. */
    public static final String RULE_FIELD = "Spec.Rules.BackendRef";
    /** The field a RequestMirror filter's backendRef is named by in messages. */
    public static final String MIRROR_FIELD = "Spec.Rules.Filters.RequestMirror.BackendRef";

    // Reasons of a ResolvedRefs False condition (gateway-api apis/v1 and Contour's internal/status).
    public static final String INVALID_KIND = "InvalidKind";
    public static final String DEGRADED = "Degraded";
    public static final String REF_NOT_PERMITTED = "RefNotPermitted";
    public static final String BACKEND_NOT_FOUND = "BackendNotFound";
    public static final String UNSUPPORTED_PROTOCOL = "UnsupportedProtocol";

    /** The appProtocols upstream's {@code toContourProtocol} knows; anything else is UnsupportedProtocol. */
    private static final Set<String> KNOWN_APP_PROTOCOLS = Set.of("", "kubernetes.io/ws", "kubernetes.io/h2c", "http", "https");

    private BackendRefs() {}

    /** The Service a reference resolved to, or why it did not (a ResolvedRefs False reason and message). */
    public record Result(Dag.Service service, String reason, String message) {
        public boolean ok() {
            return service != null;
        }

        static Result fail(String reason, String message) {
            return new Result(null, reason, message);
        }
    }

    /**
     * A route backend's cluster as every route kind starts it (upstream's httpClusters, grpcClusters, TLS and TCP
     * proxies): the Service weighted, the configured connect timeout and connection limits.
     */
    public static Dag.Cluster.Builder routeCluster(BuildContext ctx, Dag.Service s, int weight) {
        Dag.WeightedService w = s.weighted();
        Dag.Service weighted = new Dag.Service(new Dag.WeightedService(weight, w.serviceNamespace(), w.serviceName(),
                w.servicePort(), w.healthPort()), s.protocol(), s.circuitBreakers(), s.externalName());
        return Dag.Cluster.builder(weighted).weight(weight)
                .timeoutPolicy(new Dag.ClusterTimeoutPolicy(Timeout.UNSET, ClusterDefaults.connectTimeout(ctx.config())))
                .connectionLimits(ctx.config().cluster().maxRequestsPerConnection(),
                        ctx.config().cluster().perConnectionBufferLimitBytes());
    }

    /**
     * Checks {@code ref} as upstream does, in its order: group, kind, name, port, cross-namespace permission, then
     * the Service port itself (global circuit-breaker defaults applied) and its appProtocol.
     *
     * @param field how messages name the reference ({@link #RULE_FIELD}, {@link #MIRROR_FIELD})
     * @param routeKind the referring route's kind name, as ReferenceGrants list it
     */
    public static Result validate(BuildContext ctx, GatewayApi.BackendRef ref, String field, String routeKind,
            String routeNamespace) {
        if (!ref.group().isEmpty()) {
            return Result.fail(INVALID_KIND, field + ".Group must be \"\"");
        }
        if (!ref.kind().equals("Service")) {
            return Result.fail(INVALID_KIND, field + ".Kind must be 'Service'");
        }
        if (ref.name().isEmpty()) {
            return Result.fail(DEGRADED, field + ".Name must be specified");
        }
        if (ref.port() == 0) {
            return Result.fail(DEGRADED, field + ".Port must be specified");
        }
        String namespace = ref.namespace().isEmpty() ? routeNamespace : ref.namespace();
        if (!namespace.equals(routeNamespace) && !ReferenceGrants.permits(ctx.resources(),
                new ReferenceGrants.From(GatewayApi.GROUP, routeKind, routeNamespace),
                new ReferenceGrants.To("", "Service", namespace, ref.name()))) {
            return Result.fail(REF_NOT_PERMITTED,
                    field + ".Namespace must match the route's namespace or be covered by a ReferenceGrant");
        }
        Lookup<Dag.Service> svc = ctx.ensureService(namespace, ref.name(), IntOrString.of(ref.port()), ref.port());
        if (!svc.ok()) {
            return Result.fail(BACKEND_NOT_FOUND, "service " + GoQuote.q(ref.name()) + " is invalid: " + svc.error());
        }
        Dag.Service service = ClusterDefaults.withGlobalCircuitBreakers(svc.value(), ctx.config());
        String appProtocol = service.port().appProtocol();
        if (!KNOWN_APP_PROTOCOLS.contains(appProtocol)) {
            return Result.fail(UNSUPPORTED_PROTOCOL, "AppProtocol: \"" + appProtocol + "\" is unsupported");
        }
        return new Result(service, null, null);
    }
}
