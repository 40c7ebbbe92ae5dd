package io.contourcore.dag.gatewayapi;

import io.contourcore.dag.Dag;
import io.contourcore.model.Gateway;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.Kind;
import java.util.List;

/**
 * What the Gateway's listener step learned about one Gateway listener, handed to each route kind's rules (upstream's
 * {@code listenerInfo} in internal/dag/gatewayapi_processor.go): the listener as written, the DAG listener it maps to
 * ({@code http-80}, {@code https-443}, ... several Gateway listeners on one port share one), the route kinds it
 * allows, the namespaces it admits routes from, its TLS certificate when it terminates TLS, and whether it is ready
 * (valid and, for HTTPS, with a usable certificate). Routes attach only to ready listeners.
 *
 * <pre>{@code
 * ListenerInfo l = new ListenerInfo(listener, "http-80", List.of(Kind.HTTP_ROUTE), null, null, true);
 * l.allowsKind(Kind.HTTP_ROUTE); // true
 * }</pre>
 *
 * @param namespaceSelector the selector of {@code allowedRoutes.namespaces} when {@code from} is Selector, else null
 * @param tlsSecret the certificate of an HTTPS or terminating TLS listener, else null
 */
public record ListenerInfo(Gateway.Listener listener, String dagListenerName, List<Kind> allowedKinds,
                           GatewayApi.LabelSelector namespaceSelector, Dag.Secret tlsSecret, boolean ready) {

    public ListenerInfo {
        if (listener == null) {
            throw new IllegalArgumentException("listener is required");
        }
        dagListenerName = dagListenerName == null ? "" : dagListenerName;
        allowedKinds = List.copyOf(allowedKinds);
    }

    public String name() {
        return listener.name();
    }

    public boolean allowsKind(Kind kind) {
        return allowedKinds.contains(kind);
    }
}
