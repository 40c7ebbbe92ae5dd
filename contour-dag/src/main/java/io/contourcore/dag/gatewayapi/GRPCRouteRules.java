package io.contourcore.dag.gatewayapi;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.GoText;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.GRPCRoute;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.GoQuote;
import io.contourcore.model.HTTPRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A GRPCRoute's rules on one Gateway listener, as upstream's {@code computeGRPCRouteForListener} programs them
 * (internal/dag/gatewayapi_processor.go, v1.33.6): a method match becomes the exact path {@code /service/method}
 * (no method match: every path), header matches as HTTPRoute's, the rule's header modifiers and mirrors, and its
 * backends as weighted clusters spoken to over HTTP/2: {@code h2c} behind an HTTP listener, {@code h2} behind an
 * HTTPS one, unless the Service says otherwise. Upstream supports only Exact method matches; a RegularExpression
 * one is reported as {@code UnsupportedValue}, as upstream does.
 *
 * <pre>{@code
 * GRPCRouteRules.compute(ctx, route, parent, listener, Set.of("grpc.example.com"));
 * }</pre>
 */
public final class GRPCRouteRules {

    private static final String KIND = "GRPCRoute";
    public static final String INVALID_METHOD_MATCH = "InvalidMethodMatch";

    private GRPCRouteRules() {}

    /** Upstream's computeGRPCRouteForListener: adds the route's rules to the listener's (secure) virtual hosts. */
    public static void compute(BuildContext ctx, GRPCRoute route, StatusRecorder.ParentEntry parent, ListenerInfo listener,
            Set<String> hosts) {
        int invalidRules = 0;
        List<GRPCRoute.Rule> rules = route.rules();
        for (int ruleIndex = 0; ruleIndex < rules.size(); ruleIndex++) {
            Optional<List<Dag.Route>> routes = ruleRoutes(ctx, route, rules.get(ruleIndex), ruleIndex, parent, listener);
            if (routes.isEmpty()) {
                continue;
            }
            if (HTTPRouteRules.hasConflictRoute(ctx, listener, hosts, routes.get())) {
                invalidRules++;
                continue;
            }
            for (String host : hosts) {
                for (Dag.Route r : routes.get()) {
                    HTTPRouteRules.vhost(ctx, listener, host).addRoute(r);
                }
            }
        }
        HTTPRouteRules.conflictConditions(parent, KIND, invalidRules, rules.size());
    }

    /** Upstream's resolveRouteRefs for a GRPCRoute no listener of this parent takes: its references still checked. */
    public static void resolveRefs(BuildContext ctx, GRPCRoute route, StatusRecorder.ParentEntry parent) {
        for (GRPCRoute.Rule rule : route.rules()) {
            for (HTTPRoute.Filter f : rule.filters()) {
                if (f.type().equals("RequestMirror") && f.requestMirror() != null) {
                    HTTPRouteRules.report(parent, BackendRefs.validate(ctx, f.requestMirror().backendRef(),
                            BackendRefs.MIRROR_FIELD, KIND, route.namespace()));
                }
            }
            for (GatewayApi.BackendRef b : rule.backendRefs()) {
                HTTPRouteRules.report(parent, BackendRefs.validate(ctx, b, BackendRefs.RULE_FIELD, KIND, route.namespace()));
            }
        }
    }

    private static Optional<List<Dag.Route>> ruleRoutes(BuildContext ctx, GRPCRoute route, GRPCRoute.Rule rule, int ruleIndex,
            StatusRecorder.ParentEntry parent, ListenerInfo listener) {
        List<HTTPRouteRules.MatchConditions> matches = new ArrayList<>();
        for (GRPCRoute.Match m : rule.matches()) {
            Optional<Dag.PathMatch> path = methodMatch(m.method(), parent);
            if (path.isEmpty()) {
                continue;
            }
            GoText.Parsed<List<Dag.HeaderMatch>> headers = HTTPRouteRules.headerMatches(KIND, m.headers());
            if (!headers.ok()) {
                parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, HTTPRouteRules.UNSUPPORTED_VALUE, headers.error());
                continue;
            }
            matches.add(new HTTPRouteRules.MatchConditions(path.get(), headers.value(), List.of()));
        }
        if (rule.matches().isEmpty()) {
            matches.add(new HTTPRouteRules.MatchConditions(new Dag.PrefixMatch("/", Dag.PrefixType.STRING), List.of(), List.of()));
        }

