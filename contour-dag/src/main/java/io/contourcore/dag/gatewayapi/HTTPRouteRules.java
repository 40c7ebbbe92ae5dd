package io.contourcore.dag.gatewayapi;

import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.HTTPRoute;
import java.util.Set;

/**
 * An HTTPRoute's rules on one Gateway listener (upstream's {@code computeHTTPRouteForListener}).
 *
 * <p>Placeholder: the {@code gw-httproute} branch replaces this class with the translation of matches, filters and
 * backendRefs. Until then an attached route adds no routes, so its hosts are left without routes and pruned.
 *
 * <pre>{@code
 * HTTPRouteRules.compute(ctx, route, parentStatus, parentRef, listener, Set.of("www.example.com"));
 * }</pre>
 */
public final class HTTPRouteRules {

    private HTTPRouteRules() {}

    /** upstream computeHTTPRouteForListener: adds the route's rules to the listener's (secure) virtual hosts for each host. */
    public static void compute(BuildContext ctx, HTTPRoute route, StatusRecorder.ParentEntry parent,
                               GatewayApi.ParentRef parentRef, ListenerInfo listener, Set<String> hosts) {
        // Intentionally empty: replaced by the gw-httproute branch.
    }
}
