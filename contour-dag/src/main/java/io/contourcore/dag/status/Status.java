package io.contourcore.dag.status;

import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;

/**
 * The status one object gets from a build, in the shape its kind has in Kubernetes: {@link ObjectStatus} for
 * HTTPProxy, Ingress and ExtensionService (upstream's {@code Valid} condition with sub-errors),
 * {@link GatewayClassStatus}, {@link GatewayStatus}, {@link RouteStatus} and {@link PolicyStatus} (Gateway API,
 * {@code metav1.Condition}s).
 * Every shape answers the same three questions so that {@code --strict} and {@code contour status} need not know it:
 * its summary ({@code valid}, {@code invalid}, {@code orphaned}, {@code ignored}), a one-line description, and
 * whether it is a problem.
 *
 * <pre>{@code
 * for (Status s : result.status().problems()) {
 *     System.err.println(s.ref() + ": " + s.currentStatus() + ": " + s.description());
 * }
 * }</pre>
 */
public sealed interface Status permits ObjectStatus, GatewayClassStatus, GatewayStatus, RouteStatus, PolicyStatus {

    ObjectRef ref();

    /** {@link ObjectStatus#VALID}, {@link ObjectStatus#INVALID}, {@link ObjectStatus#ORPHANED} or {@link ObjectStatus#IGNORED}. */
    String currentStatus();

    /** One line saying why the object has its current status. */
    String description();

    /** Whether {@code --strict} and {@code contour status} fail on this object. */
    boolean isProblem();

    /** The status shape each kind has; the kind of a status's ref always tells its record type. */
    enum Shape {
        /** {@link ObjectStatus}: HTTPProxy, Ingress, ExtensionService and the other kinds with a Valid condition. */
        OBJECT,
        GATEWAY_CLASS,
        GATEWAY,
        /** {@link RouteStatus}: HTTPRoute, GRPCRoute, TLSRoute, TCPRoute. */
        ROUTE,
        /** {@link PolicyStatus}: BackendTLSPolicy. */
        POLICY;

        public static Shape of(Kind kind) {
            return switch (kind) {
                case GATEWAY_CLASS -> GATEWAY_CLASS;
                case GATEWAY -> GATEWAY;
                case HTTP_ROUTE, GRPC_ROUTE, TLS_ROUTE, TCP_ROUTE -> ROUTE;
                case BACKEND_TLS_POLICY -> POLICY;
                default -> OBJECT;
            };
        }
    }
}