        Dag.HeadersPolicy request = null;
        Dag.HeadersPolicy response = null;
        List<Dag.MirrorPolicy> mirrors = new ArrayList<>();
        for (HTTPRoute.Filter filter : rule.filters()) {
            switch (filter.type()) {
                case "RequestHeaderModifier" -> {
                    if (filter.requestHeaderModifier() != null && request == null) {
                        request = HTTPRouteRules.headers(filter.requestHeaderModifier(), true, parent);
                    }
                }
                case "ResponseHeaderModifier" -> {
                    if (filter.responseHeaderModifier() != null && response == null) {
                        response = HTTPRouteRules.headers(filter.responseHeaderModifier(), false, parent);
                    }
                }
                case "RequestMirror" -> {
                    if (filter.requestMirror() != null) {
                        BackendRefs.Result svc = BackendRefs.validate(ctx, filter.requestMirror().backendRef(),
                                BackendRefs.MIRROR_FIELD, KIND, route.namespace());
                        if (!svc.ok()) {
                            HTTPRouteRules.report(parent, svc);
                            continue;
                        }
                        // upstream's mirror cluster is the bare Service, its protocol defaulted to the listener's h2 flavour
                        Dag.Cluster c = Dag.Cluster.builder(defaultProtocol(svc.service(), listener)).protocol("").build();
                        mirrors.add(new Dag.MirrorPolicy(c, 100));
                    }
                }
                default -> parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, HTTPRouteRules.UNSUPPORTED_VALUE,
                        "GRPCRoute.Spec.Rules.Filters: invalid type " + GoQuote.q(filter.type())
                                + ": only RequestHeaderModifier, ResponseHeaderModifier and RequestMirror are supported.");
            }
        }

        List<Dag.Cluster> clusters = grpcClusters(ctx, route, rule.backendRefs(), parent, listener);
        if (clusters == null) {
            return Optional.empty();
        }
        long totalWeight = clusters.stream().mapToLong(Dag.Cluster::weight).sum();
        List<Dag.Route> out = new ArrayList<>();
        for (HTTPRouteRules.MatchConditions mc : matches) {
            Dag.Route.Builder b = Dag.Route.builder(mc.path(), route.ref()).headerMatches(mc.headers())
                    .priority(ruleIndex).clusters(clusters).requestHeadersPolicy(request).responseHeadersPolicy(response)
                    .mirrorPolicies(mirrors);
            if (clusters.isEmpty() || totalWeight == 0) {
                b.directResponse(new Dag.DirectResponse(500, null));
            }
            out.add(b.build());
        }
        return Optional.of(out);
    }

    /** Upstream's gatewayGRPCMethodMatchCondition: Exact {@code service} and {@code method} as the path they form. */
    static Optional<Dag.PathMatch> methodMatch(GRPCRoute.MethodMatch m, StatusRecorder.ParentEntry parent) {
        if (m == null) {
            return Optional.of(new Dag.PrefixMatch("/", Dag.PrefixType.STRING));
        }
        if (!m.type().equals("Exact")) {
            parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, HTTPRouteRules.UNSUPPORTED_VALUE,
                    "GRPCRoute.Spec.Rules.Matches.Method: Only Exact match type is supported.");
            return Optional.empty();
        }
        if (m.service().isBlank() || m.method().isBlank()) {
            parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, INVALID_METHOD_MATCH,
                    "GRPCRoute.Spec.Rules.Matches.Method: Both Service and Method need be configured.");
            return Optional.empty();
        }
        return Optional.of(new Dag.ExactMatch("/" + m.service() + "/" + m.method()));
    }

    /** Upstream's grpcClusters: the rule's valid backends, over HTTP/2; null when the rule names none. */
    private static List<Dag.Cluster> grpcClusters(BuildContext ctx, GRPCRoute route, List<GatewayApi.BackendRef> refs,
            StatusRecorder.ParentEntry parent, ListenerInfo listener) {
        if (refs.isEmpty()) {
            parent.addCondition(StatusCondition.RESOLVED_REFS, StatusCondition.FALSE, BackendRefs.DEGRADED,
                    "At least one Spec.Rules.BackendRef must be specified.");
            return null;
        }
        List<Dag.Cluster> clusters = new ArrayList<>();
        for (GatewayApi.BackendRef ref : refs) {
            BackendRefs.Result svc = BackendRefs.validate(ctx, ref, BackendRefs.RULE_FIELD, KIND, route.namespace());
            if (!svc.ok()) {
                HTTPRouteRules.report(parent, svc);
                continue;
            }
            HTTPRouteRules.BackendHeaders h = HTTPRouteRules.backendHeaders(KIND, ref, parent);
            clusters.add(BackendRefs.routeCluster(ctx, defaultProtocol(svc.service(), listener), ref.weight())
                    .headersPolicies(h.request(), h.response()).build());
        }
        return clusters;
    }

    /** Upstream's setDefaultServiceProtocol: a Service without a protocol speaks h2c behind HTTP, h2 behind HTTPS. */
    static Dag.Service defaultProtocol(Dag.Service s, ListenerInfo listener) {
        if (!s.protocol().isBlank()) {
            return s;
        }
        String protocol = switch (listener.listener().protocol()) {
            case "HTTP" -> "h2c";
            case "HTTPS" -> "h2";
            default -> "";
        };
        return new Dag.Service(s.weighted(), protocol, s.circuitBreakers(), s.externalName());
    }
}
