package io.contourcore.dag.gatewayapi;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.TCPRoute;
import io.contourcore.model.TLSRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * TLSRoute and TCPRoute rules on one Gateway listener, as upstream's {@code computeTLSRouteForListener} and
 * {@code computeTCPRouteForListener} program them (internal/dag/gatewayapi_processor.go, v1.33.6): a rule's backends
 * become one TCP proxy over weighted clusters. A TLSRoute's proxy serves each of its hosts as a secure virtual host
 * (the SNI), encrypted end to end on a Passthrough listener or behind the listener's certificate on a Terminate
 * one. A TCPRoute has exactly one rule; its proxy takes the whole TCP listener, or every SNI ({@code *}) of a
 * terminating TLS listener.
 *
 * <pre>{@code
 * StreamRouteRules.computeTls(ctx, tlsRoute, parent, listener, Set.of("db.example.com"));
 * StreamRouteRules.computeTcp(ctx, tcpRoute, parent, listener);
 * }</pre>
 */
public final class StreamRouteRules {

    public static final String VALID_BACKEND_REFS = "ValidBackendRefs";
    public static final String ALL_BACKEND_REFS_HAVE_ZERO_WEIGHTS = "AllBackendRefsHaveZeroWeights";

    private StreamRouteRules() {}

    /** Upstream's computeTLSRouteForListener; a later rule's proxy replaces an earlier one's on a host, as upstream's does. */
    public static void computeTls(BuildContext ctx, TLSRoute route, StatusRecorder.ParentEntry parent, ListenerInfo listener,
            Set<String> hosts) {
        for (TLSRoute.StreamRule rule : route.rules()) {
            Dag.TcpProxy proxy = proxy(ctx, "TLSRoute", route.namespace(), rule.backendRefs(), parent);
            if (proxy == null) {
                continue;
            }
            for (String host : hosts) {
                secureVhost(ctx, listener, host).tcpProxy(proxy);
            }
        }
    }

    /** Upstream's computeTCPRouteForListener. */
    public static void computeTcp(BuildContext ctx, TCPRoute route, StatusRecorder.ParentEntry parent, ListenerInfo listener) {
        if (route.rules().size() != 1) {
            parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, "InvalidRouteRules",
                    "TCPRoute must have only a single rule defined");
            return;
        }
        Dag.TcpProxy proxy = proxy(ctx, "TCPRoute", route.namespace(), route.rules().get(0).backendRefs(), parent);
        if (proxy == null) {
            return;
        }
        if (listener.tlsSecret() != null) {
            secureVhost(ctx, listener, "*").tcpProxy(proxy);
        } else {
            dagListener(ctx, listener).tcpProxy(proxy);
        }
    }

    /** Upstream's resolveRouteRefs for a TLSRoute (or TCPRoute) no listener of this parent takes. */
    public static void resolveRefs(BuildContext ctx, String kind, String namespace, List<TLSRoute.StreamRule> rules,
            StatusRecorder.ParentEntry parent) {
        for (TLSRoute.StreamRule rule : rules) {
            for (GatewayApi.BackendRef b : rule.backendRefs()) {
                HTTPRouteRules.report(parent, BackendRefs.validate(ctx, b, BackendRefs.RULE_FIELD, kind, namespace));
            }
        }
    }

    /** A rule's valid backends as one TCP proxy; null (with the reason on the status) when there is nothing to proxy to. */
    private static Dag.TcpProxy proxy(BuildContext ctx, String kind, String namespace, List<GatewayApi.BackendRef> refs,
            StatusRecorder.ParentEntry parent) {
        if (refs.isEmpty()) {
            parent.addCondition(StatusCondition.RESOLVED_REFS, StatusCondition.FALSE, BackendRefs.DEGRADED,
                    "At least one Spec.Rules.BackendRef must be specified.");
            return null;
        }
        List<Dag.Cluster> clusters = new ArrayList<>();
        long total = 0;
        for (GatewayApi.BackendRef ref : refs) {
            BackendRefs.Result svc = BackendRefs.validate(ctx, ref, BackendRefs.RULE_FIELD, kind, namespace);
            if (!svc.ok()) {
                HTTPRouteRules.report(parent, svc);
                continue;
            }
            total += ref.weight();
            // upstream leaves the protocol unset; an ExternalName backend is reached by its name, so that is the SNI sent
            clusters.add(BackendRefs.routeCluster(ctx, svc.service(), ref.weight()).protocol("").sni(svc.service().externalName())
                    .build());
        }
        if (clusters.isEmpty()) {
            return null;
        }
        if (total == 0) {
            parent.addCondition(VALID_BACKEND_REFS, StatusCondition.FALSE, ALL_BACKEND_REFS_HAVE_ZERO_WEIGHTS,
                    "At least one Spec.Rules.BackendRef must have a non-zero weight.");
            return null;
        }
        return new Dag.TcpProxy(clusters);
    }

    private static BuildContext.SecureVhostBuilder secureVhost(BuildContext ctx, ListenerInfo listener, String host) {
        BuildContext.SecureVhostBuilder svh = dagListener(ctx, listener).ensureSecureVirtualHost(host);
        if (listener.tlsSecret() != null) {
            svh.secret(listener.tlsSecret());
        }
        return svh;
    }

    private static BuildContext.ListenerBuilder dagListener(BuildContext ctx, ListenerInfo listener) {
        return ctx.listener(listener.dagListenerName()).orElseThrow(() -> new IllegalStateException(
                "no DAG listener " + listener.dagListenerName() + " for Gateway listener " + listener.name()));
    }
}
